import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `guild run --background`: starts this same command again in a new session, detached from
/// the terminal, and returns at once.
public enum BackgroundLauncher {
    /// - Parameters:
    ///   - arguments: the command's arguments after Guild's global options, which this process
    ///     has already applied (cwd, GUILD_HOME) and the child inherits.
    ///   - operationName: the op, for the `... started in background as ID` message.
    ///   - newRun: false for a restart, whose id is known.
    ///   - runId: the run's id when known (a restart or `--run-id`), else a new one is made.
    /// - Returns: the message to show, `OP started in background as ID`.
    public static func launch(
        operationName: String, newRun: Bool, arguments: [String], runId: String?, pidFile: String?
    ) throws -> String {
        var args = [SelfExecutable.path]
        var skipNext = false
        for arg in arguments {
            if skipNext { skipNext = false; continue }
            switch arg {
            case "-b", "--background": continue
            case "--pidfile", "--pid": skipNext = true; continue
            default:
                if arg.hasPrefix("--pidfile=") || arg.hasPrefix("--pid=") { continue }
                args.append(arg)
            }
        }
        if !args.contains("-y") && !args.contains("--yes") { args.append("--yes") }
        let runId = runId ?? RunID.make()
        if newRun && !args.contains("--run-id") { args += ["--run-id", runId] }
        var environment = ProcessInfo.processInfo.environment
        if let pidFile {
            environment[SelfExecutable.pidFileVariable] = URL(fileURLWithPath: pidFile).standardizedFileURL.path
        }
        let pid = try spawnDetached(args, environment: environment)
        if let pidFile {
            try "\(pid)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
            return "\(operationName) started in background as \(runId) (pidfile \(pidFile))"
        }
        return "\(operationName) started in background as \(runId)"
    }

    /// Removes the pidfile named by `launch` once the background run has ended.
    public static func removePidFileIfBackground(_ environment: [String: String]) {
        if let path = environment[SelfExecutable.pidFileVariable] { unlink(path) }
    }

    private static func spawnDetached(_ args: [String], environment: [String: String]) throws -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        let posixSpawnSetsid: Int16 = 0x80 // glibc's POSIX_SPAWN_SETSID, which Swift does not import
        posix_spawnattr_setflags(&attr, posixSpawnSetsid)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [Int32(0), 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var cArgs = args.map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, args[0], &actions, &attr, &cArgs, &cEnv)
        guard rc == 0 else { throw GuildError("cannot start background run: \(String(cString: strerror(rc)))") }
        return pid
    }
}
