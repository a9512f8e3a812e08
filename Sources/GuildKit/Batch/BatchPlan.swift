/// Whether `guild run` makes a batch, with which optimizer, flags and trials (reference 5.1).
public struct BatchPlan: Sendable {
    public var optimizer: OptimizerKind
    /// The optimizer's flags: its defaults, the guild.yml entry's, then `-Fo` values.
    public var optimizerFlags: [String: YAMLValue]
    /// `-Fo` values only (the batch run's `user_flags`).
    public var optimizerUserFlags: [String: YAMLValue]
    public var maxTrials: Int?
    /// `loss`, or `-acc` for `--maximize acc`.
    public var objective: String
    public var randomSeed: Int
    /// The proto run's flags: lists and search spaces as given.
    public var protoFlags: [String: YAMLValue]
    /// Trials from batch files, merged into each grid trial.
    public var fileTrials: [[String: YAMLValue]]
    /// The user's `NAME=VAL` flags, which win over batch-file values.
    public var userFlags: [String: YAMLValue]
    public var request: BatchRequest

    /// The plan for `prepared`, or nil when the run is not a batch.
    /// - Throws: `GuildError` for an unknown optimizer, a bad `-Fo` flag, `--max-trials` below 1,
    ///   both `--minimize` and `--maximize`, a bad objective or `--stage-trials` with gp.
    public static func make(for prepared: PreparedRun, request: BatchRequest) throws -> BatchPlan? {
        let entries = try OptimizerEntry.entries(in: prepared.resolved.opdef)
        var entryFlags: [String: YAMLValue] = [:]
        let kind: OptimizerKind
        if let name = request.optimizer {
            if let entry = entries.first(where: { $0.name == name }) {
                kind = try OptimizerKind(named: entry.algorithm)
                entryFlags = entry.flags
            } else {
                kind = try OptimizerKind(named: name)
            }
        } else if request.optimize {
            let entry = try defaultEntry(entries, operation: prepared.resolved.opdef.name)
            kind = try OptimizerKind(named: entry?.algorithm ?? "gp")
            entryFlags = entry?.flags ?? [:]
        } else if let implied = impliedOptimizer(prepared) {
            kind = implied
        } else {
            return nil
        }
        if let max = request.maxTrials, max < 1 {
            throw GuildError("invalid value \(max) for --max-trials: a batch needs at least 1 trial")
        }
        if request.stageTrials && kind.isSequential {
            throw GuildError("operation '\(kind.displayName)' does not support --stage-trials")
        }
        let resolver = FlagResolver(flagDefs: kind.flagDefs, operationName: kind.displayName)
        let userFlags = try resolver.decodeUserFlags(request.optimizerFlagArgs)
        let optimizerFlags = try resolver.resolve(userFlags: entryFlags.merging(userFlags, uniquingKeysWith: { $1 }))
        let objective = try objective(request, opdef: prepared.resolved.opdef)
        _ = try Objective(parsing: objective)
        var protoFlags = prepared.flags
        if kind != .grid { encodeSearchFlags(&protoFlags, prepared: prepared) }
        return BatchPlan(
            optimizer: kind, optimizerFlags: optimizerFlags, optimizerUserFlags: userFlags,
            maxTrials: request.maxTrials ?? kind.defaultMaxTrials, objective: objective,
            randomSeed: request.randomSeed ?? Int(UInt32.random(in: 0...UInt32.max)), protoFlags: protoFlags,
            fileTrials: prepared.batchTrials, userFlags: prepared.userFlags, request: request)
    }

    /// The trials a grid or random batch runs, all known before the first starts.
    /// - Throws: `GuildError` for an empty grid or a bad search space.
    public func trials() throws -> [[String: YAMLValue]] {
        var rng = SeededRandom(seed: UInt64(randomSeed))
        switch optimizer {
        case .grid:
            var trials =
                fileTrials.isEmpty
                ? try TrialGrid.expand(protoFlags, using: &rng)
                : try TrialGrid.expand(trials: fileTrials, flags: protoFlags, userFlags: userFlags, using: &rng)
            if let maxTrials { trials = TrialGrid.sample(trials, count: maxTrials, using: &rng) }
            return trials
        case .random:
            do {
                return try RandomTrials.make(flags: protoFlags, count: maxTrials ?? 20, using: &rng)
            } catch let missing as MissingSearchDimension {
                throw GuildError(missing.description)
            }
        case .gp, .forest, .gbrt:
            return []
        }
    }

    private static func impliedOptimizer(_ prepared: PreparedRun) -> OptimizerKind? {
        if prepared.flags.values.contains(where: FlagValueDecoder.isFlagFunction) { return .random }
        if prepared.flags.values.contains(where: { $0.listValue != nil }) || prepared.batchTrials.count > 1 {
            return .grid
        }
        return nil
    }

    static func defaultEntry(_ entries: [OptimizerEntry], operation: String) throws -> OptimizerEntry? {
        if entries.count == 1 { return entries[0] }
        if let entry = entries.first(where: \.isDefault) { return entry }
        guard entries.isEmpty else {
            throw GuildError(
                "no default optimizer defined for \(operation)\nSpecify one of the following with '--optimizer': "
                    + entries.map(\.name).joined(separator: ", "))
        }
        return nil
    }

    private static func objective(_ request: BatchRequest, opdef: OpDef) throws -> String {
        if request.minimize != nil && request.maximize != nil {
            throw GuildError("--minimize and --maximize cannot both be used")
        }
        if let minimize = request.minimize { return minimize }
        if let maximize = request.maximize { return "-" + maximize }
        switch opdef.data["objective"] {
        case .string(let s)?: return s
        case .map(let m)?:
            if let s = m["maximize"]?.stringValue { return "-" + s }
            if let s = m["minimize"]?.stringValue { return s }
        default: break
        }
        return "loss"
    }

    /// Guild's skopt flag encoder: a flag the user did not set becomes a search dimension when
    /// guild.yml gives it choices (`[a, b]`) or a min and max (`uniform[min:max:default]`).
    private static func encodeSearchFlags(_ flags: inout [String: YAMLValue], prepared: PreparedRun) {
        for def in prepared.flagDefs where prepared.userFlags[def.name] == nil {
            if !def.choices.isEmpty {
                flags[def.name] = .list(def.choices.map(\.value))
            } else if let min = def.min, let max = def.max {
                let function = def.distribution ?? "uniform"
                var args = [min.flowEncoded(), max.flowEncoded()]
                if !def.defaultValue.isNull { args.append(def.defaultValue.flowEncoded()) }
                flags[def.name] = .string("\(function)[\(args.joined(separator: ":"))]")
            }
        }
    }
}
