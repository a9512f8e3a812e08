import Foundation

extension ResolvedOperation {
    /// The op's flags as `guild run` sees them: guild.yml's, those imported from its script or
    /// config file, and one per dependency that names a run or a file flag.
    /// - Parameter cacheDirectory: `GH/cache`, where script imports are remembered.
    public func effectiveFlagDefs(cacheDirectory: URL) throws -> [FlagDef] {
        DependencyFlags.flagDefs(
            try withImportedFlags(cacheDirectory: cacheDirectory).opdef.flags,
            for: (try? OperationDependencies.make(for: self, flags: [:])) ?? [])
    }

    /// The op with the flags of its script or config file merged in, and the flags destination
    /// its script implies, as Guild AI's plugins apply them when a guild.yml is loaded.
    /// - Parameter cacheDirectory: `GH/cache`, where script imports are remembered.
    public func withImportedFlags(cacheDirectory: URL) throws -> ResolvedOperation {
        var op = self
        op.opdef = try FlagImporter.applied(
            to: opdef, projectDirectory: guildfile.directory, cacheDirectory: cacheDirectory)
        return op
    }
}
