/// Selects runs of the Guild home by RUN arguments.
public struct RunLookup {
    public let context: GuildContext

    public init(context: GuildContext) { self.context = context }

    /// All runs, newest first; `withDetails` also reads status, label and mark, `attributes`
    /// the attrs named.
    public func all(withDetails: Bool = false, attributes: [String] = []) -> [RunSummary] {
        RunStore(runsDirectory: context.runsDirectory).allRuns(withDetails: withDetails, attributes: attributes)
    }

    /// The runs matching `specs` (default `defaultSpec`).
    public func select(_ specs: [String], defaultSpec: String = "1") throws -> [RunSummary] {
        let runs = all()
        if runs.isEmpty, specs.isEmpty { throw GuildError("no matching runs") }
        return try RunSelector.select(specs, from: runs, defaultSpec: defaultSpec)
    }

    /// The runs matching `specs`, or every run when there are none (`compare`, `select --min`).
    public func selectOrAll(_ specs: [String], withDetails: Bool = false, attributes: [String] = []) throws
        -> [RunSummary]
    {
        let runs = all(withDetails: withDetails, attributes: attributes)
        return specs.isEmpty ? runs : try RunSelector.select(specs, from: runs)
    }

    /// Exactly one run for `spec`.
    public func one(_ spec: String) throws -> Run {
        let runs = try select([spec])
        guard let first = runs.first else { throw GuildError("could not find a run matching '\(spec)'") }
        if runs.count > 1 { throw GuildError("'\(spec)' matches multiple runs") }
        return first.run
    }
}
