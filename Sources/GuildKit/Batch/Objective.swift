import Foundation

/// What a Bayesian search minimizes: a scalar of each trial (`--minimize loss`, `--maximize
/// acc`, stored as `-acc`; reference 5.2). The scalar spec is `[first|last|min|max|avg|total|count]
/// [prefix#]tag`, `last` by default.
public struct Objective: Sendable, Equatable {
    public enum Qualifier: String, Sendable, CaseIterable { case first, last, min, max, avg, total, count }

    public var qualifier: Qualifier
    /// The event directory prefix (`val` in `val#loss`), `""` for the run's own scalars.
    public var prefix: String
    public var tag: String
    /// True for `--maximize`: values are negated so that the search always minimizes.
    public var maximize: Bool

    /// Parses the batch's `objective` attr (`loss`, `-acc`, `min val#loss`).
    /// - Throws: `GuildError` naming the objective when it is not one scalar spec.
    public init(parsing spec: String) throws {
        var text = spec.trimmingCharacters(in: .whitespaces)
        maximize = text.hasPrefix("-")
        if maximize { text.removeFirst() }
        let words = text.split(separator: " ").map(String.init)
        var name: String
        switch words.count {
        case 1:
            qualifier = .last
            name = words[0]
        case 2:
            guard let q = Qualifier(rawValue: words[0]) else {
                throw GuildError("invalid objective '\(spec)': unknown qualifier '\(words[0])'")
            }
            qualifier = q
            name = words[1]
        default:
            throw GuildError("invalid objective '\(spec)': expected [first|last|min|max|avg|total|count] SCALAR")
        }
        if let hash = name.firstIndex(of: "#") {
            prefix = String(name[..<hash])
            name = String(name[name.index(after: hash)...])
        } else {
            prefix = ""
        }
        guard !name.isEmpty else { throw GuildError("invalid objective '\(spec)': missing scalar name") }
        tag = name
    }

    /// The scalar's name as messages show it (`loss`, `val#loss`).
    public var scalarName: String { prefix.isEmpty ? tag : "\(prefix)#\(tag)" }

    /// The value to minimize for `run`, or nil when the run did not log the scalar.
    public func value(for runDirectory: URL) -> Double? {
        let summaries = RunScalars.read(runDirectory: runDirectory).summaries
        guard let summary = summaries.last(where: { $0.prefix == prefix && $0.tag == tag }) else { return nil }
        let value: Double
        switch qualifier {
        case .first: value = summary.first
        case .last: value = summary.last
        case .min: value = summary.min
        case .max: value = summary.max
        case .avg: value = summary.avg
        case .total: value = summary.total
        case .count: value = Double(summary.count)
        }
        guard value.isFinite else { return nil }
        return maximize ? -value : value
    }
}
