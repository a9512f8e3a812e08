import Foundation

/// Everything a command needs from the outside world, built once per process.
public struct GuildContext: Sendable {
    /// The resolved Guild home (it may not exist yet).
    public var guildHome: URL
    /// Guild's working directory (`-C` changes it).
    public var cwd: URL
    /// The process environment Guild started with.
    public var environment: [String: String]
    /// The user's home directory.
    public var userHome: URL
    /// The current time; injected so tests can fix it.
    public var now: @Sendable () -> Date

    /// Creates a context from explicit values.
    public init(
        guildHome: URL, cwd: URL, environment: [String: String], userHome: URL,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.guildHome = guildHome
        self.cwd = cwd
        self.environment = environment
        self.userHome = userHome
        self.now = now
    }

    /// Builds the context from the real process environment.
    /// - Parameters:
    ///   - explicitHome: the `-H` option, if given.
    ///   - cwdOverride: the `-C` option, if given.
    /// - Throws: `GuildError` when `-C`, `-H` or `GUILD_HOME` names a missing directory or a file,
    ///   with Guild's messages.
    public static func fromProcess(explicitHome: String?, cwdOverride: String?) throws -> GuildContext {
        let env = ProcessInfo.processInfo.environment
        let userHome = URL(fileURLWithPath: env["HOME"] ?? NSHomeDirectory())
        var cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let c = cwdOverride {
            cwd = try validatedDirectory(c, relativeTo: cwd, userHome: userHome)
        }
        var explicitHome = explicitHome
        if explicitHome == nil, let envHome = env["GUILD_HOME"], !envHome.isEmpty { explicitHome = envHome }
        if let h = explicitHome { explicitHome = try validatedDirectory(h, relativeTo: cwd, userHome: userHome).path }
        let home = GuildHomeResolver(
            environment: env, cwd: cwd, userHome: userHome
        ).resolve(explicit: explicitHome)
        var environment = env
        if explicitHome != nil { environment["GUILD_HOME"] = home.path }
        return GuildContext(guildHome: home, cwd: cwd, environment: environment, userHome: userHome)
    }

    /// `GH/runs`.
    public var runsDirectory: URL { guildHome.appendingPathComponent("runs") }
    /// `GH/cache`.
    public var cacheDirectory: URL { guildHome.appendingPathComponent("cache") }

    private static func validatedDirectory(_ path: String, relativeTo cwd: URL, userHome: URL) throws -> URL {
        let expanded = path.hasPrefix("~") ? userHome.path + path.dropFirst() : path
        let url = URL(fileURLWithPath: expanded, relativeTo: cwd).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw GuildError("directory '\(expanded)' does not exist")
        }
        guard isDir.boolValue else { throw GuildError("'\(expanded)' is not a directory") }
        return url
    }
}
