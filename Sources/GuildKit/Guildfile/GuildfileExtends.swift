import Foundation

/// Guild AI's `extends` (guildfile-extends.md): a model or config takes what it does not define
/// itself from the models and configs it extends (first parent first, mappings filled in key by
/// key), then `{{ name }}` references are replaced by its `params`.
enum GuildfileExtends {
    /// What a parent passes on.
    private static let inheritable: Set<String> = [
        "description", "extra", "flags", "operation-defaults", "operations", "params", "references", "resources",
        "sourcecode",
    ]

    /// `item` with its parents' data applied and its params resolved.
    /// - Parameters:
    ///   - items: the guild.yml's top-level items (includes expanded), where parents are found.
    ///   - seen: the names extended so far, to find cycles.
    /// - Throws: `GuildfileFormatError` for an unknown parent, a package parent, or a cycle.
    static func extended(
        _ item: [String: YAMLValue], items: [[String: YAMLValue]], seen: [String] = [], resolveParams: Bool = true
    ) throws -> [String: YAMLValue] {
        var data = item
        let extends = item["extends"].map { $0.listValue ?? [$0] } ?? []
        for parentName in extends {
            guard let name = parentName.stringValue else {
                throw GuildfileFormatError(message: "invalid extends value \(parentName.flowEncoded())")
            }
            if seen.contains(name) {
                throw GuildfileFormatError(message: "cycle in 'extends': \((seen + [name]).joined(separator: " -> "))")
            }
            if let slash = name.firstIndex(of: "/") {
                throw GuildfileFormatError(message: "cannot find Guild file for package '\(name[..<slash])'")
            }
            guard let parent = items.first(where: { ($0["model"] ?? $0["config"])?.stringValue == name }) else {
                throw GuildfileFormatError(message: "undefined model or config '\(name)'")
            }
            let parentData = try extended(parent, items: items, seen: seen + [name], resolveParams: false)
            for (key, value) in parentData where inheritable.contains(key) {
                data[key] = data[key].map { fill($0, from: value) } ?? value
            }
        }
        guard resolveParams, case .map(let params)? = data["params"] else { return data }
        let resolvedParams = params.mapValues { resolve($0, params: params) }
        return data.mapValues { resolve($0, params: resolvedParams) }
    }

    /// A mapping filled with the keys of `parent` it lacks, recursively; anything else is kept.
    private static func fill(_ child: YAMLValue, from parent: YAMLValue) -> YAMLValue {
        guard case .map(var c) = child, case .map(let p) = parent else { return child }
        for (key, value) in p { c[key] = c[key].map { fill($0, from: value) } ?? value }
        return .map(c)
    }

    /// `{{ name }}` references in strings replaced by params; a string that is one reference
    /// takes the param's value as is. Unknown names stay as written.
    private static func resolve(_ value: YAMLValue, params: [String: YAMLValue], depth: Int = 0) -> YAMLValue {
        switch value {
        case .map(let m): return .map(m.mapValues { resolve($0, params: params, depth: depth) })
        case .list(let items): return .list(items.map { resolve($0, params: params, depth: depth) })
        case .string(let s) where s.contains("{{") && depth < 100:
            var parts: [YAMLValue] = []
            var rest = s[...]
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                if open.lowerBound > rest.startIndex { parts.append(.string(String(rest[..<open.lowerBound]))) }
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                parts.append(params[name] ?? .string(String(rest[open.lowerBound..<close.upperBound])))
                rest = rest[close.upperBound...]
            }
            if !rest.isEmpty { parts.append(.string(String(rest))) }
            let joined = parts.count == 1 ? parts[0] : .string(parts.map { $0.stringValue ?? pyStr($0) }.joined())
            return joined == value ? value : resolve(joined, params: params, depth: depth + 1)
        default: return value
        }
    }
}
