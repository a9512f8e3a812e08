import Foundation
import Synchronization

/// Follows a run's output as `guild watch` does (reference 1.9): `.guild/output` from the start,
/// 4 KiB at a time, polling every 0.1 s while the run's process lives; then up to 5 s for the
/// exit status the op writes as it ends. A Ctrl-C stops the watching, not the run.
public struct RunWatcher: Sendable {
    public let run: Run
    public var exitStatusTimeout: TimeInterval = 5

    public init(run: Run) { self.run = run }

    /// How the watching ended.
    public enum Outcome: Sendable, Equatable {
        /// The run is over; its status.
        case stopped(RunStatus)
        /// Ctrl-C; whether the run still runs.
        case interrupted(stillRunning: Bool)
    }

    /// Writes the output to `write` as it grows.
    /// - Parameter warn: told when the exit status is not written in time.
    public func follow(_ write: ([UInt8]) -> Void, warn: (String) -> Void) -> Outcome {
        SignalRelay.install()
        let path = run.guildPath + "/output"
        let pid = run.lockPid.flatMap { RunStopper.isAlive($0) ? $0 : nil }
        var fd = open(path, O_RDONLY | O_CLOEXEC)
        // As Guild AI: wait for the output file while the process lives, checking each second.
        while fd < 0, let pid, RunStopper.isAlive(pid) {
            if let outcome = pause(seconds: 1, pid: pid) { return outcome }
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
        defer { if fd >= 0 { close(fd) } }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while fd >= 0 {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                write(Array(buffer[0..<n]))
                continue
            }
            if n < 0 && errno == EINTR { continue }
            guard let pid, RunStopper.isAlive(pid) else { break }
            if let outcome = pause(seconds: 0.1, pid: pid) { return outcome }
        }
        if pid != nil { waitForExitStatus(warn: warn) }
        return .stopped(run.status)
    }

    /// Sleeps; an outcome when a Ctrl-C came meanwhile.
    private func pause(seconds: TimeInterval, pid: Int32) -> Outcome? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if SignalRelay.interrupted.load(ordering: .relaxed) {
                return .interrupted(stillRunning: RunStopper.isAlive(pid))
            }
            usleep(20_000)
        }
        return nil
    }

    private func waitForExitStatus(warn: (String) -> Void) {
        let deadline = Date().addingTimeInterval(exitStatusTimeout)
        while run.attribute("exit_status") == nil {
            guard Date() < deadline else {
                warn("WARNING: exit status for \(run.id) not written")
                return
            }
            usleep(100_000)
        }
    }

    /// The run a `--pid` argument names (reference 1.9): `<run dir>/.guild/JOB`, a pidfile, or a
    /// pid, matched against each run's LOCK pid and that pid's parent.
    /// - Throws: `GuildError` with Guild's messages when nothing matches.
    public static func run(forPidArgument argument: String, runsDirectory: URL) throws -> Run {
        if argument.hasSuffix("/.guild/JOB") {
            let directory = URL(fileURLWithPath: String(argument.dropLast("/.guild/JOB".count)))
            return Run(id: directory.lastPathComponent, directory: directory)
        }
        var pidText = argument
        if FileManager.default.fileExists(atPath: argument) {
            let firstLine = (FastFile.readString(argument) ?? "").split(separator: "\n").first ?? ""
            pidText = firstLine.trimmingCharacters(in: .whitespaces)
            guard Int32(pidText) != nil else { throw GuildError("pidfile \(argument) does not contain a valid pid") }
        }
        guard let pid = Int32(pidText) else { throw GuildError("\(argument) does not exist") }
        for name in FastFile.directoryNames(runsDirectory.path) {
            let run = Run(id: name, directory: runsDirectory.appendingPathComponent(name))
            if let lockPid = run.lockPid, lockPid == pid || ProcessTree.state(of: lockPid)?.parent == pid { return run }
        }
        throw GuildError("cannot find run for pid \(pid)")
    }
}
