import Foundation

/// Stops a local run as `guild stop` does (reference 1.7): SIGTERM to the pid in its LOCK, then,
/// after the descendants had `childTermTimeout` to exit on their own, SIGTERM to each one still
/// alive, and a wait of up to `timeout` for the whole tree. No SIGKILL: the op writes its own
/// `exit_status` (-15) as it ends, and keeps its output.
public struct RunStopper: Sendable {
    public var childTermTimeout: TimeInterval = 5
    public var timeout: TimeInterval = 30

    public init() {}

    /// The live pid of a running local run, from its LOCK; nil when it has none.
    public static func livePid(of run: Run) -> Int32? {
        guard let pid = run.lockPid, isAlive(pid) else { return nil }
        return pid
    }

    /// Stops the process tree under `pid`; returns the pids still alive after `timeout`.
    public func stop(pid: Int32) -> [Int32] {
        let children = ProcessTree.descendants(of: pid)
        kill(pid, SIGTERM)
        wait(for: children, upTo: childTermTimeout)
        for child in children where Self.isAlive(child) { kill(child, SIGTERM) }
        return wait(for: [pid] + children, upTo: timeout)
    }

    /// Polls until every pid is gone or `seconds` have passed; returns those still alive.
    @discardableResult
    private func wait(for pids: [Int32], upTo seconds: TimeInterval) -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var alive = pids.filter(Self.isAlive)
        while !alive.isEmpty && Date() < deadline {
            usleep(20_000)
            alive = alive.filter(Self.isAlive)
        }
        return alive
    }

    /// Whether `pid` is a live process: a zombie, whose exit only waits to be reaped, is not.
    static func isAlive(_ pid: Int32) -> Bool {
        guard RunStatus.isProcessAlive(pid) else { return false }
        return ProcessTree.state(of: pid)?.letter != "Z"
    }
}
