import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The status of a run (reference 2.3).
public enum RunStatus: String, Sendable, CaseIterable {
    case running, completed, error, terminated, pending, staged

    /// The status recorded by an exit status: 0 completed, negative terminated, else error.
    public init(exitStatus: Int) {
        self = exitStatus == 0 ? .completed : exitStatus < 0 ? .terminated : .error
    }

    /// Whether a process with this pid is alive.
    static func isProcessAlive(_ pid: Int32) -> Bool {
        if pid <= 0 { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
