import Foundation

/// `file:` sources: a file, a directory, or an archive, found under the guild.yml directory.
struct FileSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        if let value = dependency.configValue(for: source) {
            return [try Self.flagPath(value, for: source, context: context)]
        }
        let path = try context.resolveReferences(source.path, in: source.resolvingName)
        let absolute = PathText.normalize(PathText.join(dependency.location.path, path))
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw DependencyError("cannot find source file '\(path)'")
        }
        let unpackDirectory = Self.cacheDirectory(for: absolute, context: context)
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir)
        let resolved =
            isDir.boolValue && source.select.isEmpty
            ? [absolute]
            : try SourceFiles.resolve(absolute, source: source, unpackDirectory: unpackDirectory, log: context.log)
        try Self.check(resolved, source: source, context: context)
        try PostProcess.run(source, of: dependency, in: unpackDirectory, context: context)
        return resolved
    }

    /// The resource cache directory archives at `path` unpack into.
    static func cacheDirectory(for path: String, context: ResolveContext) -> String {
        context.resourcesDirectory.appendingPathComponent(String(Hashing.sha256("file\n" + path).prefix(56))).path
    }

    /// A path given as the source's flag value, relative to the current directory.
    static func flagPath(_ value: YAMLValue, for source: ResourceSource, context: ResolveContext) throws -> String {
        let text = value.stringValue ?? value.flowEncoded()
        let cwd = context.guildContext.cwd.path
        let path = PathText.normalize(PathText.join(cwd, text))
        guard FileManager.default.fileExists(atPath: path) else { throw DependencyError("\(path) does not exist") }
        context.log("Using \(PathText.relative(path, to: cwd)) for \(source.resolvingName)")
        return path
    }

    /// Guild's `_check_source_resolved`: nothing resolved is an error only with `fail-if-empty`.
    static func check(_ resolved: [String], source: ResourceSource, context: ResolveContext) throws {
        guard resolved.isEmpty else { return }
        if source.failIfEmpty { throw DependencyError("nothing resolved for \(source.resolvingName)") }
        if source.warnIfEmpty { context.log("WARNING: nothing resolved for \(source.resolvingName)") }
    }
}
