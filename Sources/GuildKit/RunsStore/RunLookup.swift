import Foundation

/// Selects runs of the Guild home by RUN arguments, among those passing `filter`.
public struct RunLookup {
    public let context: GuildContext
    public var filter: RunFilter
    /// Where the runs are: `GH/runs`, or another directory of runs (the trash).
    public let runsDirectory: URL

    public init(context: GuildContext, filter: RunFilter = RunFilter(), runsDirectory: URL? = nil) {
        self.context = context
        self.filter = filter
        self.runsDirectory = runsDirectory ?? context.runsDirectory
    }

    /// The store of the runs: the run index in `GH/cache` only serves `GH/runs`.
    private var store: RunStore {
        var store = RunStore(runsDirectory: runsDirectory)
        if runsDirectory.standardizedFileURL != context.runsDirectory.standardizedFileURL { store.indexedFrom = .max }
        return store
    }

    /// All runs passing the filter, newest first; `withDetails` also reads status, label and
    /// mark, `attributes` the attrs named.
    /// - Throws: when a filter expression needs scalars and they cannot be read.
    public func all(withDetails: Bool = false, attributes: [String] = []) throws -> [RunSummary] {
        try filtered(
            store.allRuns(
                withDetails: withDetails || !filter.isEmpty, attributes: attributes))
    }

    private func filtered(_ runs: [RunSummary]) throws -> [RunSummary] {
        let cache = context.cacheDirectory
        return try filter.apply(runs) { runs in
            guard let index = try? ScalarIndex(cacheDirectory: cache) else { return CompareTable.readScalars(runs) }
            return try index.summaries(for: runs)
        }
    }

    /// The runs matching `specs` (default `defaultSpec`). Id prefixes alone are resolved among
    /// the runs whose directory names start with them: one readdir, no other run read.
    public func select(_ specs: [String], defaultSpec: String = "1") throws -> [RunSummary] {
        if Self.areIdPrefixes(specs) { return try selectOrAll(specs) }
        let runs = try all()
        if runs.isEmpty, specs.isEmpty { throw GuildError("no matching runs") }
        return try RunSelector.select(specs, from: runs, defaultSpec: defaultSpec)
    }

    /// The runs matching `specs`, or every run when there are none (`compare`, `select --min`).
    public func selectOrAll(_ specs: [String], withDetails: Bool = false, attributes: [String] = []) throws
        -> [RunSummary]
    {
        if Self.areIdPrefixes(specs) {
            return try RunSelector.select(
                specs, from: withIdPrefixes(specs, withDetails: withDetails, attributes: attributes))
        }
        let runs = try all(withDetails: withDetails, attributes: attributes)
        return specs.isEmpty ? runs : try RunSelector.select(specs, from: runs)
    }

    private static func areIdPrefixes(_ specs: [String]) -> Bool {
        !specs.isEmpty && specs.allSatisfy(RunSelector.isIdPrefix)
    }

    /// The runs passing the filter whose ids start with one of `prefixes`, newest first.
    private func withIdPrefixes(_ prefixes: [String], withDetails: Bool, attributes: [String]) throws
        -> [RunSummary]
    {
        try filtered(
            store.runs(
                idPrefixes: prefixes, withDetails: withDetails || !filter.isEmpty, attributes: attributes))
    }

    /// Exactly one run for `spec`.
    public func one(_ spec: String) throws -> Run {
        try one(spec, among: try select([spec]))
    }

    /// Exactly one run for each of `first` and `second`, as `one` finds them; two id prefixes
    /// are looked up with one read of the runs directory.
    public func two(_ first: String, _ second: String) throws -> (Run, Run) {
        guard Self.areIdPrefixes([first, second]) else { return (try one(first), try one(second)) }
        let candidates = try withIdPrefixes([first, second], withDetails: false, attributes: [])
        return (
            try one(first, among: try RunSelector.select([first], from: candidates)),
            try one(second, among: try RunSelector.select([second], from: candidates))
        )
    }

    private func one(_ spec: String, among runs: [RunSummary]) throws -> Run {
        guard let first = runs.first else {
            throw GuildError("could not find a run matching '\(spec.escapedForMessage)'")
        }
        if runs.count > 1 { throw GuildError("'\(spec)' matches multiple runs") }
        return first.run
    }
}
