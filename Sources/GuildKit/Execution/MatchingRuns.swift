/// Runs that make a new run unnecessary for `guild run --needed`: same opref (so the same
/// guild.yml), the same flag values, and not pending or failed (Guild's `find_matching_runs`).
public enum MatchingRuns {
    public static func find(for prepared: PreparedRun, context: GuildContext) -> [RunSummary] {
        let opref = prepared.resolved.opref
        let candidates = RunStore(runsDirectory: context.runsDirectory).allRuns().filter { $0.opref == opref }
        return zip(candidates, RunStore.details(of: candidates)).compactMap { summary, details in
            guard details.status != .pending, details.status != .error, summary.run.flags == prepared.flags else {
                return nil
            }
            var withDetails = summary
            withDetails.details = details
            return withDetails
        }
    }
}
