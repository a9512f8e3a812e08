import Foundation

/// `guild run --restart BATCH`: the batch runs again in its own directory, its trials made anew
/// from its proto's flags (with the user's flags over them), under the same optimizer, trial
/// count, seed and `--keep-batch` unless given again (batch-restart.md).
public enum BatchRestart {
    /// The batch run `request.restart` names, or nil when it names another run.
    public static func batch(for request: RunRequest, context: GuildContext) throws -> Run? {
        guard let spec = request.restart else { return nil }
        let run = try RunPreparer.run(forSpec: spec, context: context)
        guard run.opref?.packageType == "builtin", run.batchProto != nil else { return nil }
        return run
    }

    /// The request that reruns `batch`: its proto as `--proto`, in its own directory.
    /// - Throws: `GuildError` when the batch is still running.
    public static func request(_ request: RunRequest, batch: Run) throws -> RunRequest {
        if batch.status == .running { throw GuildError("run \(batch.id) is still running") }
        let params = batch.attribute("run_params")?.mapValue ?? [:]
        var out = request
        out.restart = nil
        out.proto = batch.protoDirectory.path
        out.runId = batch.id
        out.runDirectory = batch.directory.path
        if out.batch.optimizer == nil, let name = batch.opref?.operationName { out.batch.optimizer = name }
        if out.batch.maxTrials == nil { out.batch.maxTrials = batch.attribute("max_trials")?.intValue }
        if out.batch.randomSeed == nil { out.batch.randomSeed = batch.attribute("random_seed")?.intValue }
        if out.batch.optimizerFlagArgs.isEmpty {
            let flags = batch.attribute("user_flags")?.mapValue ?? [:]
            out.batch.optimizerFlagArgs = flags.keys.sorted().map { "\($0)=\(flags[$0]!.flowEncoded())" }
        }
        out.batch.keepBatch = out.batch.keepBatch || params["keep_batch"] == .bool(true)
        out.runParams = params
        return out
    }
}
