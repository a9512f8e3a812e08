import Foundation

/// Guild's flag display (`format_flag`, `flag_assigns`), labels and process encodings.
public enum FlagFormatting {
    /// Guild's `format_flag`: `encode_flag_val`, optional float truncation and path shortening, repr-quoting.
    /// Guild's `format_attr`: scalars inline, lists and mappings as indented lines.
    public static func formatAttribute(_ value: YAMLValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case .list(let items)?: return items.map { "\n  " + formatAttribute($0) }.joined()
        case .map(let m)?: return m.keys.sorted().map { "\n  \($0): " + formatAttribute(m[$0]) }.joined()
        case let other?: return other.flowEncoded()
        }
    }

    public static func formatFlag(_ value: YAMLValue, truncateFloats: Int? = nil, shortenPaths: Int? = nil) -> String {
        var encoded = value.flowEncoded()
        if let n = truncateFloats, case .float = value {
            encoded = truncateDecimals(encoded, n)
        }
        if let n = shortenPaths, case .string(let s) = value, s.contains("/"),
            FileManager.default.fileExists(atPath: s)
        {
            encoded = shortenPath(s, maxLength: n)
        }
        if case .string = value, let first = encoded.first, first != "'", first != "\"", encoded.contains(" ") {
            return pyRepr(encoded)
        }
        return encoded
    }

    /// `name=formatted` for each flag, sorted by name.
    public static func flagAssigns(_ flags: [String: YAMLValue], truncateFloats: Int? = nil, shortenPaths: Int? = nil)
        -> [String]
    {
        flags.keys.sorted(by: pyLess).map {
            "\($0)=\(formatFlag(flags[$0]!, truncateFloats: truncateFloats, shortenPaths: shortenPaths))"
        }
    }

    /// Guild's `flags_desc`: the assigns joined by `, `, as in `Running trial ...: train (x=1, y=2)`.
    public static func flagsDescription(_ flags: [String: YAMLValue]) -> String {
        flagAssigns(flags).joined(separator: ", ")
    }

    /// The default run label: assigns of the non-null flags, floats cut to 5 decimals, paths shortened.
    public static func defaultLabel(_ flags: [String: YAMLValue]) -> String {
        flagAssigns(flags.filter { !$0.value.isNull }, truncateFloats: 5, shortenPaths: 20).joined(separator: " ")
    }

    /// Renders `${name}` and `${name|filter...}` references in a label template.
    public static func renderLabelTemplate(_ template: String, flags: [String: YAMLValue], defaultLabel: String)
        -> String
    {
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.dropFirst().firstIndex(of: "}") else { break }
            result += rest[..<open.lowerBound]
            result += renderRef(String(afterOpen[..<close]), flags: flags, defaultLabel: defaultLabel)
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        return result + rest
    }

    /// `FLAG_` plus the upper-cased name with characters outside `[A-Z0-9_]` replaced by `_`.
    public static func envName(for flagName: String) -> String {
        let mapped = flagName.uppercased().unicodeScalars.map { c -> Character in
            ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" ? Character(c) : "_"
        }
        return "FLAG_" + String(mapped)
    }

    /// The default argument/env encoding of a flag value; nil for null.
    public static func argEncoded(_ value: YAMLValue) -> String? {
        switch value {
        case .null: return nil
        case .bool(let b): return b ? "1" : ""
        case .string(let s): return s
        case .list(let items): return items.map { shlexQuote($0.flowEncoded()) }.joined(separator: " ")
        default: return pyRepr(value)
        }
    }

    /// Guild's `util.shlex_quote`: `shlex.quote` with `'"'"'`-wrapped quotes simplified.
    public static func shlexQuote(_ s: String) -> String {
        if s.isEmpty { return "''" }
        let safe = s.unicodeScalars.allSatisfy { c in
            c.isASCII
                && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "_@%+=:,./-".unicodeScalars.contains(c))
        }
        if safe { return s }
        let quoted = "'" + s.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
        let start = "''\"'\"'", end = "'\"'\"''"
        if quoted.hasPrefix(start) && quoted.hasSuffix(end) && quoted.count >= start.count + end.count {
            return "\"'" + quoted.dropFirst(start.count).dropLast(end.count) + "'\""
        }
        return quoted
    }

    private static func truncateDecimals(_ s: String, _ n: Int) -> String {
        var out = ""
        var chars = Substring(s)
        while let dot = chars.firstIndex(of: ".") {
            out += chars[..<dot]
            let digitsEnd = chars[chars.index(after: dot)...].firstIndex { !("0"..."9").contains($0) } ?? chars.endIndex
            let part = chars[dot..<digitsEnd]
            if part.count == 1 {
                out += part
            } else {
                out += part.count <= n ? part : part.prefix(n + 1)
            }
            chars = chars[digitsEnd...]
        }
        return out + chars
    }

    /// Guild's `util.shorten_path` with `/` separators and `…` as the ellipsis.
    static func shortenPath(_ path: String, maxLength: Int) -> String {
        if path.count <= maxLength { return path }
        var parts: [String] = []
        var blanks: [String] = []
        for part in path.components(separatedBy: "/") {
            if part.isEmpty {
                blanks.append("")
            } else {
                parts.append((blanks + [part]).joined(separator: "/"))
                blanks = []
            }
        }
        if blanks.count > 1 { parts.append(blanks.joined(separator: "/")) }
        if parts.count == 1 { return parts[0] }
        var r = [parts.removeLast()]
        var l: [String] = []
        var popR = false
        if parts[0].first != "/" {
            l = [parts.removeFirst()]
            popR = true
        }
        while !parts.isEmpty {
            let lenL = l.reduce(0) { $0 + $1.count + 1 }
            let lenR = r.reduce(0) { $0 + $1.count + 1 }
            let part = popR ? parts.removeLast() : parts.removeFirst()
            if lenL + lenR + part.count + 1 >= maxLength { break }
            if popR { r.append(part) } else { l.append(part) }
            popR.toggle()
        }
        let shortened = [l.joined(separator: "/"), "\u{2026}", r.reversed().joined(separator: "/")].joined(
            separator: "/")
        return shortened.count >= path.count ? path : shortened
    }

    private static func renderRef(_ ref: String, flags: [String: YAMLValue], defaultLabel: String) -> String {
        let parts = ref.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        let transforms = parts.dropFirst()
        let flag = flags[name].flatMap { $0.isNull ? nil : $0 }
        var value: YAMLValue? = flag ?? (name == "default_label" ? .string(defaultLabel) : nil)
        if transforms.isEmpty {
            if let flag { return formatFlag(flag, truncateFloats: 5, shortenPaths: 20) }
            return name == "default_label" ? defaultLabel : ""
        }
        for t in transforms {
            let pieces = t.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let tname = pieces[0]
            let arg = pieces.count > 1 ? pieces[1] : nil
            if tname.hasPrefix("%") {
                value = pyPercentFormat(tname, value) ?? value
            } else if tname == "default" {
                if value == nil { value = .string(arg ?? "") }
            } else if tname == "basename" {
                value = .string(basename(value))
            } else if tname == "unquote" {
                if case .string(let s) = value, s.count >= 2, s.first == "'", s.last == "'" {
                    value = .string(String(s.dropFirst().dropLast()))
                }
            } else {
                value = .string("#error#")
            }
        }
        guard let value else { return "" }
        return pyStr(value)
    }

    private static func basename(_ value: YAMLValue?) -> String {
        guard let value, value.isTruthy else { return "" }
        var s = value.stringValue ?? pyStr(value)
        if s.hasSuffix("/") || s.hasSuffix("\\") { s.removeLast() }
        return s.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? s
    }

    /// Python `fmt % value` for one conversion; nil when Python would raise.
    static func pyPercentFormat(_ fmt: String, _ value: YAMLValue?) -> YAMLValue? {
        let chars = Array(fmt)
        var out = ""
        var i = 0
        var converted = false
        while i < chars.count {
            if chars[i] != "%" {
                out.append(chars[i])
                i += 1
                continue
            }
            i += 1
            guard i < chars.count else { return nil }
            if chars[i] == "%" {
                out.append("%")
                i += 1
                continue
            }
            if converted { return nil }
            var spec = "%"
            while i < chars.count, "-+ #0".contains(chars[i]) { spec.append(chars[i]); i += 1 }
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { spec.append(chars[i]); i += 1 }
            if i < chars.count, chars[i] == "." {
                spec.append(".")
                i += 1
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { spec.append(chars[i]); i += 1 }
            }
            guard i < chars.count else { return nil }
            let conv = chars[i]
            i += 1
            guard let piece = convert(spec, conv, value ?? .null) else { return nil }
            out += piece
            converted = true
        }
        return converted ? .string(out) : nil
    }

    private static func convert(_ spec: String, _ conv: Character, _ value: YAMLValue) -> String? {
        let number: Double? = {
            switch value {
            case .int(let i): return Double(i)
            case .float(let d): return d
            case .bool(let b): return b ? 1 : 0
            default: return nil
            }
        }()
        switch conv {
        case "s", "r", "a":
            var s = conv == "s" ? pyStr(value) : pyRepr(value)
            let body = spec.dropFirst().drop { "-+ #0".contains($0) }
            let widthText = body.prefix { $0 != "." }
            if let dot = body.firstIndex(of: "."), let precision = Int(body[body.index(after: dot)...]) ?? 0 as Int? {
                s = String(s.prefix(precision))
            }
            let pad = max(0, (Int(widthText) ?? 0) - s.count)
            return spec.contains("-") ? s + String(repeating: " ", count: pad) : String(repeating: " ", count: pad) + s
        case "d", "i", "u":
            guard let number, number.isFinite else { return nil }
            if case .int(let i) = value { return String(format: spec + "ld", i) }
            return String(format: spec + "ld", Int(number.rounded(.towardZero)))
        case "f", "F", "e", "E", "g", "G":
            guard let number else { return nil }
            if !number.isFinite {
                let s = number.isNaN ? "nan" : (number < 0 ? "-inf" : "inf")
                let flags = spec.dropFirst().prefix { "-+ #0".contains($0) }
                let width = spec.dropFirst(1 + flags.count).prefix { $0 != "." }
                let sign = number > 0 && flags.contains("+") ? "+" : (number > 0 && flags.contains(" ") ? " " : "")
                let text = sign + (conv.isUppercase ? s.uppercased() : s)
                return convert("%" + flags.filter { $0 == "-" } + width, "s", .string(text))
            }
            return String(format: spec + String(conv), number)
        case "x", "X", "o":
            guard case .int(let i) = value else {
                if case .bool(let b) = value { return String(format: spec + "l" + String(conv), b ? 1 : 0) }
                return nil
            }
            return String(format: spec + "l" + String(conv), i)
        default:
            return nil
        }
    }
}

/// Python `repr()` of a string.
func pyRepr(_ s: String) -> String {
    let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for c in s.unicodeScalars {
        switch c {
        case quote, "\\": out += "\\" + String(c)
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default:
            if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && !pyPrintable(c)) {
                let h = String(c.value, radix: 16)
                let (prefix, width) = c.value <= 0xFF ? ("\\x", 2) : c.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8)
                out += prefix + String(repeating: "0", count: width - h.count) + h
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }
    out.unicodeScalars.append(quote)
    return out
}

private func pyPrintable(_ c: Unicode.Scalar) -> Bool {
    switch c.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return false
    default:
        return true
    }
}

/// Python `repr()` of a value.
public func pyRepr(_ v: YAMLValue) -> String {
    if case .string(let s) = v { return pyRepr(s) }
    return pyStr(v)
}

extension YAMLValue {
    /// The name of the Python type a value loads as (`int`, `str`, `NoneType`, ...).
    var pyTypeName: String {
        switch self {
        case .null: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .map: "dict"
        }
    }
}

/// Python `str()` of a value.
func pyStr(_ v: YAMLValue) -> String {
    switch v {
    case .null: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .float(let d): return pyFloatRepr(d)
    case .string(let s): return s
    case .list(let items): return "[" + items.map(pyRepr).joined(separator: ", ") + "]"
    case .map(let m):
        return "{" + m.keys.sorted(by: pyLess).map { "\(pyRepr($0)): \(pyRepr(m[$0]!))" }.joined(separator: ", ") + "}"
    }
}
