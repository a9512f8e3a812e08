import Foundation

/// A resource an operation needs, where its sources are looked up, and the flag values that
/// choose them (Guild's `OpDependency`).
public struct OperationDependency: Sendable {
    public var resource: ResourceDef
    /// The directory relative sources are found in: the guild.yml directory.
    public var location: URL
    /// Flag values named after the resource's sources (an upstream run id, a file path).
    public var config: [String: YAMLValue]

    /// The flag value that stands in for `source`'s location, if any.
    func configValue(for source: ResourceSource) -> YAMLValue? {
        for key in [source.flagName?.name, source.name, source.uri].compactMap({ $0 }) {
            if let value = config[key] { return value }
        }
        return nil
    }

    /// The run an upstream-run source is pinned to by its flag value (an id, id prefix or run
    /// directory), with `${flag}` references filled in; "" when there is none.
    func runSpec(for source: ResourceSource, context: ResolveContext) throws -> String {
        let value = configValue(for: source).map { $0.stringValue ?? $0.flowEncoded() } ?? ""
        return try context.resolveReferences(value, in: source.resolvingName)
    }

    /// The entry of the `op` attr's `deps` list: the resource data plus name, location and config.
    var opData: YAMLValue {
        var data = resource.data
        data["name"] = .string(resource.resolvingName)
        data["location"] = .string(location.path)
        if !config.isEmpty { data["config"] = .map(config) }
        return .map(data)
    }
}

/// Builds an operation's dependencies from guild.yml or from a run's `op` attr.
public enum OperationDependencies {
    /// The op's `requires` resources, plus the config source its `flags-dest: config:PATH` needs.
    /// - Throws: `GuildError` for a resource spec naming nothing.
    static func make(for resolved: ResolvedOperation, flags: [String: YAMLValue]) throws -> [OperationDependency] {
        var deps: [OperationDependency] = []
        for def in resolved.opdef.dependencies {
            let (resource, location) = try self.resource(for: def, in: resolved, flags: flags)
            deps.append(OperationDependency(resource: resource, location: location, config: [:]))
        }
        if let dest = resolved.opdef.flagsDest, dest.hasPrefix("config:") {
            addConfigSource(String(dest.dropFirst("config:".count)), to: &deps, location: resolved.guildfile.directory)
        }
        for i in deps.indices {
            deps[i].config = configFlags(deps[i].resource, flags: flags)
        }
        return deps
    }

    /// The dependencies recorded in a run's `op` attr, for a restart.
    static func recorded(in opAttribute: [String: YAMLValue], flags: [String: YAMLValue]) -> [OperationDependency] {
        var parser = ResourceParser()
        return (opAttribute["deps"]?.listValue ?? []).compactMap { item in
            guard var data = item.mapValue, let location = data["location"]?.stringValue else { return nil }
            let name = data["name"]?.stringValue
            for key in ["name", "location", "config"] { data[key] = nil }
            guard var resource = try? parser.resource(name: nil, .map(data)) else { return nil }
            resource.name = name
            resource.data = data
            return OperationDependency(
                resource: resource, location: URL(fileURLWithPath: location),
                config: configFlags(resource, flags: flags))
        }
    }

    /// Flag values for the resource's sources, by each source's candidate names.
    static func configFlags(_ resource: ResourceDef, flags: [String: YAMLValue]) -> [String: YAMLValue] {
        var config: [String: YAMLValue] = [:]
        for source in resource.sources {
            for name in source.flagNameCandidates { if let v = flags[name], !v.isNull { config[name] = v } }
        }
        return config
    }

    private static func resource(for def: DependencyDef, in resolved: ResolvedOperation, flags: [String: YAMLValue])
        throws -> (ResourceDef, URL)
    {
        let location = resolved.guildfile.directory
        let spec: String
        switch def {
        case .inline(let resource): return (resource, location)
        case .spec(let s): spec = (try? FlagReferences.resolve(s, flags: flags)) ?? s
        }
        let opName = resolved.fullName
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let term = #"^[a-zA-Z0-9_\-\.]+$"#
        let isTerm = { (s: String) in s.range(of: term, options: .regularExpression) != nil }
        if parts.count == 1 && isTerm(spec) {
            return (try named(spec, in: resolved.model, opName: opName), location)
        }
        if parts.count == 2 && isTerm(parts[0]) && isTerm(parts[1]) {
            guard let model = resolved.guildfile.models.first(where: { $0.name == parts[0] }) else {
                throw GuildError(
                    "model '\(parts[0])' in resource '\(spec)' required by operation '\(opName)' is not defined")
            }
            return (try named(parts[1], in: model, opName: opName), location)
        }
        let slash = spec.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if slash.count == 2 && isTerm(slash[0]) && isTerm(slash[1]) {
            throw GuildError("resource '\(spec)' required by operation '\(opName)' is not installed")
        }
        throw GuildError("invalid dependency '\(spec)' in operation '\(opName)'")
    }

    private static func named(_ name: String, in model: ModelDef, opName: String) throws -> ResourceDef {
        guard var resource = model.resources[name] else {
            throw GuildError("resource '\(name)' required by operation '\(opName)' is not defined")
        }
        resource.name = resource.name ?? name
        return resource
    }

    /// Guild's config_flags plugin: an existing `config:PATH` source is made to re-resolve on
    /// restart; otherwise a new one is added.
    private static func addConfigSource(_ path: String, to deps: inout [OperationDependency], location: URL) {
        let uri = "config:\(path)"
        for i in deps.indices {
            for j in deps[i].resource.sources.indices where deps[i].resource.sources[j].uri == uri {
                deps[i].resource.sources[j].alwaysResolve = deps[i].resource.sources[j].alwaysResolve ?? true
                deps[i].resource.sources[j].replaceExisting = deps[i].resource.sources[j].replaceExisting ?? true
                return
            }
        }
        var source = ResourceSource(uri: uri)
        source.alwaysResolve = true
        source.replaceExisting = true
        source.data = .map(["always-resolve": .bool(true), "config": .string(path), "replace-existing": .bool(true)])
        deps.append(OperationDependency(resource: ResourceDef(source: source), location: location, config: [:]))
    }
}
