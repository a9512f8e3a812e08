import Foundation

/// One `output-scalars` list item.
public enum OutputScalarPattern: Sendable, Equatable {
    /// A regex: named groups give one value each (`_key`/`_val` give one pair); otherwise 2 groups give
    /// (key, value). A single unnamed group gives a value with no key, which is not logged.
    case regex(String)
    /// A `{key: regex}` mapping; each regex's single group gives the value of its key.
    case keyed([String: String])
}

extension OutputScalarPattern {
    /// A guild.yml `output-scalars` item: a string, or a mapping whose string values are patterns
    /// (other values are skipped, as Guild does with a warning); nil for any other item.
    public init?(yaml: YAMLValue) {
        switch yaml {
        case .string(let s): self = .regex(s)
        case .map(let m): self = .keyed(m.compactMapValues(\.stringValue))
        default: return nil
        }
    }
}

/// An operation's `output-scalars` setting.
public enum OutputScalarConfig: Sendable, Equatable {
    /// Not set: Guild's default patterns, ignoring keys that are flag names.
    case defaults
    /// `output-scalars: no` (or an empty list).
    case disabled
    /// Explicit patterns.
    case patterns([OutputScalarPattern])
}

/// Turns run output lines into scalars like Guild's `summary.OutputScalars` (current Guild source).
public struct OutputScalarParser {
    /// Guild's default patterns (aliases not yet expanded).
    public static let defaultPatterns = [
        #"\key:\s+\value\s+\((?:step\s+)?(?P<step>\step)\)$"#,
        #"^(\key):\s+(\value)(?:\s+\(.*\))?$"#,
    ]
    /// Expansion of `\key`.
    public static let keyPattern = #"[_a-zA-Z]\S*"#
    /// Expansion of `\value` (signed decimal or exponent, `nan`, `inf`).
    public static let valuePattern =
        #"(?:[-+]?[0-9]*\.?(?:[0-9]+)?(?:[eE][-+]?[0-9]+)?|[nN][aA][nN]|[-+]?[iI][nN][fF])"#
    /// Expansion of `\step`.
    public static let stepPattern = "[0-9]+"

    struct Compiled {
        let key: String?
        let regex: NSRegularExpression
        /// Python group names in definition order, with their ICU names.
        let names: [(python: String, icu: String)]
    }

    /// Sendable by hand: an NSRegularExpression is immutable, and matching with it is thread-safe.
    struct Compilation: @unchecked Sendable {
        var patterns: [Compiled] = []
        /// Warnings for patterns that did not compile (Guild logs and skips them).
        var invalid: [String] = []
    }

    /// The compiled patterns, compiled on a thread of their own: ICU's regex set-up (~1.5 ms)
    /// then happens while the op's process starts rather than before it.
    private let compilation: BackgroundResult<Compilation>?
    let ignore: Set<String>

    private var explicitStep: Int?
    private var impliedStep: Int?
    private var impliedStepKeys: Set<String> = []

    /// Builds a parser; `flagNames` are ignored as keys only with `.defaults`, as in Guild.
    public init(config: OutputScalarConfig, flagNames: Set<String> = []) {
        var sources: [(key: String?, pattern: String)] = []
        switch config {
        case .defaults:
            sources = Self.defaultPatterns.map { (nil, $0) }
            ignore = flagNames
        case .disabled:
            ignore = []
        case .patterns(let items):
            ignore = []
            for item in items {
                switch item {
                case .regex(let p): sources.append((nil, p))
                case .keyed(let map):
                    for key in map.keys.sorted(by: Self.pythonLess) { sources.append((key, map[key]!)) }
                }
            }
        }
        let toCompile = sources
        compilation = toCompile.isEmpty ? nil : BackgroundResult { Self.compile(toCompile) }
    }

    private static func compile(_ sources: [(key: String?, pattern: String)]) -> Compilation {
        var result = Compilation()
        for (key, source) in sources {
            let expanded = expandAliases(source)
            do {
                let t = try PythonRegex.translate(expanded)
                let regex = try NSRegularExpression(pattern: t.pattern, options: [.useUnixLineSeparators])
                result.patterns.append(Compiled(key: key, regex: regex, names: t.names))
            } catch {
                result.invalid.append("error compiling pattern \(expanded): \(error)")
            }
        }
        return result
    }

    var patterns: [Compiled] { (try? compilation?.take())?.patterns ?? [] }

    /// Warnings for patterns that did not compile (Guild logs and skips them).
    public var invalidPatterns: [String] { (try? compilation?.take())?.invalid ?? [] }

    /// False when there are no usable patterns (`output-scalars: no`).
    public var isEnabled: Bool { !patterns.isEmpty }

    /// Replaces `\key`, `\value` and `\step` in a pattern.
    public static func expandAliases(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: #"\key"#, with: keyPattern)
            .replacingOccurrences(of: #"\value"#, with: valuePattern)
            .replacingOccurrences(of: #"\step"#, with: stepPattern)
    }

    /// Parses one output line; returns the scalars to log, sorted by key.
    ///
    /// Keys that are empty or missing (a lone unnamed group) are not logged but count for the implicit step.
    public mutating func parse(line: String) -> [(key: String, value: Double, step: Int)] {
        parseWithKeys(line: line).scalars
    }

    /// Like `parse(line:)`, also returning every key the line matched (ignored ones and `step` included),
    /// which Guild's output-attr capture skips.
    public mutating func parseWithKeys(line: String) -> (
        scalars: [(key: String, value: Double, step: Int)], capturedKeys: Set<String>
    ) {
        var vals = match(line: Self.pythonRStrip(line))
        var captured: Set<String> = []
        if let step = vals.removeValue(forKey: "step") {
            captured.insert("step")
            if let s = pythonInt(step) { explicitStep = s }
        }
        guard !vals.isEmpty else { return ([], captured) }
        let keys = Array(vals.keys)
        let step = explicitStep ?? applyImpliedStep(keys)
        captured.formUnion(keys.filter { !$0.isEmpty })
        var result: [(key: String, value: Double, step: Int)] = []
        for key in keys.sorted(by: Self.pythonLess) where !key.isEmpty && !ignore.contains(key) {
            result.append((key, vals[key]!, step))
        }
        return (result, captured)
    }

    private mutating func applyImpliedStep(_ keys: [String]) -> Int {
        if keys.contains(where: impliedStepKeys.contains) {
            impliedStep = (impliedStep ?? 0) + 1
            impliedStepKeys = Set(keys)
        } else {
            if impliedStep == nil { impliedStep = 0 }
            impliedStepKeys.formUnion(keys)
        }
        return impliedStep!
    }

    /// All key/value pairs that the patterns find in `line` (later matches win).
    func match(line: String) -> [String: Double] {
        var vals: [String: Double] = [:]
        let ns = line as NSString
        let range = NSRange(location: 0, length: ns.length)
        func group(_ r: NSRange) -> String? {
            r.location == NSNotFound ? nil : ns.substring(with: r)
        }
        func apply(_ s: String?, _ key: String?) {
            // A missing key (Python's None) is kept as "" so it still counts for the implicit step.
            guard let s, let v = Self.pythonFloat(s) else { return }
            vals[key ?? ""] = v
        }
        for p in patterns {
            for m in p.regex.matches(in: line, range: range) {
                if !p.names.isEmpty {
                    let byName = Dictionary(p.names.map { ($0.python, $0.icu) }, uniquingKeysWith: { a, _ in a })
                    if let k = byName["_key"], let v = byName["_val"] {
                        apply(group(m.range(withName: v)), group(m.range(withName: k)))
                    } else {
                        for n in p.names { apply(group(m.range(withName: n.icu)), n.python) }
                    }
                } else if m.numberOfRanges == 2 {
                    apply(group(m.range(at: 1)), p.key)
                } else if m.numberOfRanges == 3 {
                    apply(group(m.range(at: 2)), group(m.range(at: 1)))
                }
            }
        }
        return vals
    }

    /// Python `int(step)` for a float step; nil for NaN or infinity (where Guild would fail).
    private func pythonInt(_ v: Double) -> Int? {
        guard v.isFinite else { return nil }
        let t = v.rounded(.towardZero)
        if t >= 9.2e18 { return Int.max }
        if t <= -9.2e18 { return Int.min }
        return Int(t)
    }
}

extension OutputScalarParser {
    /// Python's default string order (by code point).
    static func pythonLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// Python `str.isspace` for one scalar.
    static func pythonIsSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python `str.rstrip()`.
    static func pythonRStrip(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars
        while let last = scalars.last, Self.pythonIsSpace(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// Python `float(s)` for ASCII input: surrounding whitespace, sign, `_` between digits, `inf`, `infinity`,
    /// `nan`; nil where Python raises ValueError.
    public static func pythonFloat(_ text: String) -> Double? {
        var u = Array(Substring(text).unicodeScalars)
        while let f = u.first, Self.pythonIsSpace(f) { u.removeFirst() }
        while let l = u.last, Self.pythonIsSpace(l) { u.removeLast() }
        var negative = false
        if let f = u.first, f == "+" || f == "-" {
            negative = f == "-"
            u.removeFirst()
        }
        let word = String(String.UnicodeScalarView(u)).lowercased()
        if word == "inf" || word == "infinity" { return negative ? -.infinity : .infinity }
        if word == "nan" { return negative ? -Double.nan : .nan }
        var digits = ""
        var i = 0
        func digitPart() -> Bool {
            guard i < u.count, ("0"..."9").contains(u[i]) else { return false }
            while i < u.count {
                if ("0"..."9").contains(u[i]) {
                    digits.unicodeScalars.append(u[i])
                    i += 1
                } else if u[i] == "_", i + 1 < u.count, ("0"..."9").contains(u[i + 1]) {
                    i += 1
                } else {
                    break
                }
            }
            return true
        }
        let intPart = digitPart()
        var fracPart = false
        if i < u.count, u[i] == "." {
            digits += "."
            i += 1
            fracPart = digitPart()
        }
        guard intPart || fracPart else { return nil }
        if i < u.count, u[i] == "e" || u[i] == "E" {
            digits += "e"
            i += 1
            if i < u.count, u[i] == "+" || u[i] == "-" {
                digits.unicodeScalars.append(u[i])
                i += 1
            }
            guard digitPart() else { return nil }
        }
        guard i == u.count, let v = Double(digits) else { return nil }
        return negative ? -v : v
    }

    /// Translates a Python `re` pattern to ICU syntax for NSRegularExpression.
    enum PythonRegex {
        struct TranslationError: Error, CustomStringConvertible {
            let description: String
        }

        /// Named groups become `(?<gN>`; `(?P=name)` becomes `\k<gN>`; `\Z` becomes `\z`; a `{` or `}` that is not
        /// part of a quantifier, and `[`/`&` inside a class, are escaped; `{,n}` becomes `{0,n}`.
        static func translate(_ pattern: String) throws(TranslationError) -> (
            pattern: String, names: [(python: String, icu: String)]
        ) {
            let s = Array(pattern.unicodeScalars)
            var out = String.UnicodeScalarView()
            var names: [(python: String, icu: String)] = []
            var inClass = false
            var classContentStart = -1
            var i = 0
            func emit(_ str: String) { out.append(contentsOf: str.unicodeScalars) }
            func readName(from start: Int, until end: Unicode.Scalar) throws(TranslationError) -> (String, Int) {
                var j = start
                var name = String.UnicodeScalarView()
                while j < s.count, s[j] != end {
                    name.append(s[j])
                    j += 1
                }
                guard j < s.count, !name.isEmpty else { throw TranslationError(description: "bad group name") }
                return (String(name), j + 1)
            }
            while i < s.count {
                let c = s[i]
                if c == "\\" {
                    guard i + 1 < s.count else { throw TranslationError(description: "bad escape (end of pattern)") }
                    let n = s[i + 1]
                    if !inClass && n == "Z" {
                        emit("\\z")
                    } else {
                        out.append(c)
                        out.append(n)
                    }
                    i += 2
                    continue
                }
                if inClass {
                    if c == "]" && i == classContentStart {
                        emit("\\]")
                    } else if c == "]" {
                        inClass = false
                        out.append(c)
                    } else if c == "[" || c == "&" {
                        emit("\\")
                        out.append(c)
                    } else {
                        out.append(c)
                    }
                    i += 1
                    continue
                }
                switch c {
                case "[":
                    inClass = true
                    out.append(c)
                    i += 1
                    if i < s.count, s[i] == "^" {
                        out.append(s[i])
                        i += 1
                    }
                    classContentStart = i
                case "(":
                    let rest = String(String.UnicodeScalarView(s[(i + 1)...].prefix(3)))
                    if rest == "?P<" || (rest.hasPrefix("?<") && rest != "?<=" && rest != "?<!") {
                        let (name, next) = try readName(from: i + (rest == "?P<" ? 4 : 3), until: ">")
                        guard !names.contains(where: { $0.python == name }) else {
                            throw TranslationError(description: "redefinition of group name '\(name)'")
                        }
                        let icu = "g\(names.count + 1)"
                        names.append((name, icu))
                        emit("(?<\(icu)>")
                        i = next
                    } else if rest == "?P=" {
                        let (name, next) = try readName(from: i + 4, until: ")")
                        guard let icu = names.first(where: { $0.python == name })?.icu else {
                            throw TranslationError(description: "unknown group name '\(name)'")
                        }
                        emit("\\k<\(icu)>")
                        i = next
                    } else {
                        out.append(c)
                        i += 1
                    }
                case "{":
                    var j = i + 1
                    var lo = "", hi = ""
                    var comma = false
                    while j < s.count, ("0"..."9").contains(s[j]) { lo.unicodeScalars.append(s[j]); j += 1 }
                    if j < s.count, s[j] == "," {
                        comma = true
                        j += 1
                        while j < s.count, ("0"..."9").contains(s[j]) { hi.unicodeScalars.append(s[j]); j += 1 }
                    }
                    if j < s.count, s[j] == "}", !(lo.isEmpty && !comma) {
                        emit("{\(lo.isEmpty ? "0" : lo)\(comma ? "," + hi : "")}")
                        i = j + 1
                    } else {
                        emit("\\{")
                        i += 1
                    }
                case "}":
                    emit("\\}")
                    i += 1
                default:
                    out.append(c)
                    i += 1
                }
            }
            return (String(out), names)
        }
    }
}
