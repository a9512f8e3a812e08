/// A `-F/--filter` expression (`batch-size = 100 and loss < 0.8`), parsed with the grammar of
/// Guild AI's filter module: tests `REF op TERM`, `REF [not] in [..]`, `REF [not] contains TERM`,
/// `REF is [not] TERM`, joined by `and`/`or` (one precedence, grouping to the right: `a and b
/// or c` is `a and (b or c)`), `not`, and parentheses.
public indirect enum FilterExpression: Sendable, Equatable {
    case term(FilterTerm)
    case test(reference: String, FilterComparison, FilterTerm)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)

    /// Parses `text`.
    /// - Throws: `GuildError` with Guild's message (`syntax error in filter at position 4:
    ///   unexpected token 'and'`).
    public init(parsing text: String) throws {
        var parser = FilterParser(tokens: try FilterLexer.tokens(text))
        self = try parser.expression()
        if let extra = parser.peek { throw parser.unexpected(extra) }
    }
}

/// A value in a filter expression: YAML-decoded numbers and quoted strings, bare words as text,
/// `true`, `false`, `undefined` (none), and `[a, b]` lists.
public indirect enum FilterTerm: Sendable, Equatable {
    case value(YAMLValue)
    case list([FilterTerm])
}

public enum FilterComparison: Sendable, Equatable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, isIn, notIn, contains, notContains
}

struct FilterToken: Equatable {
    enum Kind: Equatable {
        case word(String), number(YAMLValue), string(YAMLValue)
        case and, or, `in`, not, `true`, `false`, `is`, undefined, contains
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case openParen, closeParen, openBracket, closeBracket, comma
    }
    var kind: Kind
    /// The 0-based offset in the expression, as Guild reports it.
    var position: Int
    var text: String
}

/// Guild's filter tokens: operators, `[a-zA-Z][^ ,<>!=\n()[\]]*` words (reserved words in any
/// case), numbers, and quoted strings.
enum FilterLexer {
    private static let reserved: [String: FilterToken.Kind] = [
        "and": .and, "or": .or, "in": .in, "not": .not, "true": .true, "false": .false, "is": .is,
        "undefined": .undefined, "contains": .contains,
    ]

    static func tokens(_ text: String) throws -> [FilterToken] {
        let chars = Array(text.unicodeScalars)
        var tokens: [FilterToken] = []
        var i = 0
        func string(_ start: Int, _ end: Int) -> String {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: chars[start..<end])
            return String(s)
        }
        func add(_ kind: FilterToken.Kind, _ start: Int, _ end: Int) {
            tokens.append(FilterToken(kind: kind, position: start, text: string(start, end)))
            i = end
        }
        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case " ", "\t", "\n": i += 1
            case "(": add(.openParen, i, i + 1)
            case ")": add(.closeParen, i, i + 1)
            case "[": add(.openBracket, i, i + 1)
            case "]": add(.closeBracket, i, i + 1)
            case ",": add(.comma, i, i + 1)
            case "<" where next == ">", "!" where next == "=": add(.notEqual, i, i + 2)
            case "=": add(.equal, i, i + 1)
            case "<": next == "=" ? add(.lessOrEqual, i, i + 2) : add(.less, i, i + 1)
            case ">": next == "=" ? add(.greaterOrEqual, i, i + 2) : add(.greater, i, i + 1)
            case "a"..."z", "A"..."Z":
                var end = i + 1
                while end < chars.count, !" ,<>!=\n()[]".unicodeScalars.contains(chars[end]) { end += 1 }
                let word = string(i, end)
                add(reserved[word.lowercased()] ?? .word(word), i, end)
            case "\"", "'":
                guard let end = quotedEnd(chars, from: i) else { throw unexpectedCharacter(c, at: i) }
                let literal = string(i, end)
                add(.string((try? YAMLValue.load(literal)) ?? .string(literal)), i, end)
            default:
                guard let end = numberEnd(chars, from: i) else { throw unexpectedCharacter(c, at: i) }
                let literal = string(i, end)
                add(.number((try? YAMLValue.load(literal)) ?? .string(literal)), i, end)
            }
        }
        return tokens
    }

    private static func unexpectedCharacter(_ c: Unicode.Scalar, at position: Int) -> GuildError {
        GuildError("syntax error in filter at position \(position): unexpected character '\(c)'")
    }

    /// The end of a quoted string starting at `start` (backslash escapes, no line breaks).
    private static func quotedEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        let quote = chars[start]
        var i = start + 1
        while i < chars.count {
            switch chars[i] {
            case quote: return i + 1
            case "\n": return nil
            case "\\": i += 2
            default: i += 1
            }
        }
        return nil
    }

    /// The end of `-?\.?\d+(\.\d+)?(e[+-]?\d+)?` starting at `start`.
    private static func numberEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        func digits() -> Bool {
            let from = i
            while i < chars.count, ("0"..."9").contains(chars[i]) { i += 1 }
            return i > from
        }
        if i < chars.count, chars[i] == "-" { i += 1 }
        if i < chars.count, chars[i] == "." { i += 1 }
        guard digits() else { return nil }
        let beforeFraction = i
        if i < chars.count, chars[i] == "." {
            i += 1
            if !digits() { i = beforeFraction }
        }
        let beforeExponent = i
        if i < chars.count, chars[i] == "e" {
            i += 1
            if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
            if !digits() { i = beforeExponent }
        }
        return i
    }
}

/// Recursive descent over the tokens, giving the trees Guild's LALR grammar gives.
struct FilterParser {
    let tokens: [FilterToken]
    var index = 0

    var peek: FilterToken? { index < tokens.count ? tokens[index] : nil }

    mutating func expression() throws -> FilterExpression {
        let left = try unary()
        switch peek?.kind {
        case .and?:
            index += 1
            return .and(left, try expression())
        case .or?:
            index += 1
            return .or(left, try expression())
        default: return left
        }
    }

    private mutating func unary() throws -> FilterExpression {
        guard let token = peek else { throw endOfExpression() }
        switch token.kind {
        case .not:
            index += 1
            return .not(try unary())
        case .openParen:
            index += 1
            let inner = try expression()
            guard peek?.kind == .closeParen else { throw peek.map(unexpected) ?? endOfExpression() }
            index += 1
            return inner
        case .word(let reference):
            if let comparison = try comparison() {
                return .test(reference: reference, comparison, try testTerm(comparison))
            }
            index += 1
            return .term(.value(.string(reference)))
        default:
            return .term(try term())
        }
    }

    /// The comparison after a word, consuming it; nil when the word stands alone.
    private mutating func comparison() throws -> FilterComparison? {
        guard index + 1 < tokens.count else { return nil }
        let next = tokens[index + 1].kind
        let simple: [FilterToken.Kind: FilterComparison] = [
            .equal: .equal, .notEqual: .notEqual, .less: .less, .lessOrEqual: .lessOrEqual, .greater: .greater,
            .greaterOrEqual: .greaterOrEqual, .in: .isIn, .contains: .contains,
        ]
        if let comparison = simple[next] {
            index += 2
            return comparison
        }
        switch next {
        case .is:
            index += 2
            if peek?.kind == .not {
                index += 1
                return .notEqual
            }
            return .equal
        case .not:
            index += 2
            guard let after = peek else { throw endOfExpression() }
            index += 1
            switch after.kind {
            case .in: return .notIn
            case .contains: return .notContains
            default: throw unexpected(after)
            }
        default: return nil
        }
    }

    private mutating func testTerm(_ comparison: FilterComparison) throws -> FilterTerm {
        if comparison == .isIn || comparison == .notIn {
            guard let token = peek else { throw endOfExpression() }
            guard token.kind == .openBracket else { throw unexpected(token) }
        }
        return try term()
    }

    private mutating func term() throws -> FilterTerm {
        guard let token = peek else { throw endOfExpression() }
        index += 1
        switch token.kind {
        case .number(let v), .string(let v): return .value(v)
        case .word(let w): return .value(.string(w))
        case .true: return .value(.bool(true))
        case .false: return .value(.bool(false))
        case .undefined: return .value(.null)
        case .openBracket:
            var items = [try term()]
            while peek?.kind == .comma {
                index += 1
                items.append(try term())
            }
            guard let close = peek else { throw endOfExpression() }
            guard close.kind == .closeBracket else { throw unexpected(close) }
            index += 1
            return .list(items)
        default: throw unexpected(token)
        }
    }

    func unexpected(_ token: FilterToken) -> GuildError {
        let shown: String
        switch token.kind {
        case .number(let v), .string(let v): shown = pyRepr(v)
        default: shown = pyRepr(token.text)
        }
        return GuildError("syntax error in filter at position \(token.position): unexpected token \(shown)")
    }

    private func endOfExpression() -> GuildError {
        GuildError("syntax error in filter - unexpected end of expresion")
    }
}

extension FilterToken.Kind: Hashable {}
