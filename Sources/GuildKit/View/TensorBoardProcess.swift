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
        let pid = try ChildProcess.start(
            [executable, "--logdir", logDir, "--host", host, "--port", String(port)], environment: environment)
        SignalRelay.add(pid)
        return TensorBoardProcess(pid: pid)
    }

    /// nil while the server runs; then its exit code (negative for a signal), once reaped.
    public func exitStatus() -> Int? {
        guard let status = ChildProcess.poll(pid) else { return nil }
        SignalRelay.remove(pid)
        return status
    }
}
