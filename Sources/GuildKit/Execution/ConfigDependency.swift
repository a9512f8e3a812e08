import Foundation

/// The `config:` dependency that writes the op's config file with the run's flag values
/// (reference 4.4); Guild adds it for every `flags-dest: config:PATH` op.
struct ConfigDependency {
    let path: String
    let flags: [String: YAMLValue]
    let flagDefs: [FlagDef]
    let projectDirectory: URL

    init?(prepared: PreparedRun) {
        guard let dest = prepared.command.flagsDest.split(separator: ":", maxSplits: 1).last,
            prepared.command.flagsDest.hasPrefix("config:")
        else { return nil }
        path = String(dest)
        flags = prepared.flags
        flagDefs = prepared.flagDefs
        projectDirectory = prepared.resolved.guildfile.directory
    }

    /// The project-relative path of the config file, left out of the source code copy.
    static func projectPath(of prepared: PreparedRun) -> String? {
        ConfigDependency(prepared: prepared)?.path
    }

    var uri: String { "config:\(path)" }

    /// The resource data recorded in the `op` attr's `deps`.
    func opData(location: String) -> YAMLValue {
        .map([
            "location": .string(location),
            "name": .string(uri),
            "sources": .list([
                .map(["always-resolve": .bool(true), "config": .string(path), "replace-existing": .bool(true)])
            ]),
        ])
    }

    /// Writes the config into `.guild/generated/<tmp>/` and copies it to the run dir.
    /// - Returns: the `deps` attr entry for this dependency.
    func resolve(into run: Run) throws -> YAMLValue {
        let config = try ConfigFile(path: path)
        let base = try config.load(relativeTo: projectDirectory)
        var values: [String: YAMLValue] = [:]
        for (name, value) in flags {
            let def = flagDefs.first { $0.name == name }
            var v = value
            if let split = def?.argSplit, split != .bool(false), case .string(let text) = value {
                v = .list(((try? Shlex.split(text)) ?? [text]).map { FlagValueDecoder.decode($0) })
            }
            values[def?.argName ?? name] = v
        }
        let applied: [String: YAMLValue]
        do {
            applied = try ConfigFile.apply(values, to: base)
        } catch let error as GuildError {
            throw GuildError("\(path): \(error.description)")
        }
        let text = config.encode(applied)
        let tmpName = "cfg" + String(UUID().uuidString.prefix(8)).lowercased()
        let generatedDir = run.guildDirectory.appendingPathComponent("generated/\(tmpName)")
        try FileManager.default.createDirectory(at: generatedDir, withIntermediateDirectories: true)
        let fileName = (path as NSString).lastPathComponent
        let generated = generatedDir.appendingPathComponent(fileName)
        try FastFile.write(text, to: generated.path)
        let target = run.directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FastFile.copy(from: generated.path, to: target.path)
        try Manifest.append(
            [ManifestEntry(kind: .dependency, path: path, sha1: Hashing.sha1(ofFile: target), source: uri)],
            runDirectory: run.directory)
        let relGenerated = ".guild/generated/\(tmpName)/\(fileName)"
        return .map([uri: .map(["paths": .list([.string(relGenerated)]), "uri": .string(uri)])])
    }
}
