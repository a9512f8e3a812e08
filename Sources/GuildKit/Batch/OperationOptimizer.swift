/// An operation of the project used as a batch's optimizer (`--optimizer OP`, or an
/// `optimizers:` entry whose `algorithm` is not one of Guild's): its run is the batch, with the
/// user's op as its `.guild/proto`, and it makes the trials itself (batch-guildfile-optimizers.md).
public struct OperationOptimizer: Sendable {
    /// The optimizer op, as an opspec.
    public var opspec: String
    /// Its flags: the guild.yml entry's, then `-Fo` values, as `NAME=VAL` arguments.
    public var flagArgs: [String]

    /// The operation optimizer `request` asks for, or nil when it names one of Guild's
    /// optimizers or asks for no optimizer.
    /// - Throws: `GuildError` when `-O` finds several entries and no default.
    public static func find(for prepared: PreparedRun, request: BatchRequest) throws -> OperationOptimizer? {
        let entries = try OptimizerEntry.entries(in: prepared.resolved.opdef)
        let entry: OptimizerEntry?
        let algorithm: String
        if let name = request.optimizer {
            entry = entries.first { $0.name == name }
            algorithm = entry?.algorithm ?? name
        } else if request.optimize {
            entry = try BatchPlan.defaultEntry(entries, operation: prepared.resolved.opdef.name)
            guard let entry else { return nil }
            algorithm = entry.algorithm
        } else {
            return nil
        }
        guard !OptimizerKind.isBuiltin(algorithm) else { return nil }
        let entryFlags = (entry?.flags ?? [:]).keys.sorted().map { "\($0)=\(entry!.flags[$0]!.flowEncoded())" }
        return OperationOptimizer(opspec: algorithm, flagArgs: entryFlags + request.optimizerFlagArgs)
    }

    /// The run request for the optimizer op: the batch's label, tags and comment are its own.
    public func request(for userRequest: RunRequest) -> RunRequest {
        var request = userRequest
        request.opspec = opspec
        request.flagArgs = flagArgs
        request.label = userRequest.batch.label
        request.tags = userRequest.batch.tags
        request.comment = userRequest.batch.comment
        request.batch = BatchRequest()
        return request
    }
}
