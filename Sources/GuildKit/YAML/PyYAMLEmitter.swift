import Foundation

extension YAMLValue {
    /// The attr file text Guild writes: strict block-style `safe_dump`, stripped, plus one newline.
    public func attrEncoded() -> String {
        PyYAMLEmitter.encode(self, strict: true) + "\n"
    }

    /// Guild's `encode_flag_val`: flow-style display encoding of a flag value.
    public func flowEncoded() -> String {
        switch self {
        case .bool(let b): return b ? "yes" : "no"
        case .null: return "null"
        case .list(let items):
            let parts = items.map { item -> String in
                let encoded = item.flowEncoded()
                if case .string = item, encoded.contains(",") { return pyRepr(encoded) }
                return encoded
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let m):
            let parts = m.keys.sorted(by: pyLess).map { key in
                "\(YAMLValue.string(key).flowEncoded()): \(m[key]!.flowEncoded())"
            }
            return "{" + parts.joined(separator: ", ") + "}"
        default:
            return PyYAMLEmitter.encode(self, strict: false)
        }
    }
}

extension YAMLValue {
    /// Guild's `encode_yaml(val, default_flow_style=True)`: how flag values reach a script's
    /// globals (`true`, not `yes`; `[1, 2, foo]`; `{a: 1}`).
    public func yamlFlowEncoded() -> String {
        switch self {
        case .list(let items): return "[" + items.map { $0.yamlFlowItem() }.joined(separator: ", ") + "]"
        case .map(let m):
            let parts = m.keys.sorted(by: pyLess).map { "\(YAMLValue.string($0).yamlFlowItem()): \(m[$0]!.yamlFlowItem())" }
            return "{" + parts.joined(separator: ", ") + "}"
        default: return PyYAMLEmitter.encode(self, strict: false)
        }
    }

    /// A value inside a flow collection, where `,`, `[`, `]`, `{`, `}` and `: ` need quotes.
    private func yamlFlowItem() -> String {
        let encoded = yamlFlowEncoded()
        guard case .string = self, !encoded.hasPrefix("'"), !encoded.hasPrefix("\""),
            encoded.contains(where: { ",[]{}".contains($0) }) || encoded.contains(": ")
        else { return encoded }
        return "'" + encoded.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

/// Python string ordering (by code point), as `sorted()` uses.
func pyLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}

/// Python `repr(float)`.
func pyFloatRepr(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let desc = "\(d.magnitude)"
    // Both print the shortest digits that read back the same; without an exponent the two
    // spellings agree.
    if !desc.utf8.contains(0x65) { return d < 0 ? "-" + desc : desc }
    var mantissa = Substring(desc)
    var exp = 0
    if let e = desc.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = desc[..<e]
        exp = Int(desc[desc.index(after: e)...].replacingPlus()) ?? 0
    }
    var digits = ""
    var decpt = 0
    if let dot = mantissa.firstIndex(of: ".") {
        let intPart = mantissa[..<dot]
        digits = String(intPart) + mantissa[mantissa.index(after: dot)...]
        decpt = intPart.count + exp
    } else {
        digits = String(mantissa)
        decpt = mantissa.count + exp
    }
    while digits.count > 1, digits.first == "0" {
        digits.removeFirst()
        decpt -= 1
    }
    while digits.count > 1, digits.last == "0" { digits.removeLast() }
    let sign = d < 0 ? "-" : ""
    if decpt > -4 && decpt <= 16 {
        var s: String
        if decpt <= 0 {
            s = "0." + String(repeating: "0", count: -decpt) + digits
        } else if digits.count <= decpt {
            s = digits + String(repeating: "0", count: decpt - digits.count) + ".0"
        } else {
            let i = digits.index(digits.startIndex, offsetBy: decpt)
            s = digits[..<i] + "." + digits[i...]
        }
        return sign + s
    }
    var m = String(digits.first!)
    if digits.count > 1 { m += "." + digits.dropFirst() }
    let e = decpt - 1
    let eAbs = e < 0 ? -e : e
    return sign + m + "e" + (e < 0 ? "-" : "+") + (eAbs < 10 ? "0" : "") + String(eAbs)
}

extension StringProtocol {
    fileprivate func replacingPlus() -> String {
        hasPrefix("+") ? String(dropFirst()) : String(self)
    }
}

/// PyYAML's float representer text (`1.0e-05`, `.nan`, `-.inf`).
func yamlFloatText(_ d: Double) -> String {
    if d.isNaN { return ".nan" }
    if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
    var s = pyFloatRepr(d).lowercased()
    if !s.contains("."), let e = s.firstIndex(of: "e") {
        s.replaceSubrange(e...e, with: ".0e")
    }
    return s
}

/// A port of PyYAML's emitter for `safe_dump(default_flow_style=False, indent=2)` of plain data.
struct PyYAMLEmitter {
    private struct Analysis {
        var empty = false, multiline = false
        var allowFlowPlain = true, allowBlockPlain = true, allowSingleQuoted = true
    }

    private enum Style { case plain, single, double }

    private let strict: Bool
    private let bestIndent = 2
    private let bestWidth = 80
    private var out: [Unicode.Scalar] = []
    private var column = 0
    private var whitespace = true
    private var indention = true
    private var openEnded = false
    private var indent: Int?
    private var indents: [Int?] = []
    private var flowLevel = 0
    private var rootContext = false
    private var mappingContext = false
    private var simpleKeyContext = false

    private init(strict: Bool) { self.strict = strict }

    /// Guild's `encode_yaml`: the dump stripped of surrounding whitespace and a trailing `\n...`.
    static func encode(_ value: YAMLValue, strict: Bool) -> String {
        var e = PyYAMLEmitter(strict: strict)
        e.emitNode(value, root: true)
        e.writeIndent()
        if e.openEnded {
            e.writeIndicator("...", needWhitespace: true)
            e.writeIndent()
        }
        var s = String(String.UnicodeScalarView(e.out))
        s = s.trimmingPyWhitespace()
        if s.hasSuffix("\n...") { s.removeLast(4) }
        return s
    }

    private mutating func emitNode(_ v: YAMLValue, root: Bool = false, mapping: Bool = false, simpleKey: Bool = false) {
        rootContext = root
        mappingContext = mapping
        simpleKeyContext = simpleKey
        switch v {
        case .list(let items):
            if flowLevel > 0 || items.isEmpty { flowSequence(items) } else { blockSequence(items) }
        case .map(let m):
            if flowLevel > 0 || m.isEmpty { flowMapping(m) } else { blockMapping(m) }
        case .string(let s): scalar(Array(s.unicodeScalars), isString: true)
        case .int(let i): scalar(Array(String(i).unicodeScalars), isString: false)
        case .float(let d): scalar(Array(yamlFloatText(d).unicodeScalars), isString: false)
        case .bool(let b): scalar(Array((b ? "true" : "false").unicodeScalars), isString: false)
        case .null: scalar(Array("null".unicodeScalars), isString: false)
        }
    }

    private mutating func increaseIndent(flow: Bool = false, indentless: Bool = false) {
        indents.append(indent)
        if let i = indent {
            if !indentless { indent = i + bestIndent }
        } else {
            indent = flow ? bestIndent : 0
        }
    }

    private mutating func popIndent() { indent = indents.removeLast() }

    private mutating func flowSequence(_ items: [YAMLValue]) {
        writeIndicator("[", needWhitespace: true, whitespace: true)
        flowLevel += 1
        increaseIndent(flow: true)
        for (i, item) in items.enumerated() {
            if i > 0 { writeIndicator(",", needWhitespace: false) }
            if column > bestWidth { writeIndent() }
            emitNode(item)
        }
        popIndent()
        flowLevel -= 1
        writeIndicator("]", needWhitespace: false)
    }

    private mutating func flowMapping(_ m: [String: YAMLValue]) {
        writeIndicator("{", needWhitespace: true, whitespace: true)
        flowLevel += 1
        increaseIndent(flow: true)
        for (i, key) in m.keys.sorted(by: pyLess).enumerated() {
            if i > 0 { writeIndicator(",", needWhitespace: false) }
            if column > bestWidth { writeIndent() }
            if isSimpleKey(key) {
                emitNode(.string(key), mapping: true, simpleKey: true)
                writeIndicator(":", needWhitespace: false)
            } else {
                writeIndicator("?", needWhitespace: true)
                emitNode(.string(key), mapping: true)
                if column > bestWidth { writeIndent() }
                writeIndicator(":", needWhitespace: true)
            }
            emitNode(m[key]!, mapping: true)
        }
        popIndent()
        flowLevel -= 1
        writeIndicator("}", needWhitespace: false)
    }

    private mutating func blockSequence(_ items: [YAMLValue]) {
        increaseIndent(indentless: mappingContext && !indention)
        for item in items {
            writeIndent()
            writeIndicator("-", needWhitespace: true, indention: true)
            emitNode(item)
        }
        popIndent()
    }

    private mutating func blockMapping(_ m: [String: YAMLValue]) {
        increaseIndent()
        for key in m.keys.sorted(by: pyLess) {
            writeIndent()
            if isSimpleKey(key) {
                emitNode(.string(key), mapping: true, simpleKey: true)
                writeIndicator(":", needWhitespace: false)
            } else {
                writeIndicator("?", needWhitespace: true, indention: true)
                emitNode(.string(key), mapping: true)
                writeIndent()
                writeIndicator(":", needWhitespace: true, indention: true)
            }
            emitNode(m[key]!, mapping: true)
        }
        popIndent()
    }

    private func isSimpleKey(_ key: String) -> Bool {
        let text = Array(key.unicodeScalars)
        let a = analyze(text)
        // "!!str".count == 5: the prepared tag counts toward the 128 limit.
        return text.count + 5 < 128 && !a.empty && !a.multiline
    }

    private mutating func scalar(_ text: [Unicode.Scalar], isString: Bool) {
        increaseIndent(flow: true)
        let a = analyze(text)
        let implicitPlain =
            isString ? PyYAMLResolver.resolvesToString(String(String.UnicodeScalarView(text)), strict: strict) : true
        var style = Style.double
        if implicitPlain && !(simpleKeyContext && (a.empty || a.multiline))
            && (flowLevel > 0 ? a.allowFlowPlain : a.allowBlockPlain)
        {
            style = .plain
        } else if a.allowSingleQuoted && !(simpleKeyContext && a.multiline) {
            style = .single
        }
        let split = !simpleKeyContext
        switch style {
        case .plain: writePlain(text, split: split)
        case .single: writeSingleQuoted(text, split: split)
        case .double: writeDoubleQuoted(text, split: split)
        }
        popIndent()
    }

    private static func isBreak(_ c: Unicode.Scalar) -> Bool {
        c == "\n" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}"
    }

    private static func isBlankOrEnd(_ c: Unicode.Scalar) -> Bool {
        c == "\0" || c == " " || c == "\t" || c == "\r" || isBreak(c)
    }

    private func analyze(_ s: [Unicode.Scalar]) -> Analysis {
        if s.isEmpty {
            return Analysis(
                empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true)
        }
        var blockIndicators = false, flowIndicators = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        let str = String(String.UnicodeScalarView(s))
        if str.hasPrefix("---") || str.hasPrefix("...") {
            blockIndicators = true
            flowIndicators = true
        }
        var precededByWhitespace = true
        var followedByWhitespace = s.count == 1 || Self.isBlankOrEnd(s[1])
        var previousSpace = false, previousBreak = false
        for (index, ch) in s.enumerated() {
            if index == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(ch) {
                    flowIndicators = true
                    blockIndicators = true
                }
                if ch == "?" || ch == ":" {
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                }
                if ch == "-" && followedByWhitespace {
                    flowIndicators = true
                    blockIndicators = true
                }
            } else {
                if ",?[]{}".unicodeScalars.contains(ch) { flowIndicators = true }
                if ch == ":" {
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                }
                if ch == "#" && precededByWhitespace {
                    flowIndicators = true
                    blockIndicators = true
                }
            }
            if Self.isBreak(ch) { lineBreaks = true }
            if !(ch == "\n" || (0x20...0x7E).contains(ch.value)) { special = true }
            if ch == " " {
                if index == 0 { leadingSpace = true }
                if index == s.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.isBreak(ch) {
                if index == 0 { leadingBreak = true }
                if index == s.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.isBlankOrEnd(ch)
            followedByWhitespace = index + 2 >= s.count || Self.isBlankOrEnd(s[index + 2])
        }
        var a = Analysis(empty: false, multiline: lineBreaks)
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
            a.allowFlowPlain = false
            a.allowBlockPlain = false
        }
        if breakSpace {
            a.allowFlowPlain = false
            a.allowBlockPlain = false
            a.allowSingleQuoted = false
        }
        if spaceBreak || special {
            a.allowFlowPlain = false
            a.allowBlockPlain = false
            a.allowSingleQuoted = false
        }
        if lineBreaks {
            a.allowFlowPlain = false
            a.allowBlockPlain = false
        }
        if flowIndicators { a.allowFlowPlain = false }
        if blockIndicators { a.allowBlockPlain = false }
        return a
    }

    private mutating func write(_ s: some Sequence<Unicode.Scalar>) {
        let before = out.count
        out.append(contentsOf: s)
        column += out.count - before
    }

    private mutating func writeIndicator(
        _ indicator: String, needWhitespace: Bool, whitespace ws: Bool = false, indention ind: Bool = false
    ) {
        let data = (whitespace || !needWhitespace) ? indicator : " " + indicator
        whitespace = ws
        indention = indention && ind
        openEnded = false
        write(data.unicodeScalars)
    }

    private mutating func writeIndent() {
        let ind = indent ?? 0
        if !indention || column > ind || (column == ind && !whitespace) {
            writeLineBreak()
        }
        if column < ind {
            whitespace = true
            write(repeatElement(" " as Unicode.Scalar, count: ind - column))
        }
    }

    private mutating func writeLineBreak(_ data: Unicode.Scalar = "\n") {
        whitespace = true
        indention = true
        out.append(data)
        column = 0
    }

    private mutating func writeBreaks(_ text: ArraySlice<Unicode.Scalar>) {
        if text.first == "\n" { writeLineBreak() }
        for br in text { writeLineBreak(br) }
    }

    private mutating func writePlain(_ text: [Unicode.Scalar], split: Bool) {
        if rootContext { openEnded = true }
        if text.isEmpty { return }
        if !whitespace { write(" ".unicodeScalars) }
        whitespace = false
        indention = false
        var spaces = false, breaks = false
        var start = 0, end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if spaces {
                if ch != " " {
                    if start + 1 == end && column > bestWidth && split {
                        writeIndent()
                        whitespace = false
                        indention = false
                    } else {
                        write(text[start..<end])
                    }
                    start = end
                }
            } else if breaks {
                if ch == nil || !Self.isBreak(ch!) {
                    writeBreaks(text[start..<end])
                    writeIndent()
                    whitespace = false
                    indention = false
                    start = end
                }
            } else if ch == nil || ch == " " || Self.isBreak(ch!) {
                write(text[start..<end])
                start = end
            }
            if let ch {
                spaces = ch == " "
                breaks = Self.isBreak(ch)
            }
            end += 1
        }
    }

    private mutating func writeSingleQuoted(_ text: [Unicode.Scalar], split: Bool) {
        writeIndicator("'", needWhitespace: true)
        var spaces = false, breaks = false
        var start = 0, end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if spaces {
                if ch != " " {
                    if start + 1 == end && column > bestWidth && split && start != 0 && end != text.count {
                        writeIndent()
                    } else {
                        write(text[start..<end])
                    }
                    start = end
                }
            } else if breaks {
                if ch == nil || !Self.isBreak(ch!) {
                    writeBreaks(text[start..<end])
                    writeIndent()
                    start = end
                }
            } else if ch == nil || ch == " " || ch == "'" || Self.isBreak(ch!) {
                if start < end {
                    write(text[start..<end])
                    start = end
                }
            }
            if ch == "'" {
                write("''".unicodeScalars)
                start = end + 1
            }
            if let ch {
                spaces = ch == " "
                breaks = Self.isBreak(ch)
            }
            end += 1
        }
        writeIndicator("'", needWhitespace: false)
    }

    private static let escapes: [UInt32: String] = [
        0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
        0x1B: "e", 0x22: "\"", 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
    ]

    private static func hex(_ v: UInt32, width: Int) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - h.count)) + h
    }

    private mutating func writeDoubleQuoted(_ text: [Unicode.Scalar], split: Bool) {
        writeIndicator("\"", needWhitespace: true)
        var start = 0, end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if ch == nil || "\"\\\u{85}\u{2028}\u{2029}\u{FEFF}".unicodeScalars.contains(ch!)
                || !(0x20...0x7E).contains(ch!.value)
            {
                if start < end {
                    write(text[start..<end])
                    start = end
                }
                if let ch {
                    let data: String
                    if let e = Self.escapes[ch.value] {
                        data = "\\" + e
                    } else if ch.value <= 0xFF {
                        data = "\\x" + Self.hex(ch.value, width: 2)
                    } else if ch.value <= 0xFFFF {
                        data = "\\u" + Self.hex(ch.value, width: 4)
                    } else {
                        data = "\\U" + Self.hex(ch.value, width: 8)
                    }
                    write(data.unicodeScalars)
                    start = end + 1
                }
            }
            if end > 0 && end < text.count - 1 && (ch == " " || start >= end)
                && column + (end - start) > bestWidth && split
            {
                var data = Array(text[start..<max(start, end)])
                data.append("\\")
                if start < end { start = end }
                write(data)
                writeIndent()
                whitespace = false
                indention = false
                if text[start] == " " { write("\\".unicodeScalars) }
            }
            end += 1
        }
        writeIndicator("\"", needWhitespace: false)
    }
}

extension String {
    /// Python `str.strip()` for the whitespace a YAML dump can start or end with.
    fileprivate func trimmingPyWhitespace() -> String {
        let ws: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !ws.contains($0) }),
            let last = scalars.lastIndex(where: { !ws.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
