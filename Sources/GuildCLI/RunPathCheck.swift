import Foundation
import GuildKit

/// `-p PATH` of `ls` and `cat`: relative to the run directory and inside it (links in the run
/// are followed when reading; the path's own text may not leave the run).
enum RunPathCheck {
    /// - Throws: `GuildError` with Guild's text for an absolute path, ours for one that leaves the run.
    static func check(_ path: String, in runDirectory: URL, command: String) throws {
        if path.hasPrefix("/") {
            throw GuildError("PATH must be relative\nTry 'guild \(command) --help' for more information.")
        }
        if ContainedPath.resolve(path, in: runDirectory.path) == nil {
            throw GuildError("PATH '\(path)' is outside the run directory")
        }
    }
}
