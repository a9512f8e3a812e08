import Foundation
import TOMLKit

/// TOML config files (DvC params, metrics) through TOMLKit: read as the JSON toml++ writes for
/// them, written back from values. Comments and key order of the original are not kept.
enum TOMLText {
    static func load(_ text: String, path: String) throws -> YAMLValue {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw GuildError("error in \(path): line \(error.source.begin.line): \(error.description)")
        }
        return try YAMLValue.load(table.convert(to: .json))
    }

    /// The mapping as TOML: scalars and arrays first, then one `[section]` per nested mapping.
    /// Written here rather than by toml++, which prints 0.3 as 0.29999999999999999.
    static func encode(_ map: [String: YAMLValue]) -> String {
        var lines: [String] = []
        table(map, path: [], into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func table(_ map: [String: YAMLValue], path: [String], into lines: inout [String]) {
        let keys = map.keys.sorted()
        let scalars = keys.filter { map[$0]?.mapValue == nil && map[$0] != .null }
        let tables = keys.filter { map[$0]?.mapValue != nil }
        if !path.isEmpty && (!scalars.isEmpty || tables.isEmpty) {
            if !lines.isEmpty { lines.append("") }
            lines.append("[" + path.map(key).joined(separator: ".") + "]")
        }
        for k in scalars { lines.append("\(key(k)) = \(inline(map[k]!))") }
        for k in tables { table(map[k]!.mapValue!, path: path + [k], into: &lines) }
    }

    private static func inline(_ v: YAMLValue) -> String {
        switch v {
        case .null: return "''"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            let text = "\(d)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .string(let s): return JSONText.encode(.string(s))
        case .list(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { "\(key($0)) = \(inline(m[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// A bare key when it can be one, else a quoted key.
    private static func key(_ k: String) -> String {
        let bare = !k.isEmpty && k.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return bare ? k : JSONText.encode(.string(k))
    }
}
