import Foundation

/// `config:` sources: a YAML or JSON file rewritten with the source's `params` and the run's
/// flag values into `.guild/generated/<tmp>/`, from where it is copied into the run (reference 4.4).
struct ConfigSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        let files = try FileSourceResolver().resolve(source, of: dependency, context: context)
        return try files.map { try generate(from: $0, source: source, context: context) }
    }

    private func generate(from path: String, source: ResourceSource, context: ResolveContext) throws -> String {
        let config: ConfigFile
        var map: [String: YAMLValue]
        do {
            config = try ConfigFile(path: path)
            map = try config.load(relativeTo: URL(fileURLWithPath: "/"))
        } catch {
            throw DependencyError("error loading config from \(path): \(error)")
        }
        do {
            if let params = source.params?.mapValue { map = try ConfigFile.apply(params, to: map) }
            var values = flagValues(context)
            if let only = source.extra["flags"]?.listValue.map({ Set($0.compactMap(\.stringValue)) }) {
                values = values.filter { only.contains($0.key) }
            }
            map = try ConfigFile.apply(values, to: map)
        } catch {
            throw DependencyError("\(PathText.basename(path)): \(error)")
        }
        let generated = context.run.guildDirectory.appendingPathComponent(
            "generated/" + Self.temporaryName() + "/" + PathText.basename(path))
        try FileManager.default.createDirectory(
            at: generated.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FastFile.write(config.encode(map), to: generated.path)
        return generated.path
    }

    /// The run's flags by their config names (`arg-name`), `arg-split` values as lists, as the
    /// run's `op` attr records them.
    private func flagValues(_ context: ResolveContext) -> [String: YAMLValue] {
        let cmdFlags = context.run.attribute("op")?.mapValue?["op-cmd"]?.mapValue?["cmd-flags"]?.mapValue ?? [:]
        var values: [String: YAMLValue] = [:]
        // Upstream run ids are not config (Guild AI writes them in too, e.g. `operation:prepare: <id>`).
        for (name, value) in context.flags where !value.isNull && !context.dependencyFlagNames.contains(name) {
            let def = cmdFlags[name]?.mapValue ?? [:]
            var v = value
            if let split = def["arg-split"], split != .bool(false), !split.isNull, case .string(let text) = value {
                v = .list(FlagSplitting.split(text, spec: split).map { FlagValueDecoder.decode($0) })
            }
            values[def["arg-name"]?.stringValue ?? name] = v
        }
        return values
    }

    /// A fresh directory name, like Python's `tempfile.mkdtemp(prefix="")`.
    private static func temporaryName() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        return String((0..<8).map { _ in letters.randomElement()! })
    }
}
