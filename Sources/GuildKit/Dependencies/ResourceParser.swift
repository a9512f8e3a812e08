import Foundation

/// Reads `requires` items and `resources` of guild.yml (or of a run's `op` attr) into resource defs.
struct ResourceParser {
    /// Accepted oddities, such as an unknown source attribute, reported as Guild AI warns.
    private(set) var warnings: [String] = []

    /// A `requires` item: a resource spec string, `{resource: spec}`, an inline resource, or a source.
    mutating func dependency(_ item: YAMLValue) throws -> DependencyDef {
        switch item {
        case .string(let spec):
            return .spec(spec)
        case .map(let data):
            if let spec = data["resource"] {
                guard let s = spec.stringValue else { throw invalid("invalid resource value \(spec.flowEncoded())") }
                return .spec(s)
            }
            return .inline(try resource(name: data["name"]?.stringValue, item))
        default:
            throw invalid("invalid dependency value \(item.flowEncoded()): expected a string or mapping")
        }
    }

    /// A resource from its mapping; a mapping without `sources` is itself the only source.
    mutating func resource(name: String?, _ value: YAMLValue) throws -> ResourceDef {
        let data: [String: YAMLValue]
        switch value {
        case .map(let m): data = m["sources"] == nil ? ["sources": .list([value])] : m
        case .list: data = ["sources": value]
        default: throw invalid("invalid resource value \(value.flowEncoded()): expected a mapping or a list")
        }
        var res = ResourceDef(name: name ?? data["name"]?.stringValue)
        res.data = data
        res.description = data["description"]?.stringValue ?? ""
        res.targetPath = data["target-path"]?.stringValue ?? data["path"]?.stringValue
        res.targetType = data["target-type"]?.stringValue
        res.preservePath = data["preserve-path"]?.boolValue ?? false
        res.defaultUnpack = data["default-unpack"]?.boolValue ?? true
        guard case .list(let items) = data["sources"] ?? .null else {
            throw invalid(
                "invalid sources value for resource '\(res.name ?? "resource")': \(data["sources"]!.flowEncoded())")
        }
        for item in items { res.sources.append(try source(item, in: res)) }
        return res
    }

    private mutating func source(_ item: YAMLValue, in res: ResourceDef) throws -> ResourceSource {
        let resName = res.name ?? "resource"
        switch item {
        case .string(let path):
            var s = ResourceSource(uri: "file:\(path)")
            s.unpack = res.defaultUnpack
            s.data = item
            return s
        case .map(let raw):
            let data = Dictionary(raw.map { ($0.key.replacingOccurrences(of: "_", with: "-"), $0.value) }) { a, _ in a }
            let present = SourceKind.all.filter { kind in data[kind.key].map(Self.isTruthy) ?? false }
            guard let kind = present.first else {
                let keys = SourceKind.all.map(\.key).joined(separator: ", ")
                throw invalid(
                    "invalid source \(item.flowEncoded()) in resource '\(resName)': missing required attribute "
                        + "(one of \(keys))")
            }
            guard present.count == 1 else {
                throw invalid(
                    "invalid source \(item.flowEncoded()) in resource '\(resName)': conflicting attributes "
                        + "(\(present.map(\.key).joined(separator: ", ")))")
            }
            let value = data[kind.key]!
            var s = ResourceSource(uri: kind.uri(for: value.stringValue ?? value.flowEncoded()))
            s.data = item
            try apply(data, to: &s, kind: kind, resource: res)
            return s
        default:
            throw invalid("invalid source for resource '\(resName)': \(item.flowEncoded())")
        }
    }

    private mutating func apply(
        _ data: [String: YAMLValue], to s: inout ResourceSource, kind: SourceKind, resource res: ResourceDef
    ) throws {
        s.name = data["name"]?.stringValue
        switch data["flag-name"] {
        case .bool(false)?: s.flagName = .disabled
        case .string(let n)?: s.flagName = .name(n)
        default: break
        }
        // A digest YAML reads as a number is still checked (and fails) rather than ignored.
        s.sha256 = data["sha256"].flatMap { $0.isNull ? nil : ($0.stringValue ?? $0.flowEncoded()) }
        s.unpack = data["unpack"]?.boolValue ?? res.defaultUnpack
        s.archiveType = data["type"]?.stringValue
        s.select =
            try patterns(data["select"], "select").map { SelectSpec(pattern: $0, reduce: .none) }
            + patterns(data["select-min"], "select-min").map { SelectSpec(pattern: $0, reduce: .min) }
            + patterns(data["select-max"], "select-max").map { SelectSpec(pattern: $0, reduce: .max) }
        s.optional = data["optional"]?.boolValue ?? false
        s.warnIfEmpty = data["warn-if-empty"]?.boolValue ?? true
        s.failIfEmpty = data["fail-if-empty"]?.boolValue ?? false
        s.rename = try renameSpecs(data["rename"])
        s.help = data["help"]?.stringValue
        s.postProcess = data["post-process"]?.stringValue
        s.targetPath = data["target-path"]?.stringValue ?? data["path"]?.stringValue
        s.targetType = data["target-type"]?.stringValue
        s.replaceExisting = data["replace-existing"]?.boolValue
        s.alwaysResolve = data["always-resolve"]?.boolValue
        s.preservePath = data["preserve-path"]?.boolValue ?? false
        s.params = data["params"]
        let known = SourceKind.commonAttributes.union(kind.extraAttributes)
        for key in data.keys.sorted() where !known.contains(key) && !SourceKind.all.contains(where: { $0.key == key }) {
            warnings.append("unexpected source attribute '\(key)' in resource '\(s.resolvingName)'")
        }
        for key in kind.extraAttributes { if let v = data[key] { s.extra[key] = v } }
    }

    private func patterns(_ value: YAMLValue?, _ what: String) throws -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let s)?: return [s]
        case .list(let items)?: return items.map { $0.stringValue ?? $0.flowEncoded() }
        case let other?: throw invalid("invalid \(what) val: \(other.flowEncoded())")
        }
    }

    private func renameSpecs(_ value: YAMLValue?) throws -> [RenameSpec] {
        guard let value, !value.isNull else { return [] }
        let items = value.listValue ?? [value]
        return try items.map { item in
            switch item {
            case .string(let spec):
                let parts = (try? Shlex.split(spec)) ?? []
                if parts.count == 2 { return RenameSpec(pattern: parts[0], replacement: parts[1]) }
                if parts.count == 1 { return RenameSpec(pattern: ".*", replacement: parts[0]) }
                throw invalid("invalid rename spec '\(spec)': expected 'PATTERN REPL' or 'NAME'")
            case .map(let m):
                return RenameSpec(
                    pattern: m["pattern"]?.stringValue ?? "", replacement: m["repl"]?.stringValue ?? "")
            default:
                throw invalid("invalid rename spec \(item.flowEncoded()): expected string or map")
            }
        }
    }

    private static func isTruthy(_ value: YAMLValue) -> Bool {
        switch value {
        case .null, .bool(false): return false
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    private func invalid(_ message: String) -> GuildfileFormatError { GuildfileFormatError(message: message) }
}

/// A `requires` item as written: a reference to a named resource, or the resource itself.
public enum DependencyDef: Sendable, Equatable {
    /// `name`, `model:name` or `package/name`; may hold `${flag}` references.
    case spec(String)
    case inline(ResourceDef)
}
