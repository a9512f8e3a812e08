/// Runs that make a new run unnecessary for `guild run --needed`: same opref (so the same
/// guild.yml), the same flag values, and not pending or failed (Guild's `find_matching_runs`).
public enum MatchingRuns {
    public static func find(for prepared: PreparedRun, context: GuildContext) -> [RunSummary] {
        let opref = prepared.resolved.opref
        return RunStore(runsDirectory: context.runsDirectory).runs { $0 == opref }.filter { summary in
            guard let status = summary.details?.status, status != .pending, status != .error else { return false }
            return summary.run.flags == prepared.flags
        }
    }

    /// Batch runs that make a new batch unnecessary: the same optimizer and optimizer flags,
    /// not pending or failed, with a proto of the same op and flags (lists included).
    public static func find(for plan: BatchPlan, prepared: PreparedRun, context: GuildContext) -> [RunSummary] {
        let opref = plan.optimizer.opref
        let protoOpref = prepared.resolved.opref
        return RunStore(runsDirectory: context.runsDirectory).runs { $0 == opref }.filter { summary in
            guard let status = summary.details?.status, status != .pending, status != .error,
                summary.run.flags == plan.optimizerFlags, let proto = summary.run.batchProto
            else { return false }
            return proto.opref == protoOpref && proto.flags == plan.protoFlags
        }
    }
}
