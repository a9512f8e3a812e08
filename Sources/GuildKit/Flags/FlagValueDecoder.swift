import Foundation

/// A flag definition's `type`.
public enum FlagType: String, Sendable, CaseIterable {
    case auto, string, int, float, number, boolean, path
    case existingPath = "existing-path"
}

/// A command-line argument or flag value Guild refuses.
public struct FlagValueError: Error, CustomStringConvertible, Sendable {
    /// The message Guild prints.
    public var description: String
}

/// Guild's decoding (`decode_flag_val`) and coercion (`coerce_flag_value`) of flag values.
public enum FlagValueDecoder {
    /// Splits `NAME=VAL` at the first `=`.
    public static func splitAssign(_ arg: String) throws -> (String, String) {
        guard let eq = arg.firstIndex(of: "=") else {
            throw FlagValueError(description: "invalid argument(s):\n\(arg)\nexpected NAME=VAL")
        }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }

    /// Decodes a command-line flag value, optionally guided by the flag's type.
    public static func decode(_ text: String, type: FlagType? = nil) -> YAMLValue {
        fixSurprisingNumber(decodeRaw(text, type: type), text)
    }

    /// True for flag function strings such as `uniform[1:2]` or `[1:2]`.
    public static func isFlagFunction(_ value: YAMLValue) -> Bool {
        guard case .string(let s) = value else { return false }
        return splitFlagFunction(s) != nil
    }

    /// The name (nil for `[a:b]`) and decoded arguments of a flag function value such as
    /// `loguniform[1e-4:0.1]`, or nil when the value is not one.
    public static func flagFunction(_ value: YAMLValue) -> (name: String?, args: [YAMLValue])? {
        guard case .string(let s) = value, let (name, rawArgs) = splitFlagFunction(s) else { return nil }
        let args =
            rawArgs.isEmpty
            ? []
            : rawArgs.split(separator: ":", omittingEmptySubsequences: false).map {
                decode(String(pyStrip(String($0))))
            }
        return (name, args)
    }

    /// Coerces a value to a flag type; lists item by item, flag functions untouched.
    public static func coerce(_ value: YAMLValue, to type: FlagType, flagName: String) throws -> YAMLValue {
        guard let coerced = coerced(value, type) else {
            throw FlagValueError(
                description: "invalid value \(pyStr(value)) for \(flagName): invalid value for type '\(type.rawValue)'")
        }
        return coerced
    }

    private static func coerced(_ value: YAMLValue, _ type: FlagType) -> YAMLValue? {
        if value.isNull || type == .auto || isFlagFunction(value) { return value }
        if case .list(let items) = value {
            var out: [YAMLValue] = []
            for item in items {
                guard let c = coerced(item, type) else { return nil }
                out.append(c)
            }
            return .list(out)
        }
        switch type {
        case .auto: return value
        case .string: return .string(pyStr(value))
        case .int:
            switch value {
            case .int: return value
            case .bool(let b): return .int(b ? 1 : 0)
            case .string(let s): return pyInt(s).map(YAMLValue.int) ?? pyIntDigits(s).map(YAMLValue.string)
            default: return nil
            }
        case .float:
            switch value {
            case .float: return value
            case .int(let i): return .float(Double(i))
            case .bool(let b): return .float(b ? 1 : 0)
            case .string(let s): return pyFloatParse(s).map(YAMLValue.float)
            default: return nil
            }
        case .number:
            switch value {
            case .int, .float, .bool: return value
            case .string(let s): return pyInt(s).map(YAMLValue.int) ?? pyFloatParse(s).map(YAMLValue.float)
            default: return nil
            }
        case .boolean:
            switch value {
            case .bool: return value
            case .int(let i): return .bool(i != 0)
            case .float(let d): return .bool(d != 0)
            case .string(let s): return .bool(!s.isEmpty)
            case .list(let l): return .bool(!l.isEmpty)
            case .map(let m): return .bool(!m.isEmpty)
            case .null: return .bool(false)
            }
        case .path, .existingPath:
            guard case .string(let s) = value else { return nil }
            return .string(resolvePath(s))
        }
    }

    private static func resolvePath(_ path: String) -> String {
        var p = path
        if p == "~" || p.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            p = home + p.dropFirst()
        }
        if p.isEmpty || p.hasPrefix("/") { return p }
        return normPath(FileManager.default.currentDirectoryPath + "/" + p)
    }

    /// Python `os.path.normpath` for absolute POSIX paths.
    private static func normPath(_ path: String) -> String {
        var parts: [Substring] = []
        for comp in path.split(separator: "/") {
            if comp == "." { continue }
            if comp == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(comp)
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func decodeRaw(_ s: String, type: FlagType?) -> YAMLValue {
        if s.isEmpty { return .string(s) }
        switch type {
        case .string?, .path?, .existingPath?:
            if let first = s.first, !"['\"{".contains(first) { return .string(s) }
        case .int?:
            if let i = pyInt(s) { return .int(i) }
            if let digits = pyIntDigits(s) { return .string(digits) }
        case .float?:
            if let d = pyFloatParse(s) { return .float(d) }
        case .number?:
            if let n = number(s) { return n }
        case .boolean?:
            if let v = try? YAMLValue.load(s) {
                switch v {
                case .bool: return v
                case .int(let i): return .bool(i != 0)
                case .float(let d): return .bool(d != 0)
                default: return v
                }
            }
        case .auto?, nil:
            break
        }
        if let n = number(s) { return n }
        if let v = flagFunctionOrSequence(s) { return v }
        if let v = concatenatedList(s) { return v }
        if let v = try? YAMLValue.load(s) { return v }
        return .string(s)
    }

    private static func number(_ s: String) -> YAMLValue? {
        if let i = pyInt(s) { return .int(i) }
        if let digits = pyIntDigits(s) { return .string(digits) }
        if let d = pyFloatParse(s) { return .float(d) }
        return nil
    }

    private static func fixSurprisingNumber(_ value: YAMLValue, _ s: String) -> YAMLValue {
        switch value {
        case .int, .float, .bool:
            if !s.contains("!!") && (s.contains("_") || s.contains(":")) { return .string(s) }
            return value
        default:
            return value
        }
    }

    private static func pyStrip(_ s: String) -> Substring {
        let scalars = s.unicodeScalars
        let isWS: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
        guard let first = scalars.firstIndex(where: { !isWS($0) }),
            let last = scalars.lastIndex(where: { !isWS($0) })
        else { return "" }
        return Substring(scalars[first...last])
    }

    /// Digits with single underscores between them, as Python numeric literals allow.
    private static func digitPart(_ s: Substring) -> String? {
        guard let f = s.first, f.isASCII, f.isNumber, let l = s.last, l.isASCII, l.isNumber else { return nil }
        var prevUnderscore = false
        var out = ""
        for c in s {
            if c == "_" {
                if prevUnderscore { return nil }
                prevUnderscore = true
            } else if c.isASCII && c.isNumber {
                prevUnderscore = false
                out.append(c)
            } else {
                return nil
            }
        }
        return out
    }

    /// Python `int(s)` for base-10 text; nil when Python raises.
    static func pyInt(_ text: String) -> Int? {
        var s = pyStrip(text)
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        guard let digits = digitPart(s) else { return nil }
        guard let v = Int(negative ? "-" + digits : digits) else { return nil }
        return v
    }

    /// The digits Python's `str(int(s))` gives for a base-10 int past Int64 (Python's ints have no
    /// limit, so Guild passes them as written; a Double would round them, or read 400 digits as inf).
    static func pyIntDigits(_ text: String) -> String? {
        var s = pyStrip(text)
        let negative = s.first == "-"
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        guard let all = digitPart(s) else { return nil }
        let significant = all.drop(while: { $0 == "0" })
        let digits = significant.isEmpty ? "0" : String(significant)
        return negative && digits != "0" ? "-" + digits : digits
    }

    /// Python `float(s)`; nil when Python raises.
    static func pyFloatParse(_ text: String) -> Double? {
        var s = pyStrip(text)
        var sign = 1.0
        if s.first == "-" || s.first == "+" {
            if s.first == "-" { sign = -1 }
            s = s.dropFirst()
        }
        switch s.lowercased() {
        case "inf", "infinity": return sign * .infinity
        case "nan": return .nan
        default: break
        }
        var mantissa = s
        var exponent = ""
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            var expPart = s[s.index(after: e)...]
            var expSign = ""
            if expPart.first == "-" || expPart.first == "+" {
                expSign = String(expPart.first!)
                expPart = expPart.dropFirst()
            }
            guard let d = digitPart(expPart) else { return nil }
            exponent = "e" + expSign + d
        }
        var intDigits = "", fracDigits = ""
        if let dot = mantissa.firstIndex(of: ".") {
            let ip = mantissa[..<dot], fp = mantissa[mantissa.index(after: dot)...]
            if ip.isEmpty && fp.isEmpty { return nil }
            if !ip.isEmpty { guard let d = digitPart(ip) else { return nil }; intDigits = d }
            if !fp.isEmpty { guard let d = digitPart(fp) else { return nil }; fracDigits = d }
        } else {
            guard let d = digitPart(mantissa) else { return nil }
            intDigits = d
        }
        guard
            let v = Double(
                (intDigits.isEmpty ? "0" : intDigits) + "." + (fracDigits.isEmpty ? "0" : fracDigits) + exponent)
        else {
            return nil
        }
        return sign * v
    }

    private static func splitFlagFunction(_ s: String) -> (name: String?, args: String)? {
        splitNamedFunction(s) ?? splitAnonymousFunction(s)
    }

    private static func isNameChar(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-" || c == ".")
    }

    private static func splitNamedFunction(_ s: String) -> (name: String?, args: String)? {
        let name = s.prefix(while: isNameChar)
        guard !name.isEmpty, name.endIndex < s.endIndex, s[name.endIndex] == "[" else { return nil }
        let afterOpen = s[s.index(after: name.endIndex)...]
        let line = afterOpen.prefix { $0 != "\n" && $0 != "\r" }
        guard let close = line.lastIndex(of: "]") else { return nil }
        return (String(name), String(pyStrip(String(line[..<close]))))
    }

    private static func splitAnonymousFunction(_ s: String) -> (name: String?, args: String)? {
        guard s.hasPrefix("["), s.hasSuffix("]"), s.contains(":") else { return nil }
        let inner = String(s.dropFirst().dropLast())
        guard let decoded = try? YAMLValue.load(s) else { return (nil, inner) }
        if case .list(let l) = decoded, l.count == 1 {
            switch l[0] {
            case .string, .int, .bool: return (nil, inner)
            default: return nil
            }
        }
        return nil
    }

    private static func flagFunctionOrSequence(_ s: String) -> YAMLValue? {
        guard let (name, rawArgs) = splitFlagFunction(s) else { return nil }
        let args =
            rawArgs.isEmpty
            ? []
            : rawArgs.split(separator: ":", omittingEmptySubsequences: false).map {
                decode(String(pyStrip(String($0))))
            }
        guard let name else {
            // Beyond Guild AI (which reads a third value as the initial value of a uniform
            // search): `[0.1:0.5:0.1]` is a stepped range, expanded as a grid like `range[...]`.
            if args.count == 3, args.allSatisfy({ Num($0) != nil }), let list = expandRange(args) { return list }
            return args.count >= 2 ? .string(s) : nil
        }
        switch name {
        case "range": return expandRange(args)
        case "linspace": return expandLinspace(args)
        case "logspace": return expandLogspace(args)
        default: return nil
        }
    }

    private enum Num {
        case int(Int), float(Double)
        init?(_ v: YAMLValue) {
            switch v {
            case .int(let i): self = .int(i)
            case .bool(let b): self = .int(b ? 1 : 0)
            case .float(let d): self = .float(d)
            default: return nil
            }
        }
        var double: Double {
            switch self {
            case .int(let i): return Double(i)
            case .float(let d): return d
            }
        }
    }

    private static func seqValue(_ x: Double) -> YAMLValue {
        guard x > 1e-8, x.isFinite else { return .float(x) }
        return .float(Double(String(format: "%.8f", x)) ?? x)
    }

    private static func expandRange(_ args: [YAMLValue]) -> YAMLValue? {
        guard let first = args.first, let start = Num(first) else { return nil }
        var step = Num.int(1)
        if args.count > 2 {
            guard let s = Num(args[2]) else { return nil }
            step = s
        }
        var lo = Num.int(0), hi = start
        if args.count > 1 {
            guard let end = Num(args[1]) else { return nil }
            lo = start
            switch (end, step) {
            case (.int(let e), .int(let st)): hi = .int(e + min(st, 1))
            default: hi = .float(end.double + min(step.double, 1))
            }
        }
        if case .int(let a) = lo, case .int(let b) = hi, case .int(let st) = step {
            guard st != 0 else { return nil }
            return .list(Swift.stride(from: a, to: b, by: st).map { .int($0) })
        }
        let a = lo.double, delta = step.double
        guard delta != 0 else { return nil }
        let length = ((hi.double - a) / delta).rounded(.up)
        guard length.isFinite else { return nil }
        guard length > 0 else { return .list([]) }
        guard length < 1_000_000 else { return nil }
        let n = Int(length)
        let d = (a + delta) - a
        return .list((0..<n).map { i in seqValue(i == 0 ? a : (i == 1 ? a + delta : a + Double(i) * d)) })
    }

    private static func linspace(_ args: [YAMLValue]) -> [Double]? {
        guard args.count >= 2, let start = Num(args[0]), let stop = Num(args[1]) else { return nil }
        var num = 5
        if args.count > 2 {
            guard case .int(let n)? = Num(args[2]) else { return nil }
            num = n
        }
        guard num >= 0, num < 1_000_000 else { return nil }
        let a = start.double, b = stop.double
        let div = Double(num - 1)
        let delta = b - a
        var y = (0..<num).map(Double.init)
        if num > 1 {
            let step = delta / div
            if step == 0 {
                y = y.map { $0 / div * delta }
            } else {
                y = y.map { $0 * step }
            }
        } else {
            y = y.map { $0 * delta }
        }
        y = y.map { $0 + a }
        if num > 1 { y[num - 1] = b }
        return y
    }

    private static func expandLinspace(_ args: [YAMLValue]) -> YAMLValue? {
        linspace(args).map { .list($0.map(seqValue)) }
    }

    private static func expandLogspace(_ args: [YAMLValue]) -> YAMLValue? {
        var base = 10.0
        if args.count > 3 {
            guard let b = Num(args[3]) else { return nil }
            base = b.double
        }
        return linspace(args).map { .list($0.map { seqValue(pow(base, $0)) }) }
    }

    private static func concatenatedList(_ s: String) -> YAMLValue? {
        let t = pyStrip(s)
        guard t.hasPrefix("[") else { return nil }
        var i = t.endIndex
        var digitsStart = i
        while digitsStart > t.startIndex, let c = t[t.index(before: digitsStart)].asciiValue, (48...57).contains(c) {
            digitsStart = t.index(before: digitsStart)
        }
        guard digitsStart < i, let count = Int(t[digitsStart..<i]) else { return nil }
        i = digitsStart
        while i > t.startIndex, t[t.index(before: i)].isWhitespace { i = t.index(before: i) }
        guard i > t.startIndex, t[t.index(before: i)] == "*" else { return nil }
        i = t.index(before: i)
        while i > t.startIndex, t[t.index(before: i)].isWhitespace { i = t.index(before: i) }
        guard i > t.startIndex, t[t.index(before: i)] == "]" else { return nil }
        let listText = t[..<i]
        guard !listText.contains("\n") else { return nil }
        guard case .list(let items) = decodeRaw(String(listText), type: nil) else { return .string(s) }
        guard count < 1_000_000 / max(items.count, 1) else { return nil }
        return .list(Array(repeatElement(items, count: count).joined()))
    }
}
