import Dispatch
import Foundation
import Synchronization

/// The git commit of the project, as Guild records it in `vcs_commit`: `git:<sha>`, with `*`
/// when `git status -s` prints anything.
enum VCSCommit {
    static func describe(directory: URL) -> String? {
        var dir = directory
        // `.git` is a directory in a repository and a file in a worktree or submodule.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) {
            if dir.path == "/" { return nil }
            dir = dir.deletingLastPathComponent()
        }
        // Guild AI records the last commit that touched the project directory, not HEAD.
        guard
            let commit = git(["log", "-1", "--format=%H", "."], in: directory)?
                .trimmingCharacters(in: .whitespacesAndNewlines), commit.count == 40
        else { return nil }
        // --no-optional-locks: looking must not rewrite the project's .git/index.
        let dirty = !(git(["--no-optional-locks", "status", "-s"], in: directory) ?? "").isEmpty
        return "git:\(commit)\(dirty ? "*" : "")"
    }

    private static func git(_ args: [String], in directory: URL) -> String? {
        HelperCommand.output(["git"] + args, in: directory).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Runs `VCSCommit.describe` on its own thread while the run directory is set up: the two git
/// calls cost ~7 ms in a small repository and more in a large one.
final class VCSCommitLookup: Sendable {
    private let result = Mutex<String?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(directory: URL) {
        Thread.detachNewThread { [self] in
            let commit = VCSCommit.describe(directory: directory)
            result.withLock { $0 = commit }
            done.signal()
        }
    }

    /// The commit, waiting for the lookup if it is still running.
    func wait() -> String? {
        done.wait()
        done.signal()
        return result.withLock { $0 }
    }
}

/// Holds the lookup a runner starts for a new run (restarts keep the commit they have).
final class VCSCommitSlot: Sendable {
    private let lookup = Mutex<VCSCommitLookup?>(nil)

    func start(directory: URL) {
        lookup.withLock { $0 = VCSCommitLookup(directory: directory) }
    }

    func wait() -> String? {
        lookup.withLock { $0 }?.wait()
    }
}
