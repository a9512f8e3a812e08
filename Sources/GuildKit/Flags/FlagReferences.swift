import Foundation

/// `${flag}` references in resource specs, source paths and rename rules (Guild's `resolve_refs`).
enum FlagReferences {
    struct Undefined: Error {
        let name: String
    }

    /// `text` with each `${name}` replaced by the flag's value; a string value goes in as is,
    /// other values as YAML.
    static func resolve(_ text: String, flags: [String: YAMLValue]) throws(Undefined) -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = text[...]
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            out += rest[..<start.lowerBound]
            let name = String(rest[start.upperBound..<end])
            guard let value = flags[name] else { throw Undefined(name: name) }
            out += value.stringValue ?? value.flowEncoded()
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
