import Foundation

extension ResolvedOperation {
    /// The op's flags as `guild run` sees them: guild.yml's, those imported from its script or
    /// config file, and one per dependency that names a run or a file flag.
    /// - Parameter cacheDirectory: `GH/cache`, where script imports are remembered.
    public func effectiveFlagDefs(cacheDirectory: URL) throws -> [FlagDef] {
        DependencyFlags.flagDefs(
            try FlagImporter.flagDefs(for: opdef, projectDirectory: guildfile.directory, cacheDirectory: cacheDirectory),
            for: (try? OperationDependencies.make(for: self, flags: [:])) ?? [])
    }
}
