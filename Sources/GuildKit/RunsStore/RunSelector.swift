/// Resolves RUN arguments (index, range, id prefix) against a listing (reference 7.1).
public enum RunSelector {
    /// The runs selected by `specs`; with no specs, `defaultSpec` is used (`"1"` or `":"`).
    /// - Throws: `GuildError` for no match or an ambiguous prefix, with Guild's messages.
    public static func select(_ specs: [String], from runs: [RunSummary], defaultSpec: String = "1") throws
        -> [RunSummary]
    {
        let specs = specs.isEmpty ? [defaultSpec] : specs
        var selected: [RunSummary] = []
        var seen = Set<String>()
        for spec in specs {
            for run in try selectOne(spec, from: runs) where seen.insert(run.run.id).inserted {
                selected.append(run)
            }
        }
        return selected
    }

    private static func selectOne(_ spec: String, from runs: [RunSummary]) throws -> [RunSummary] {
        if let range = parseRange(spec) {
            let lower = max(range.lower ?? 1, 1)
            let upper = min(range.upper ?? runs.count, runs.count)
            return lower <= upper ? Array(runs[(lower - 1)..<upper]) : []
        }
        if let index = Int(spec), index >= 1, index <= runs.count {
            return [runs[index - 1]]
        }
        let matches = runs.filter { $0.run.id.hasPrefix(spec) }
        if matches.isEmpty {
            throw GuildError(
                "could not find a run matching '\(spec.escapedForMessage)'\nTry 'guild runs list' for a list.")
        }
        if matches.count > 1 {
            let ids = matches.map { "  \($0.run.shortId)" }.joined(separator: "\n")
            throw GuildError("'\(spec)' matches multiple runs:\n\(ids)")
        }
        return matches
    }

    /// Whether `spec` can only be an id prefix: neither an index nor a range, so it selects the
    /// same runs whatever the other runs are.
    public static func isIdPrefix(_ spec: String) -> Bool {
        !spec.isEmpty && Int(spec) == nil && parseRange(spec) == nil
    }

    /// `A:B`, `A:`, `:B` or `:` at the start of the text.
    private static func parseRange(_ spec: String) -> (lower: Int?, upper: Int?)? {
        guard let colon = spec.firstIndex(of: ":") else { return nil }
        let left = spec[..<colon]
        let right = spec[spec.index(after: colon)...]
        guard left.allSatisfy(\.isNumber), right.allSatisfy(\.isNumber) else { return nil }
        return (Int(left), Int(right))
    }
}
