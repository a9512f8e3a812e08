import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The TensorBoard server process, in guild's process group so a Ctrl-C stops both; a SIGTERM
/// to guild is passed on.
public final class TensorBoardProcess: Sendable {
    public let pid: Int32

    private init(pid: Int32) { self.pid = pid }

    /// Starts `tensorboard --logdir DIR --host HOST --port PORT`.
    /// - Throws: `GuildError` when it cannot be started.
    public static func start(
        executable: String, logDir: String, host: String, port: Int, environment: [String: String]
    ) throws -> TensorBoardProcess {
        SignalRelay.install()
        let argv = [executable, "--logdir", logDir, "--host", host, "--port", String(port)]
        var pid: pid_t = 0
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        // An empty signal mask: this thread may block signals TensorBoard needs.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        let posixSpawnSetSigmask: Int16 = 0x08 // glibc's POSIX_SPAWN_SETSIGMASK
        posix_spawnattr_setflags(&attr, posixSpawnSetSigmask)
        let rc = posix_spawn(&pid, executable, nil, &attr, &cArgs, &cEnv)
        guard rc == 0 else { throw GuildError("cannot start TensorBoard: \(String(cString: strerror(rc)))") }
        SignalRelay.add(pid)
        return TensorBoardProcess(pid: pid)
    }

    /// nil while the server runs; then its exit code (negative for a signal), once reaped.
    public func exitStatus() -> Int? {
        var status: Int32 = 0
        let done = waitpid(pid, &status, WNOHANG)
        guard done == pid || done == -1 else { return nil }
        SignalRelay.remove(pid)
        if done == -1 { return 0 }
        return (status & 0x7f) == 0 ? Int((status >> 8) & 0xff) : -Int(status & 0x7f)
    }
}
