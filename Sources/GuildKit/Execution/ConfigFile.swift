import Foundation

/// A JSON, YAML, TOML or INI config file used as a flags destination (`flags-dest: config:PATH`,
/// reference 4.4).
struct ConfigFile {
    enum Format { case json, yaml, toml, ini }

    let path: String
    let format: Format

    init(path: String) throws {
        self.path = path
        var name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".in") { name.removeLast(3) }
        if name.hasSuffix(".json") {
            format = .json
        } else if name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            format = .yaml
        } else if name.hasSuffix(".toml") {
            format = .toml
        } else if name.hasSuffix(".cfg") || name.hasSuffix(".ini") {
            format = .ini
        } else {
            throw GuildError(
                "unsupported config file type for '\(path)': expected .json, .yml, .yaml, .toml, .cfg or .ini")
        }
    }

    /// Loads the file as a mapping.
    func load(relativeTo directory: URL) throws -> [String: YAMLValue] {
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw GuildError("cannot read config file '\(path)' in \(directory.path)")
        }
        let value: YAMLValue
        do {
            // JSON is a subset of YAML's flow style, so one loader serves both.
            switch format {
            case .toml: value = try TOMLText.load(text, path: url.path)
            case .ini: value = .map(try INIText.load(text))
            case .json, .yaml: value = try YAMLValue.load(text)
            }
        } catch {
            throw GuildError("error in \(url.path): \(error)")
        }
        if value.isNull { return [:] }
        guard let map = value.mapValue else {
            throw GuildError("error in \(url.path): expected a mapping at the top level")
        }
        return map
    }

    /// Nested mappings flattened to dotted names (`train.lr`).
    static func flatten(_ map: [String: YAMLValue], prefix: String = "") -> [String: YAMLValue] {
        var out: [String: YAMLValue] = [:]
        for (key, value) in map {
            let name = prefix + key
            if case .map(let inner) = value, !inner.isEmpty {
                out.merge(flatten(inner, prefix: name + "."), uniquingKeysWith: { $1 })
            } else {
                out[name] = value
            }
        }
        return out
    }

    /// `map` with each dotted flag applied: an existing key with the dot wins, else nested
    /// mappings are created.
    static func apply(_ flags: [String: YAMLValue], to map: [String: YAMLValue]) throws -> [String: YAMLValue] {
        var result = map
        for (name, value) in flags.sorted(by: { $0.key < $1.key }) where !value.isNull {
            try set(&result, path: name[...], value: value, fullName: name)
        }
        return result
    }

    private static func set(_ map: inout [String: YAMLValue], path: Substring, value: YAMLValue, fullName: String)
        throws
    {
        if map[String(path)] != nil || !path.contains(".") {
            map[String(path)] = value
            return
        }
        let dot = path.firstIndex(of: ".")!
        let head = String(path[..<dot])
        var inner: [String: YAMLValue]
        switch map[head] {
        case nil: inner = [:]
        case .map(let m)?: inner = m
        case .some:
            throw GuildError("cannot apply flag '\(fullName)' to config: '\(head)' is not a mapping")
        }
        try set(&inner, path: path[path.index(after: dot)...], value: value, fullName: fullName)
        map[head] = .map(inner)
    }

    /// The file's text in its format: sorted one-line JSON or Guild's block YAML.
    func encode(_ map: [String: YAMLValue]) -> String {
        switch format {
        case .json: return JSONText.encode(.map(map))
        case .toml: return TOMLText.encode(map)
        case .ini: return INIText.encode(map)
        case .yaml:
            // Guild strips the encoded YAML, so the file has no final newline.
            var text = YAMLValue.map(map).attrEncoded()
            while text.last == "\n" { text.removeLast() }
            return text
        }
    }
}
