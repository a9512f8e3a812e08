import Foundation

/// This `guild` executable, for the processes it starts of itself (background runs, trials).
public enum SelfExecutable {
    /// Its absolute path (from `/proc/self/exe`, else argv[0]).
    public static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Set in a background run's environment to the pidfile it removes when done, as Guild AI does;
    /// the processes it starts (trials, staged runs) must not inherit it.
    public static let pidFileVariable = "GUILD_BACKGROUND_PIDFILE"
}
