/// The batch operations: Guild's `+` grid, `random` search, and the sequential optimizers:
/// `gp` (Bayesian, a Gaussian-process surrogate), `forest` (extra trees) and `gbrt`
/// (gradient-boosted trees) (reference 5.1).
public enum OptimizerKind: String, Sendable, CaseIterable {
    case grid = "+"
    case random
    case gp
    case forest
    case gbrt

    /// The optimizer a `--optimizer` name or guild.yml `algorithm` names.
    /// - Throws: `GuildError` for a name Guild AI knows but we do not run, or an unknown one.
    public init(named name: String) throws {
        switch name {
        case "+": self = .grid
        case "random", "skopt:random": self = .random
        case "gp", "skopt:gp", "bayesian", "gaussian": self = .gp
        case "forest", "skopt:forest": self = .forest
        case "gbrt", "skopt:gbrt": self = .gbrt
        default:
            throw GuildError(
                "unknown optimizer '\(name)': supported optimizers are +, random, gp (bayesian), forest and gbrt")
        }
    }

    /// The batch run's opref, as Guild AI 0.9.0 writes it.
    public var opref: OpRef {
        OpRef(
            packageType: "builtin", packageName: "guildai", packageVersion: "0.9.0",
            modelName: self == .grid ? "" : "skopt", operationName: rawValue)
    }

    /// The Python module Guild AI runs the batch with, as `--print-cmd` shows it.
    public var mainModule: String {
        switch self {
        case .grid: "guild.batch_main"
        case .random: "guild.plugins.random_main"
        case .gp: "guild.plugins.skopt_gp_main"
        case .forest: "guild.plugins.skopt_forest_main"
        case .gbrt: "guild.plugins.skopt_gbrt_main"
        }
    }

    /// Trials when `--max-trials` is not given: all of a grid, 20 for a search.
    public var defaultMaxTrials: Int? { self == .grid ? nil : 20 }

    /// `delete-on-success`: grid and random batch runs go to the trash once done (`--keep-batch` keeps them).
    public var deletesOnSuccess: Bool { !isSequential }

    /// Each trial's flags come from the results of the ones before (gp, forest, gbrt).
    public var isSequential: Bool { self == .gp || self == .forest || self == .gbrt }

    /// The flags the optimizer accepts (`-Fo NAME=VAL`, guild.yml optimizer entries).
    public var flagDefs: [FlagDef] {
        guard isSequential else { return [] }
        func def(_ name: String, _ value: YAMLValue, _ type: FlagType?, choices: [String] = []) -> FlagDef {
            var flag = FlagDef(name: name)
            flag.defaultValue = value
            flag.type = type
            flag.choices = choices.map { FlagChoice(value: .string($0)) }
            return flag
        }
        let common = [
            def("kappa", .float(1.96), .float),
            def("prev-trials", .string("batch"), nil, choices: ["batch", "sourcecode", "operation"]),
            def("random-starts", .int(3), .int),
            def("xi", .float(0.05), .float),
        ]
        guard self == .gp else { return common }
        return [
            def("acq-func", .string("gp_hedge"), nil, choices: ["LCB", "EI", "PI", "gp_hedge", "EIps", "PIps"]),
            def("noise", .string("gaussian"), nil),
        ] + common
    }

    /// The name used in messages and `guild runs` (`train+`, `train+skopt:gp`).
    public var displayName: String { opref.operationDisplay }
}

extension OptimizerKind {
    /// Whether `name` is one of Guild AI's optimizers (ours or not), rather than an operation.
    public static func isBuiltin(_ name: String) -> Bool {
        ["+", "random", "skopt:random", "gp", "skopt:gp", "bayesian", "gaussian", "forest", "skopt:forest", "gbrt",
         "skopt:gbrt"].contains(name)
    }
}

/// An optimizer named in guild.yml (`optimizer:` or `optimizers:`), with its flags.
public struct OptimizerEntry: Sendable, Equatable {
    public var name: String
    public var algorithm: String
    public var isDefault: Bool
    public var flags: [String: YAMLValue]

    /// The op's optimizer entries, sorted by name, as Guild AI reads them.
    /// - Throws: `GuildError` when both keys are given or an entry is malformed.
    public static func entries(in opdef: OpDef) throws -> [OptimizerEntry] {
        let data = opdef.data
        if data["optimizer"] != nil && data["optimizers"] != nil {
            throw GuildError(
                "conflicting optimizer configuration in operation '\(opdef.name)' - cannot define both 'optimizer' and 'optimizers'"
            )
        }
        var items: [String: YAMLValue] = [:]
        switch data["optimizers"] ?? .null {
        case .list(let names): for name in names { items[name.stringValue ?? name.flowEncoded()] = .map([:]) }
        case .map(let map): items = map
        case .null:
            if let single = data["optimizer"], !single.isNull {
                let entry = coerce(single)
                guard let algorithm = entry["algorithm"]?.stringValue else {
                    throw GuildError("missing required 'algorithm' attribute in optimizer of operation '\(opdef.name)'")
                }
                items[algorithm] = .map(entry)
            }
        default:
            throw GuildError("invalid optimizer config for operation '\(opdef.name)': expected list or mapping")
        }
        return items.keys.sorted().map { name in
            var entry = coerce(items[name]!)
            let algorithm = entry.removeValue(forKey: "algorithm")?.stringValue ?? name
            let isDefault = entry.removeValue(forKey: "default")?.boolValue ?? false
            return OptimizerEntry(name: name, algorithm: algorithm, isDefault: isDefault, flags: entry)
        }
    }

    private static func coerce(_ value: YAMLValue) -> [String: YAMLValue] {
        if case .string(let s) = value { return ["algorithm": .string(s)] }
        return value.mapValue ?? [:]
    }
}
