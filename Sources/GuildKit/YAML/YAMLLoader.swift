import Foundation
import Yams

/// A YAML document that could not be loaded.
public struct YAMLLoadError: Error, CustomStringConvertible, Sendable {
    /// The 1-based line of the problem, when known.
    public var line: Int?
    /// What went wrong.
    public var message: String

    /// Creates an error for a problem at an optional line.
    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// The message, prefixed with the line number when known.
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

extension YAMLValue {
    /// Loads a YAML document with PyYAML `safe_load` rules plus Guild's float patch.
    public static func load(_ text: String) throws -> YAMLValue {
        let node: Node?
        do {
            // Scalars are resolved here, as PyYAML resolves them; Yams' default resolver would
            // compile a dozen regular expressions first (a millisecond of every `guild run`).
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw YAMLLoadError(error)
        }
        guard let node else { return .null }
        // Aliases are shared nodes; expanded, a few nested ones ("billion laughs") would take
        // every byte of memory. A real document has far fewer values than bytes.
        var budget = 1_000_000 + 10 * text.utf8.count
        return try value(of: node, budget: &budget)
    }

    /// Loads the single-scalar documents Guild writes for attrs without a parser; nil when unsure.
    public static func loadScalarFast(_ text: String) -> YAMLValue? {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.isEmpty { return .null }
        if bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F }) { return nil }
        let quote = UInt8(ascii: "'")
        if bytes[0] == quote {
            guard bytes.count >= 2, bytes[bytes.count - 1] == quote else { return nil }
            var result: [UInt8] = []
            var i = 1
            let end = bytes.count - 1
            while i < end {
                if bytes[i] == quote {
                    guard i + 1 < end, bytes[i + 1] == quote else { return nil }
                    i += 1
                }
                result.append(bytes[i])
                i += 1
            }
            return .string(String(decoding: result, as: UTF8.self))
        }
        if "\"#,[]{}&*!|>%@`?:".utf8.contains(bytes[0]) { return nil }
        if bytes[0] == UInt8(ascii: "-") && (bytes.count == 1 || bytes[1] == UInt8(ascii: " ")) { return nil }
        if bytes[0] == UInt8(ascii: " ") || bytes[bytes.count - 1] == UInt8(ascii: " ") { return nil }
        if bytes[bytes.count - 1] == UInt8(ascii: ":") { return nil }
        for i in 1..<bytes.count where bytes[i] == UInt8(ascii: " ") {
            let prev = bytes[i - 1], next = bytes[i + 1]
            if prev == UInt8(ascii: ":") || next == UInt8(ascii: "#") { return nil }
        }
        if bytes.starts(with: "---".utf8) || bytes.starts(with: "...".utf8) { return nil }
        return try? PyYAMLResolver.construct(plain: String(decoding: bytes, as: UTF8.self))
    }

    /// Loads a flat block mapping of scalars (`lr: 0.1` lines, as Guild writes `flags`) without a
    /// parser; nil when unsure, for the full loader to decide. Reading the flags of thousands of
    /// runs (`guild compare`) spends most of its time in the parser otherwise.
    public static func loadFlatMappingFast(_ text: String) -> YAMLValue? {
        if text == "{}\n" || text == "{}" { return .map([:]) }
        var map: [String: YAMLValue] = [:]
        for lineBytes in text.utf8.split(separator: 0x0A) {
            let line = Substring(lineBytes)
            guard let colon = lineBytes.firstIndex(of: 0x3A), lineBytes.index(after: colon) < lineBytes.endIndex,
                lineBytes[lineBytes.index(after: colon)] == 0x20
            else { return nil }
            var key = String(line[..<colon])
            if key.hasPrefix("'") {
                guard key.count >= 2, key.hasSuffix("'"), !key.dropFirst().dropLast().contains("'") else { return nil }
                key = String(key.dropFirst().dropLast())
            } else {
                guard !key.isEmpty,
                    key.utf8.allSatisfy({ c in
                        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                            || c == 0x5F || c == 0x2D || c == 0x2E || c == 0x2F
                    }), PyYAMLResolver.resolvesToString(key, strict: false)
                else { return nil }
            }
            let valueText = line[lineBytes.index(colon, offsetBy: 2)...]
            guard map[key] == nil, !valueText.isEmpty, valueText.first != "{", valueText.first != "[",
                let value = commonPlainScalar(valueText) ?? loadScalarFast(String(valueText))
            else { return nil }
            map[key] = value
        }
        return .map(map)
    }

    /// The plain scalars flags hold most (`12`, `-0.5`, `adam`) read without the resolver's
    /// string work; nil for anything else.
    static func commonPlainScalar(_ text: Substring) -> YAMLValue? {
        let bytes = text.utf8
        guard let first = bytes.first else { return nil }
        let isDigit = { (c: UInt8) in c >= 0x30 && c <= 0x39 }
        let isLetter = { (c: UInt8) in (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }
        if isLetter(first) {
            guard bytes.allSatisfy({ isLetter($0) || isDigit($0) || $0 == 0x5F }) else { return nil }
            let word = String(text)
            return PyYAMLResolver.resolve(word) == .str ? .string(word) : nil
        }
        let digits = first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        guard let lead = digits.first, isDigit(lead), digits.count < 18 else { return nil }
        if let dot = digits.firstIndex(of: UInt8(ascii: ".")) {
            let whole = digits[..<dot]
            let fraction = digits[digits.index(after: dot)...]
            guard whole.allSatisfy(isDigit), !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return nil }
            return Double(text).map(YAMLValue.float)
        }
        guard digits.allSatisfy(isDigit), lead != 0x30 || digits.count == 1 else { return nil }
        return Int(text).map(YAMLValue.int)
    }

    private static func value(of node: Node, budget: inout Int) throws -> YAMLValue {
        budget -= 1
        if budget < 0 {
            throw YAMLLoadError(
                line: node.mark?.line, message: "the document expands to too many values (aliases nested too deep?)")
        }
        switch node {
        case .scalar(let s):
            let tag = s.tag.description
            if tag.isEmpty {
                if s.style == .plain || s.style == .any {
                    return try PyYAMLResolver.construct(plain: s.string, line: s.mark?.line)
                }
                return .string(s.string)
            }
            return try PyYAMLResolver.construct(s.string, tag: tag, line: s.mark?.line)
        case .sequence(let seq):
            return .list(try seq.map { try value(of: $0, budget: &budget) })
        case .mapping(let mapping):
            var own: [String: YAMLValue] = [:]
            var merged: [String: YAMLValue] = [:]
            for (k, v) in mapping {
                // Yams tags each key as it checks for duplicates: with the basic resolver, a plain
                // `<<` is then `str`.
                if case .scalar(let ks) = k, ks.string == "<<", ks.style == .plain || ks.style == .any,
                    ["", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:str"].contains(ks.tag.description)
                {
                    let sources: [Node] = v.sequence.map { Array($0) } ?? [v]
                    for source in sources {
                        guard case .map(let m) = try value(of: source, budget: &budget) else {
                            throw YAMLLoadError(line: v.mark?.line, message: "expected a mapping for merging")
                        }
                        for (mk, mv) in m where merged[mk] == nil { merged[mk] = mv }
                    }
                    continue
                }
                own[try key(of: k)] = try value(of: v, budget: &budget)
            }
            return .map(merged.merging(own) { _, new in new })
        case .alias(let a):
            throw YAMLLoadError(line: a.mark?.line, message: "found unexpected alias")
        }
    }

    private static func key(of node: Node) throws -> String {
        guard case .scalar(let s) = node else {
            throw YAMLLoadError(line: node.mark?.line, message: "found unhashable key")
        }
        return s.string
    }
}

extension YAMLLoadError {
    fileprivate init(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            self.init(line: mark.line, message: prefix + problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(line: context.mark.line, message: "duplicated mapping key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            self.init(line: nil, message: problem)
        default:
            self.init(line: nil, message: "\(error)")
        }
    }
}

/// PyYAML's YAML 1.1 implicit resolver and safe constructor, with Guild's float patch.
enum PyYAMLResolver {
    enum Kind { case str, bool, int, float, null, timestamp, merge, value, yaml }

    private static let bools: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// True when a plain scalar with this text would load as a string.
    static func resolvesToString(_ s: String, strict: Bool) -> Bool {
        resolve(s, strict: strict) == .str
    }

    /// The implicit tag PyYAML gives a plain scalar.
    static func resolve(_ s: String, strict: Bool = false) -> Kind {
        guard let first = s.utf8.first else { return .null }
        let single = s.utf8.count == 1
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"):
            if bools.contains(s) { return .bool }
            if s == "null" || s == "Null" || s == "NULL" { return .null }
            if strict && single && "yYnN".utf8.contains(first) { return .bool }
            return .str
        case UInt8(ascii: "~"): return single ? .null : .str
        case UInt8(ascii: "<"): return s == "<<" ? .merge : .str
        case UInt8(ascii: "="): return s == "=" ? .value : .str
        case UInt8(ascii: "!"), UInt8(ascii: "&"), UInt8(ascii: "*"): return single ? .yaml : .str
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let b = Array(s.utf8)
            if isFloat(b) { return .float }
            if isInt(b) { return .int }
            if isTimestamp(b) { return .timestamp }
            return .str
        default: return .str
        }
    }

    /// Constructs the value of a plain (untagged) scalar.
    static func construct(plain s: String, line: Int? = nil) throws -> YAMLValue {
        switch resolve(s) {
        case .bool: return .bool(boolValue(s)!)
        case .null: return .null
        case .int: return try intValue(s, line: line)
        case .float: return try floatValue(s, line: line)
        case .merge, .value:
            throw YAMLLoadError(
                line: line, message: "could not determine a constructor for the tag '\(s == "=" ? "value" : "merge")'")
        default: return .string(s)
        }
    }

    /// Constructs a scalar with an explicit tag.
    static func construct(_ s: String, tag: String, line: Int?) throws -> YAMLValue {
        switch tag {
        case "tag:yaml.org,2002:str", "!": return .string(s)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool":
            guard let b = boolValue(s) else { throw YAMLLoadError(line: line, message: "invalid bool value '\(s)'") }
            return .bool(b)
        case "tag:yaml.org,2002:int": return try intValue(s, line: line)
        case "tag:yaml.org,2002:float": return try floatValue(s, line: line)
        case "tag:yaml.org,2002:timestamp": return .string(s)
        default:
            throw YAMLLoadError(line: line, message: "could not determine a constructor for the tag '\(tag)'")
        }
    }

    private static func boolValue(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "yes", "true", "on": return true
        case "no", "false", "off": return false
        default: return nil
        }
    }

    private static func splitSign(_ s: String) -> (Int, Substring) {
        var v = Substring(s.replacingOccurrences(of: "_", with: ""))
        var sign = 1
        if v.first == "-" { sign = -1 }
        if v.first == "-" || v.first == "+" { v = v.dropFirst() }
        return (sign, v)
    }

    private static func intValue(_ s: String, line: Int?) throws -> YAMLValue {
        let (sign, v) = splitSign(s)
        var result: Int?
        if v == "0" {
            result = 0
        } else if v.hasPrefix("0b") {
            result = Int(v.dropFirst(2), radix: 2)
        } else if v.hasPrefix("0x") {
            result = Int(v.dropFirst(2), radix: 16)
        } else if v.first == "0" {
            result = Int(v, radix: 8)
        } else if v.contains(":") {
            var total = 0
            for part in v.split(separator: ":", omittingEmptySubsequences: false) {
                guard let d = Int(part) else { total = -1; break }
                total = total * 60 + d
            }
            result = total >= 0 ? total : nil
        } else {
            result = Int(v)
        }
        if let result { return .int(sign * result) }
        // A decimal int past Int64 keeps its digits (Python's ints have no limit, so Guild passes
        // them as written); a float would round them, or read a 400-digit value as inf.
        if !v.isEmpty, v.allSatisfy(\.isASCII), v.allSatisfy(\.isNumber) {
            return .string((sign < 0 ? "-" : "") + v)
        }
        throw YAMLLoadError(line: line, message: "invalid int value '\(s)'")
    }

    private static func floatValue(_ s: String, line: Int?) throws -> YAMLValue {
        let (sign, v) = splitSign(s.lowercased())
        if v == ".inf" { return .float(Double(sign) * .infinity) }
        if v == ".nan" { return .float(.nan) }
        if v.contains(":") {
            var total = 0.0
            for part in v.split(separator: ":", omittingEmptySubsequences: false) {
                guard let d = pyFloat(String(part)) else {
                    throw YAMLLoadError(line: line, message: "invalid float value '\(s)'")
                }
                total = total * 60 + d
            }
            return .float(Double(sign) * total)
        }
        guard let d = pyFloat(String(v)) else { throw YAMLLoadError(line: line, message: "invalid float value '\(s)'") }
        return .float(Double(sign) * d)
    }

    /// Python `float()` of a decimal literal without underscores or whitespace.
    static func pyFloat(_ s: String) -> Double? {
        var sawDigit = false, sawDot = false, sawExp = false
        let b = Array(s.utf8)
        var i = 0
        if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
        while i < b.count {
            let c = b[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                sawDigit = true
            } else if c == UInt8(ascii: ".") && !sawDot && !sawExp {
                sawDot = true
            } else if (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && sawDigit && !sawExp {
                sawExp = true
                if i + 1 < b.count && (b[i + 1] == UInt8(ascii: "+") || b[i + 1] == UInt8(ascii: "-")) { i += 1 }
                guard i + 1 < b.count else { return nil }
            } else {
                return nil
            }
            i += 1
        }
        guard sawDigit else { return nil }
        return Double(s)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private struct Scanner {
        let b: [UInt8]
        var i = 0
        var atEnd: Bool { i == b.count }
        mutating func take(_ pred: (UInt8) -> Bool) -> Bool {
            if i < b.count && pred(b[i]) { i += 1; return true }
            return false
        }
        mutating func take(_ c: Character) -> Bool { take { $0 == c.asciiValue! } }
        mutating func takeAll(_ pred: (UInt8) -> Bool) -> Int {
            var n = 0
            while take(pred) { n += 1 }
            return n
        }
        mutating func sign() { _ = take { $0 == 0x2B || $0 == 0x2D } }
        mutating func literal(_ s: String) -> Bool {
            let l = Array(s.utf8)
            if b.count - i >= l.count && Array(b[i..<i + l.count]) == l { i += l.count; return true }
            return false
        }
    }

    private static func digitOrUnderscore(_ c: UInt8) -> Bool { isDigit(c) || c == 0x5F }

    private static func sexagesimalTail(_ sc: inout Scanner) -> Bool {
        var count = 0
        while sc.take(":") {
            let save = sc.i
            if sc.take({ $0 >= 0x30 && $0 <= 0x35 }) && sc.take(isDigit) {
            } else {
                sc.i = save
                guard sc.take(isDigit) else { return false }
            }
            count += 1
        }
        return count > 0
    }

    private static func matches(_ b: [UInt8], _ body: (inout Scanner) -> Bool) -> Bool {
        var sc = Scanner(b: b)
        return body(&sc) && sc.atEnd
    }

    private static func exponent(_ sc: inout Scanner, signRequired: Bool) -> Bool {
        guard sc.take({ $0 == 0x65 || $0 == 0x45 }) else { return false }
        let signed = sc.take { $0 == 0x2B || $0 == 0x2D }
        if signRequired && !signed { return false }
        return sc.takeAll(isDigit) > 0
    }

    static func isFloat(_ b: [UInt8]) -> Bool {
        // [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?
        if matches(
            b,
            { sc in
                sc.sign()
                guard sc.take(isDigit) else { return false }
                _ = sc.takeAll(digitOrUnderscore)
                guard sc.take(".") else { return false }
                _ = sc.takeAll(digitOrUnderscore)
                if !sc.atEnd { return exponent(&sc, signRequired: false) }
                return true
            })
        {
            return true
        }
        // [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        if matches(
            b,
            { sc in
                sc.sign()
                guard sc.take(isDigit) else { return false }
                _ = sc.takeAll(digitOrUnderscore)
                return exponent(&sc, signRequired: false)
            })
        {
            return true
        }
        // \.[0-9_]+([eE][-+][0-9]+)?
        if matches(
            b,
            { sc in
                guard sc.take("."), sc.takeAll(digitOrUnderscore) > 0 else { return false }
                if !sc.atEnd { return exponent(&sc, signRequired: true) }
                return true
            })
        {
            return true
        }
        // [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
        if matches(
            b,
            { sc in
                sc.sign()
                guard sc.take(isDigit) else { return false }
                _ = sc.takeAll(digitOrUnderscore)
                guard sexagesimalTail(&sc), sc.take(".") else { return false }
                _ = sc.takeAll(digitOrUnderscore)
                return true
            })
        {
            return true
        }
        if matches(
            b,
            { sc in
                sc.sign()
                return sc.literal(".inf") || sc.literal(".Inf") || sc.literal(".INF")
            })
        {
            return true
        }
        return matches(b) { sc in sc.literal(".nan") || sc.literal(".NaN") || sc.literal(".NAN") }
    }

    static func isInt(_ b: [UInt8]) -> Bool {
        let binary: (UInt8) -> Bool = { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }
        let octal: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x37) || $0 == 0x5F }
        let hex: (UInt8) -> Bool = {
            isDigit($0) || $0 == 0x5F || (0x61...0x66).contains($0) || (0x41...0x46).contains($0)
        }
        if matches(
            b,
            { sc in
                sc.sign(); return sc.literal("0b") && sc.takeAll(binary) > 0
            })
        {
            return true
        }
        if matches(
            b,
            { sc in
                sc.sign(); return sc.take("0") && sc.takeAll(octal) > 0
            })
        {
            return true
        }
        if matches(
            b,
            { sc in
                sc.sign()
                if sc.take("0") { return true }
                guard sc.take({ $0 >= 0x31 && $0 <= 0x39 }) else { return false }
                _ = sc.takeAll(digitOrUnderscore)
                return true
            })
        {
            return true
        }
        if matches(
            b,
            { sc in
                sc.sign(); return sc.literal("0x") && sc.takeAll(hex) > 0
            })
        {
            return true
        }
        return matches(b) { sc in
            sc.sign()
            guard sc.take({ $0 >= 0x31 && $0 <= 0x39 }) else { return false }
            _ = sc.takeAll(digitOrUnderscore)
            return sexagesimalTail(&sc)
        }
    }

    static func isTimestamp(_ b: [UInt8]) -> Bool {
        func digits(_ sc: inout Scanner, _ lo: Int, _ hi: Int) -> Bool {
            var n = 0
            while n < hi && sc.take(isDigit) { n += 1 }
            return n >= lo
        }
        if matches(
            b,
            { sc in
                digits(&sc, 4, 4) && sc.take("-") && digits(&sc, 2, 2) && sc.take("-") && digits(&sc, 2, 2)
            })
        {
            return true
        }
        return matches(b) { sc in
            guard digits(&sc, 4, 4), sc.take("-"), digits(&sc, 1, 2), sc.take("-"), digits(&sc, 1, 2) else {
                return false
            }
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
            if !sc.take({ $0 == 0x54 || $0 == 0x74 }) && sc.takeAll(blank) == 0 { return false }
            guard digits(&sc, 1, 2), sc.take(":"), digits(&sc, 2, 2), sc.take(":"), digits(&sc, 2, 2) else {
                return false
            }
            if sc.take(".") { _ = sc.takeAll(isDigit) }
            if sc.atEnd { return true }
            _ = sc.takeAll(blank)
            if sc.take("Z") { return true }
            guard sc.take({ $0 == 0x2B || $0 == 0x2D }), digits(&sc, 1, 2) else { return false }
            if sc.take(":") { return digits(&sc, 2, 2) }
            return true
        }
    }
}
