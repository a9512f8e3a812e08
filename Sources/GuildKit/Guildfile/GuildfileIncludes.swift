import Foundation

/// Guild AI's two ways for a guild.yml to reuse definitions (guildfile-include.md):
/// top-level `include: FILE` items, replaced by the items of the files they name (relative to
/// the including file), and `$include: REF` inside an `operations` or `flags` section, which
/// merges that section of a `config:` or `model:` item (`NAME`) or of one of its operations
/// (`NAME:OP`), optionally only some attributes (`REF#a,b`).
struct GuildfileIncludes {
    /// The top-level items of the guild.yml and the files it includes, for `$include` lookups.
    var items: [[String: YAMLValue]] = []

    /// `root` with its `include` items expanded, recursively.
    /// - Parameter file: the file `root` was read from; includes are relative to its directory.
    /// - Throws: `GuildfileFormatError` for a missing include, a cycle, or an unreadable file.
    static func expand(_ root: YAMLValue, file: URL, including: [String] = []) throws -> YAMLValue {
        guard case .list(let items) = root else { return root }
        var out: [YAMLValue] = []
        let chain = including + [file.standardizedFileURL.path]
        for item in items {
            guard let include = item.mapValue?["include"] else {
                out.append(item)
                continue
            }
            for name in include.listValue ?? [include] {
                guard let name = name.stringValue else {
                    throw GuildfileFormatError(message: "invalid include value \(include.flowEncoded())")
                }
                let path = file.deletingLastPathComponent().appendingPathComponent(name).standardizedFileURL
                guard FileManager.default.fileExists(atPath: path.path) else {
                    throw GuildfileFormatError(
                        message: "cannot find include '\(name)' (includes must be local to including Guild file "
                            + "or a Guild package on the system path)")
                }
                if chain.contains(path.path) {
                    throw GuildfileFormatError(
                        message: "cycle in 'includes': \((chain + [path.path]).joined(separator: " -> "))")
                }
                let included = try load(path)
                let expanded = try expand(included.isNull ? .list([]) : included, file: path, including: chain)
                out += expanded.listValue ?? [expanded]
            }
        }
        return .list(out)
    }

    private static func load(_ url: URL) throws -> YAMLValue {
        guard let text = FastFile.readString(url.path) else {
            throw GuildfileFormatError(message: "cannot read include \(url.path)")
        }
        do {
            return try YAMLValue.load(text)
        } catch {
            throw GuildfileFormatError(message: "error in \(url.path): \(error)")
        }
    }

    /// The `section` (`operations` or `flags`) of `data` with its `$include` references
    /// resolved: included entries first, then the section's own, a mapping merged key by key.
    func resolve(_ section: YAMLValue?, name: String, seen: Set<String> = []) throws -> [String: YAMLValue] {
        guard case .map(let data)? = section else { return [:] }
        var resolved: [String: YAMLValue] = [:]
        var seen = seen
        if let refs = data["$include"] {
            for ref in refs.listValue ?? [refs] {
                guard let ref = ref.stringValue else {
                    throw GuildfileFormatError(message: "invalid $include value \(refs.flowEncoded())")
                }
                if seen.contains(ref) { break }
                seen.insert(ref)
                let included = try resolve(.map(try target(of: ref, section: name)), name: name, seen: seen)
                for key in included.keys.sorted() { Self.apply(key, included[key]!, to: &resolved) }
            }
        }
        for key in data.keys.sorted() where key != "$include" { Self.apply(key, data[key]!, to: &resolved) }
        return resolved
    }

    private static func apply(_ key: String, _ value: YAMLValue, to resolved: inout [String: YAMLValue]) {
        if case .map(let new) = value, case .map(var current)? = resolved[key] {
            for (k, v) in new { current[k] = v }
            resolved[key] = .map(current)
        } else {
            resolved[key] = value
        }
    }

    /// The section a `$include` reference names.
    private func target(of ref: String, section: String) throws -> [String: YAMLValue] {
        let body = ref.split(separator: "#", maxSplits: 1).map(String.init)
        let attrs = body.count > 1 ? Set(body[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) : nil
        let parts = body[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let itemName = parts[0]
        let opName = parts.count > 1 ? parts[1] : nil
        for item in items where (item["model"] ?? item["config"])?.stringValue == itemName {
            var data: [String: YAMLValue]
            if let opName {
                guard let op = item["operations"]?.mapValue?[opName]?.mapValue else { continue }
                data = op[section]?.mapValue ?? [:]
            } else {
                data = item[section]?.mapValue ?? [:]
            }
            if let attrs { data = data.filter { attrs.contains($0.key) } }
            return data
        }
        throw GuildfileFormatError(message: "invalid include reference '\(ref)': cannot find target")
    }
}
