import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts a child process with `posix_spawn`, for the commands guild runs in the foreground
/// with the terminal as their output (diff, TensorBoard, the browser), where swift-subprocess's
/// output capture is not wanted.
public enum ChildProcess {
    /// Starts `argv` (looked up on PATH when `argv[0]` has no `/`) with an empty signal mask:
    /// the calling thread may block signals the child needs.
    /// - Parameter environment: the child's environment, else guild's.
    /// - Throws: `GuildError` naming the command when it cannot be started.
    public static func start(_ argv: [String], environment: [String: String]? = nil) throws -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        let posixSpawnSetSigmask: Int16 = 0x08 // glibc's POSIX_SPAWN_SETSIGMASK
        posix_spawnattr_setflags(&attr, posixSpawnSetSigmask)
        var cArgs = argv.map { strdup($0) } + [nil]
        let assignments: [String] = environment.map { env in env.map { "\($0.key)=\($0.value)" } } ?? []
        var cEnv = assignments.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc =
            environment == nil
            ? posix_spawnp(&pid, argv[0], nil, &attr, &cArgs, environ)
            : posix_spawnp(&pid, argv[0], nil, &attr, &cArgs, &cEnv)
        guard rc == 0 else {
            throw GuildError("error running '\(argv.joined(separator: " "))': \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// Waits for `pid`; its exit code, or the negative signal that ended it.
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 0 }
        }
        return exitCode(status)
    }

    /// nil while `pid` runs; then as `wait`.
    public static func poll(_ pid: pid_t) -> Int? {
        var status: Int32 = 0
        let done = waitpid(pid, &status, WNOHANG)
        if done == 0 { return nil }
        return done == pid ? exitCode(status) : 0
    }

    private static func exitCode(_ status: Int32) -> Int {
        (status & 0x7f) == 0 ? Int((status >> 8) & 0xff) : -Int(status & 0x7f)
    }
}
