import Foundation

/// POSIX shell quoting and splitting with Python `shlex` semantics, as Guild uses for opref
/// and manifest lines.
public enum Shlex {
    private static let safeBytes: Set<UInt8> = {
        var set = Set<UInt8>()
        for scalar in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-".utf8 {
            set.insert(scalar)
        }
        return set
    }()

    /// Quotes `text` like Python's `shlex.quote`.
    public static func quote(_ text: String) -> String {
        if text.isEmpty { return "''" }
        if text.utf8.allSatisfy({ safeBytes.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// Splits `line` into words like Python's `shlex.split` (POSIX mode, no comments).
    /// - Throws: `ShlexError` for an unterminated quote or a trailing escape.
    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(line.unicodeScalars).makeIterator()
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'":
                inWord = true
                var closed = false
                while let q = iterator.next() {
                    if q == "'" { closed = true; break }
                    current.unicodeScalars.append(q)
                }
                if !closed { throw ShlexError(line: line, reason: "no closing quotation") }
            case "\"":
                inWord = true
                var closed = false
                while let q = iterator.next() {
                    if q == "\"" { closed = true; break }
                    if q == "\\" {
                        guard let next = iterator.next() else { break }
                        if next == "\"" || next == "\\" || next == "$" || next == "`" || next == "\n" {
                            current.unicodeScalars.append(next)
                        } else {
                            current.unicodeScalars.append(q)
                            current.unicodeScalars.append(next)
                        }
                        continue
                    }
                    current.unicodeScalars.append(q)
                }
                if !closed { throw ShlexError(line: line, reason: "no closing quotation") }
            case "\\":
                inWord = true
                guard let next = iterator.next() else {
                    throw ShlexError(line: line, reason: "no escaped character")
                }
                current.unicodeScalars.append(next)
            default:
                inWord = true
                current.unicodeScalars.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Guild's `util.shlex_quote`: `shlex.quote`, with a quoted single-quoted word written as
    /// `"'word'"` rather than `''"'"'word'"'"''`.
    public static func guildQuote(_ text: String) -> String {
        let quoted = quote(text)
        let start = "''\"'\"'"
        let end = "'\"'\"''"
        guard quoted.count >= start.count + end.count, quoted.hasPrefix(start), quoted.hasSuffix(end) else { return quoted }
        return "\"'" + quoted.dropFirst(start.count).dropLast(end.count) + "'\""
    }

    /// Joins words, each quoted, with single spaces (Python's `shlex.join`).
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }
}

/// A line that `Shlex.split` cannot parse.
public struct ShlexError: Error, CustomStringConvertible {
    public let line: String
    public let reason: String
    public var description: String { "cannot parse '\(line)': \(reason)" }
}
