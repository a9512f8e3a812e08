import Foundation

/// One column of `guild compare` (reference 7.3): a flag (`=lr`, `flag:lr`), an attr (`.status`,
/// `attr:label`) or a scalar (`[scalar:][first|last|min|max|avg|total|count] KEY [step]`), each
/// optionally followed by `as HEADING`.
public enum CompareColumn: Sendable, Equatable {
    case flag(name: String, header: String)
    case attr(name: String, header: String)
    case scalar(qualifier: Objective.Qualifier, key: String, step: Bool, header: String)

    /// The column's heading; columns with the same heading are merged.
    public var header: String {
        switch self {
        case .flag(_, let header), .attr(_, let header), .scalar(_, _, _, let header): return header
        }
    }

    /// Parses a comma-separated column spec.
    /// - Throws: `GuildError` naming the part that is not a column.
    public static func parse(_ spec: String) throws -> [CompareColumn] {
        try splitOutsideQuotes(spec, on: ",").compactMap { part in
            let words = try words(part)
            guard !words.isEmpty else { return nil }
            return try column(words, text: part.trimmingCharacters(in: .whitespaces))
        }
    }

    private static func column(_ words: [String], text: String) throws -> CompareColumn {
        var words = words
        var heading: String?
        if words.count >= 3, words[words.count - 2] == "as" {
            heading = words.removeLast()
            words.removeLast()
        }
        func invalid(_ reason: String) -> GuildError { GuildError("invalid column spec '\(text)': \(reason)") }
        let first = words[0]
        if words.count == 1, first.hasPrefix("="), first.count > 1 {
            let name = String(first.dropFirst())
            return .flag(name: name, header: heading ?? name)
        }
        if words.count == 1, first.hasPrefix("."), first.count > 1 {
            let name = String(first.dropFirst())
            return .attr(name: name, header: heading ?? name)
        }
        if words.count == 1, first.hasPrefix("flag:"), first.count > 5 {
            let name = String(first.dropFirst(5))
            return .flag(name: name, header: heading ?? name)
        }
        if words.count == 1, first.hasPrefix("attr:"), first.count > 5 {
            let name = String(first.dropFirst(5))
            return .attr(name: name, header: heading ?? name)
        }
        if words[0].hasPrefix("scalar:") {
            words[0] = String(words[0].dropFirst("scalar:".count))
            if words[0].isEmpty { words.removeFirst() }
        }
        var qualifier = Objective.Qualifier.last
        if words.count > 1, let q = Objective.Qualifier(rawValue: words[0]) {
            qualifier = q
            words.removeFirst()
        }
        var step = false
        if words.count == 2, words[1] == "step" {
            step = true
            words.removeLast()
        }
        guard words.count == 1, let key = words.first, !key.isEmpty else {
            throw invalid("expected =FLAG, .ATTR or [first|last|min|max|avg|total|count] SCALAR [step] [as NAME]")
        }
        if step && ![.first, .last, .min, .max].contains(qualifier) {
            throw invalid("step is only available for first, last, min and max")
        }
        let defaultHeader = key.replacingOccurrences(of: "#", with: " ") + (step ? " step" : "")
        return .scalar(qualifier: qualifier, key: key, step: step, header: heading ?? defaultHeader)
    }

    /// Words separated by spaces; `'..'` and `".."` keep spaces.
    private static func words(_ text: String) throws -> [String] {
        try splitOutsideQuotes(text, on: " ").map { word in
            if word.count >= 2, let q = word.first, q == "'" || q == "\"", word.last == q {
                return String(word.dropFirst().dropLast())
            }
            return word
        }.filter { !$0.isEmpty }
    }

    private static func splitOutsideQuotes(_ text: String, on separator: Character) throws -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if quote != nil { throw GuildError("invalid column spec '\(text)': unterminated quote") }
        parts.append(current)
        return parts
    }
}
