/// Python's `json.dumps(sort_keys=True)` text: one line, `", "` and `": "` separators.
public enum JSONText {
    public static func encode(_ value: YAMLValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return pyFloatRepr(d)
        case .string(let s): return quote(s)
        case .list(let items): return "[" + items.map(encode).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { quote($0) + ": " + encode(m[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    /// An object whose members keep the order given (Python's dicts keep insertion order);
    /// the values are already encoded.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += hex4(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ v: UInt32) -> String {
        "\\u" + String(v, radix: 16).leftPadded(to: 4)
    }
}
