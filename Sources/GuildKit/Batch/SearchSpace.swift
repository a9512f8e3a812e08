/// The flags a random or Bayesian search varies: list values and `uniform`/`loguniform`/`[a:b]`
/// functions, sorted by name (reference 5.2, skopt_util.flag_dims).
public struct SearchSpace: Sendable, Equatable {
    public var names: [String] = []
    public var dimensions: [SearchDimension] = []
    /// The third function argument (`uniform[0:1:0.5]`), used for the first trial.
    public var initial: [YAMLValue?] = []

    /// The search dimensions in `flags`; other values stay fixed.
    /// - Throws: `GuildError` for an unknown function or bad bounds, naming the flag.
    public init(flags: [String: YAMLValue]) throws {
        for name in flags.keys.sorted() {
            guard let (dimension, initial) = try Self.dimension(flags[name]!, flagName: name) else { continue }
            names.append(name)
            dimensions.append(dimension)
            self.initial.append(initial)
        }
    }

    /// The trial flags for a point in the space.
    public func trialFlags(_ point: [YAMLValue], base: [String: YAMLValue]) -> [String: YAMLValue] {
        var flags = base
        for (name, value) in zip(names, point) { flags[name] = value }
        return flags
    }

    static func dimension(_ value: YAMLValue, flagName: String) throws -> (SearchDimension, YAMLValue?)? {
        if case .list(let items) = value {
            guard !items.isEmpty else { throw GuildError("flag '\(flagName)' has an empty list of values") }
            return (.categorical(items), nil)
        }
        guard let (name, args) = FlagValueDecoder.flagFunction(value) else { return nil }
        let text = value.stringValue ?? ""
        let function = name ?? "uniform"
        guard function == "uniform" || function == "loguniform" else {
            throw GuildError("unknown function '\(function)' used for flag \(flagName)")
        }
        guard args.count == 2 || args.count == 3 else {
            throw GuildError(
                "\(function) requires 2 or 3 args, got \(args.count) for flag \(flagName) in '\(flagName)=\(text)'")
        }
        let initial = args.count == 3 ? args[2] : nil
        func invalid(_ reason: String) -> GuildError {
            GuildError("invalid function args in '\(flagName)=\(text)': \(reason)")
        }
        guard let low = args[0].doubleValue, let high = args[1].doubleValue else {
            throw invalid("bounds must be numbers")
        }
        guard low < high else {
            throw invalid(
                "the lower bound \(args[0].flowEncoded()) has to be less than the upper bound \(args[1].flowEncoded())")
        }
        if function == "loguniform" {
            guard low > 0 else { throw invalid("loguniform bounds must be greater than 0") }
            return (.real(low: low, high: high, logScale: true), initial)
        }
        if case .int(let a) = args[0], case .int(let b) = args[1] {
            return (.integer(low: a, high: b), initial)
        }
        return (.real(low: low, high: high, logScale: false), initial)
    }
}
