import Foundation

/// Finds the run an `operation:` source uses: marked first, else the latest started, among
/// runs of a matching op with a usable status (Guild's `marked_or_latest_run`).
struct UpstreamRuns {
    let store: RunStore

    static let usableStatuses: Set<RunStatus> = [.completed, .running, .terminated]

    /// A parsed `[pkg/][model:]op` reference; model and op are matched as regexes.
    struct OpPattern: Sendable {
        var package: String?
        var model: String?
        var operation: String

        init?(_ spec: String) {
            let pattern = #"^(?:(?:([^/]+)/)?([^:]+):)?([^/:]+)$"#
            guard let regex = try? NSRegularExpression(pattern: pattern),
                let m = regex.firstMatch(in: spec, range: NSRange(spec.startIndex..., in: spec))
            else { return nil }
            func group(_ i: Int) -> String? { Range(m.range(at: i), in: spec).map { String(spec[$0]) } }
            package = group(1)
            model = group(2)
            operation = group(3) ?? spec
        }

        func matches(_ opref: OpRef) -> Bool {
            if let package, opref.packageName != package { return false }
            if let model, !Self.fullMatch(model, opref.modelName) { return false }
            return Self.fullMatch(operation, opref.operationName)
        }

        /// Python's `re.match(pattern + "$", value)`.
        static func fullMatch(_ pattern: String, _ value: String) -> Bool {
            if pattern == "+" { return value == pattern }
            guard let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else { return false }
            return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }

        /// How Guild names the reference in "no suitable run for ..." (`_opref_desc`).
        var description: String {
            let modelSpec = (package.map { $0 + "/" } ?? "") + (model ?? "")
            return modelSpec.isEmpty ? operation : "\(modelSpec):\(operation)"
        }
    }

    /// The comma-separated op references of an `operation:` source.
    static func patterns(_ spec: String) throws -> [OpPattern] {
        try spec.split(separator: ",").map { part in
            let s = part.trimmingCharacters(in: .whitespaces)
            guard let p = OpPattern(s) else { throw DependencyError("inavlid operation reference '\(s)'") }
            return p
        }
    }

    /// The marked or latest matching run.
    /// - Parameters:
    ///   - prefix: a run id prefix the run must have; a full 32-character id selects that run whatever
    ///     its op and status.
    ///   - includeStaged: staged runs count too, as when flag defaults are being filled in.
    /// - Parameter accepting: passes over runs it returns false for (a `select:` source's runs
    ///   that lack the selected files).
    func markedOrLatest(
        _ patterns: [OpPattern], prefix: String?, includeStaged: Bool = false,
        accepting: ((Run, RunStatus) -> Bool)? = nil
    ) -> Run? {
        if let prefix, let run = store.run(fullId: prefix) { return run }
        if prefix?.count == 32 { return nil }
        var statuses = Self.usableStatuses
        if includeStaged { statuses.insert(.staged) }
        // A plain op name (no regex) must be the opref line's last word, which skips parsing
        // the lines of other ops.
        let plain =
            patterns.count == 1
            && patterns[0].operation.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        let matching = store.runs(idPrefix: prefix ?? "", operationName: plain ? patterns[0].operation : nil) { opref in
            patterns.contains { $0.matches(opref) }
        }
        .filter { summary in
            guard let details = summary.details, statuses.contains(details.status) else { return false }
            return accepting?(summary.run, details.status) ?? true
        }
        return (matching.first { $0.details?.isMarked == true } ?? matching.first)?.run
    }
}
