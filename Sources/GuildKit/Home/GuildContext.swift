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

    /// Builds the context from the real process environment (`-H` and `-C` have already been
    /// applied to it as GUILD_HOME and the working directory).
    /// - Throws: `GuildError` when `GUILD_HOME` names a missing directory or a file, with
    ///   Guild's messages.
    public static func fromProcess() throws -> GuildContext {
        let env = ProcessInfo.processInfo.environment
        let userHome = URL(fileURLWithPath: env["HOME"] ?? NSHomeDirectory())
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let explicit = env["GUILD_HOME"], !explicit.isEmpty {
            try checkDirectory(explicit)
        }
        let home = GuildHomeResolver(environment: env, cwd: cwd, userHome: userHome).resolve(explicit: nil)
        return GuildContext(guildHome: home, cwd: cwd, environment: env, userHome: userHome)
    }

    /// `GH/runs`.
    public var runsDirectory: URL { guildHome.appendingPathComponent("runs") }
    /// `GH/cache`.
    public var cacheDirectory: URL { guildHome.appendingPathComponent("cache") }

    private static func checkDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw GuildError("directory '\(path)' does not exist")
        }
        guard isDir.boolValue else { throw GuildError("'\(path)' is not a directory") }
    }
}
