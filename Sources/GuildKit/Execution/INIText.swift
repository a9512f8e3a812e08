import Foundation

/// INI config files (`.cfg`, `.ini`) as Guild AI reads and writes them with Python's
/// `configparser`: `[DEFAULT]` keys at the top level, each other section a mapping that also sees
/// the defaults; values typed as `getint`, `getfloat`, `getboolean`, else text.
enum INIText {
    /// The file as a mapping.
    /// - Throws: `GuildError` for a line that is neither a section, a key, a comment nor blank.
    static func load(_ text: String) throws -> [String: YAMLValue] {
        var defaults: [String: YAMLValue] = [:]
        var sections: [(String, [String: YAMLValue])] = []
        var current: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast())
                current = name == "DEFAULT" ? nil : name
                if let current, !sections.contains(where: { $0.0 == current }) { sections.append((current, [:])) }
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw GuildError("line \(number + 1): expected KEY = VALUE, got '\(line)'")
            }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = typed(line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces))
            if let current, let i = sections.firstIndex(where: { $0.0 == current }) {
                sections[i].1[key] = value
            } else {
                defaults[key] = value
            }
        }
        var out = defaults
        for (name, values) in sections { out[name] = .map(defaults.merging(values) { $1 }) }
        return out
    }

    /// configparser's `getint`, `getfloat`, `getboolean`, else the text.
    private static func typed(_ text: String) -> YAMLValue {
        if let int = Int(text) { return .int(int) }
        if let double = Double(text), !text.lowercased().hasPrefix("0x") { return .float(double) }
        switch text.lowercased() {
        case "1", "yes", "true", "on": return .bool(true)
        case "0", "no", "false", "off": return .bool(false)
        default: return .string(text)
        }
    }

    /// Guild's `encode_cfg`: top-level values under `[DEFAULT]`, each mapping a section, keys
    /// sorted, values as Python's `str()`.
    static func encode(_ map: [String: YAMLValue]) -> String {
        var defaults: [String] = []
        var sections: [String] = []
        for key in map.keys.sorted() {
            if case .map(let values) = map[key]! {
                sections.append(
                    "[\(key)]\n" + values.keys.sorted().map { "\($0) = \(pyStr(values[$0]!))\n" }.joined() + "\n")
            } else {
                defaults.append("\(key) = \(pyStr(map[key]!))\n")
            }
        }
        return (defaults.isEmpty ? "" : "[DEFAULT]\n" + defaults.joined() + "\n") + sections.joined()
    }
}
