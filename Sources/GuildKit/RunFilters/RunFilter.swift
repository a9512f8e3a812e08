import Foundation

/// Guild's run filters, applied before RUN indexes are resolved (`guild select -Fo train` is
/// the latest train run): status (`-Sc`, `--not-error`, ...), `-Fo`, `-Fl`/`-Fu`, `-Ft`, `-Fc`,
/// `-Fm`/`-Fn`, `-Fs`, `-Fd`, and a `-F` expression.
public struct RunFilter: Sendable {
    public var operations: [String] = []
    /// Substrings of the label; `-` for unlabeled runs.
    public var labels: [String] = []
    public var unlabeled = false
    public var tags: [String] = []
    /// Case-insensitive substrings of a comment's user, host or body; `-` for none.
    public var comments: [String] = []
    public var marked = false
    public var unmarked = false
    public var started: StartedRange?
    /// A prefix of the source code digest.
    public var digest: String?
    /// Runs with any of these statuses (none: any status).
    public var statuses: Set<RunStatus> = []
    /// Runs with none of these statuses.
    public var excludedStatuses: Set<RunStatus> = []
    public var expression: FilterExpression?

    public init() {}

    public var isEmpty: Bool {
        operations.isEmpty && labels.isEmpty && !unlabeled && tags.isEmpty && comments.isEmpty && !marked
            && !unmarked && started == nil && digest == nil && statuses.isEmpty && excludedStatuses.isEmpty
            && expression == nil
    }

    /// - Throws: `GuildError` for options that cannot be used together, with Guild's messages.
    public func validate() throws {
        if !labels.isEmpty && unlabeled { throw GuildError("--label and --unlabeled cannot both be used") }
        if marked && unmarked { throw GuildError("--marked and --unmarked cannot both be used") }
    }

    /// The runs that pass, in their order.
    /// - Parameter scalars: each run's scalars, asked for the runs left when there is an
    ///   expression.
    public func apply(_ runs: [RunSummary], scalars: ([Run]) throws -> [[ScalarSummary]]) throws -> [RunSummary] {
        if isEmpty { return runs }
        let listed = zip(runs, RunStore.details(of: runs)).map { $0.withDetails($1) }
        let kept = ParallelMap.map(listed) { passesAttributes($0) ? $0 : nil }.compactMap { $0 }
        guard let expression else { return kept }
        let scalarValues = try scalars(kept.map(\.run))
        return zip(kept, scalarValues).filter { expression.matches(FilterRun(summary: $0, scalars: $1)) }.map(\.0)
    }

    private func passesAttributes(_ summary: RunSummary) -> Bool {
        guard let details = summary.details else { return false }
        if !statuses.isEmpty && !statuses.contains(details.status) { return false }
        if excludedStatuses.contains(details.status) { return false }
        if !operations.isEmpty {
            let operation = summary.operationDisplay
            guard operations.contains(where: { OperationMatch.matches($0, operation: operation) }) else { return false }
        }
        let label = details.label.trimmingCharacters(in: .whitespaces)
        if !labels.isEmpty && !labels.contains(where: { $0 == "-" ? label.isEmpty : label.contains($0) }) {
            return false
        }
        if unlabeled && !label.isEmpty { return false }
        if marked && !details.isMarked || unmarked && details.isMarked { return false }
        if !tags.isEmpty {
            let runTags = summary.attribute("tags")?.listValue ?? []
            guard tags.contains(where: { runTags.contains(.string($0)) }) else { return false }
        }
        if !comments.isEmpty {
            let text = commentText(summary)
            guard comments.contains(where: { $0 == "-" ? text.isEmpty : text.contains($0.lowercased()) }) else {
                return false
            }
        }
        if let started {
            guard let timestamp = summary.timestamp, started.contains(started: timestamp) else { return false }
        }
        if let digest, !(summary.attribute("sourcecode_digest")?.stringValue ?? "").hasPrefix(digest) { return false }
        return true
    }

    private func commentText(_ summary: RunSummary) -> String {
        let comments = summary.attribute("comments")?.listValue ?? []
        return comments.map { comment in
            let fields = comment.mapValue ?? [:]
            return ["user", "host", "body"].map { (fields[$0]?.stringValue ?? "").lowercased() }.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

/// A run as a filter expression reads it.
private struct FilterRun: FilterRunValues {
    let summary: RunSummary
    let scalars: [ScalarSummary]

    func attribute(_ name: String) -> YAMLValue? {
        if name == "label" { return summary.attribute("label") }
        let value = RunColumnValues(summary: summary, flags: [:], scalars: [], now: Date()).value(
            .attr(name: name, header: name))
        return value.isNull ? nil : value
    }

    func flag(_ name: String) -> YAMLValue? {
        summary.attribute("flags")?.mapValue?[name]
    }

    func scalar(_ key: String) -> YAMLValue? {
        let (prefix, tag) =
            key.firstIndex(of: "#").map { (String(key[..<$0]), String(key[key.index(after: $0)...])) }
            ?? ("", key)
        return scalars.first { (prefix.isEmpty || $0.prefix == prefix) && $0.tag == tag }.map { .float($0.last) }
    }
}

extension RunSummary {
    fileprivate func withDetails(_ details: RunListDetails) -> RunSummary {
        var copy = self
        copy.details = details
        return copy
    }
}
