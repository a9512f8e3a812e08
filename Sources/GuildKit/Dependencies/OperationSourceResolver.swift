import Foundation

/// `operation:` sources: files of an upstream run, by default its top-level generated files.
struct OperationSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        try Self.files(of: try upstreamRun(source, of: dependency, context: context), for: source, context: context)
    }

    /// The upstream run's files for `source`: its `select` matches, else its top-level generated files.
    static func files(of run: Run, for source: ResourceSource, context: ResolveContext) throws -> [String] {
        context.log("Using run \(run.id) for \(source.resolvingName)")
        let unpackDirectory = FileSourceResolver.cacheDirectory(for: run.path, context: context)
        var resolved = try SourceFiles.resolve(
            run.path, source: source, unpackDirectory: unpackDirectory, log: context.log)
        if source.select.isEmpty {
            let chosen = Self.defaultFiles(
                of: run, legacy: context.guildContext.environment["GUILD_LEGACY_OPDEP_SELECT"])
            resolved = resolved.filter { chosen.contains(PathText.basename($0)) }
        } else if resolved.isEmpty && !source.optional {
            // Guild AI completes the run without the files (a deliberate difference).
            let patterns = source.select.map { "'\($0.pattern)'" }.joined(separator: ", ")
            let running = run.status == .running ? " (it is still running)" : ""
            throw DependencyError("select \(patterns) matches no file in run \(run.id)\(running)")
        }
        try FileSourceResolver.check(resolved, source: source, context: context)
        return resolved
    }

    /// The run named by the source's flag value (a run id or id prefix, or a run directory), else
    /// the marked or latest run of the op.
    private func upstreamRun(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext)
        throws -> Run
    {
        let spec = try dependency.runSpec(for: source, context: context)
        if !spec.isEmpty, spec.contains("/"),
            FileManager.default.fileExists(atPath: PathText.join(spec, ".guild/opref"))
        {
            let path = PathText.normalize(PathText.join(context.guildContext.cwd.path, spec))
            return Run(id: PathText.basename(path), directory: URL(fileURLWithPath: path))
        }
        let patterns = try UpstreamRuns.patterns(source.path)
        let finder = UpstreamRuns(store: RunStore(runsDirectory: context.guildContext.runsDirectory))
        guard let run = finder.markedOrLatest(patterns, prefix: spec.isEmpty ? nil : spec) else {
            throw DependencyError("no suitable run for \(patterns.map(\.description).joined(separator: ","))")
        }
        return run
    }

    /// Top-level names in the run directory holding a file without a manifest entry: what the run
    /// generated. `GUILD_LEGACY_OPDEP_SELECT=1` adds dependencies, `=2` takes everything.
    static func defaultFiles(of run: Run, legacy: String?) -> Set<String> {
        let entries = Dictionary(
            Manifest.read(runDirectory: run.directory).map { (PathText.normalize($0.path), $0.kind) },
            uniquingKeysWith: { a, _ in a })
        var names = Set<String>()
        for rel in SourceFiles.allPaths(in: run.path) {
            let top = String(rel.split(separator: "/")[0])
            if names.contains(top) { continue }
            let kind: ManifestEntry.Kind?
            if let own = entries[rel] {
                kind = own
            } else {
                if top == ".guild" { continue }
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: run.path + "/" + rel, isDirectory: &isDir)
                if isDir.boolValue { continue }
                kind = parentKind(rel, entries)
            }
            let include: Bool
            switch legacy {
            case "1": include = kind == nil || kind == .dependency
            case "2": include = true
            default: include = kind == nil
            }
            if include { names.insert(top) }
        }
        return names
    }

    private static func parentKind(_ rel: String, _ entries: [String: ManifestEntry.Kind]) -> ManifestEntry.Kind? {
        var dir = PathText.dirname(rel)
        while !dir.isEmpty {
            if let kind = entries[dir] { return kind }
            dir = PathText.dirname(dir)
        }
        return nil
    }
}
