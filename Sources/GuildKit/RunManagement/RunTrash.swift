import CFileStat
import Foundation

/// Guild's trash (reference 1.1-1.3): `runs rm` moves a run directory to
/// `GH/trash/runs/<id>`, `runs restore` moves it back, `runs rm -p` and `runs purge` remove it.
/// A move whose destination exists first renames that destination to `<id>_XXXXXXXX` beside it,
/// as Guild AI does, so no run is ever overwritten.
public struct RunTrash: Sendable {
    public let guildHome: URL

    public init(guildHome: URL) { self.guildHome = guildHome }

    /// `GH/trash/runs`: where deleted runs are, and what `runs list -d` lists.
    public var directory: URL { guildHome.appendingPathComponent("trash/runs") }

    private var activeDirectory: URL { guildHome.appendingPathComponent("runs") }

    /// Moves each run to the trash.
    public func delete(_ runs: [Run], warn: (String) -> Void) throws {
        for run in runs {
            try Self.move(run.id, from: activeDirectory, to: directory, warn: warn)
        }
    }

    /// Removes each run of `GH/runs` for good.
    public func deletePermanently(_ runs: [Run]) throws {
        for run in runs { try Self.remove(run.id, in: activeDirectory) }
    }

    /// Moves each deleted run back to `GH/runs`.
    public func restore(_ runs: [Run], warn: (String) -> Void) throws {
        for run in runs {
            try Self.move(run.id, from: directory, to: activeDirectory, warn: warn)
        }
    }

    /// Removes each deleted run for good.
    public func purge(_ runs: [Run]) throws {
        for run in runs { try Self.remove(run.id, in: directory) }
    }

    /// A run id names one entry of its directory: nothing with a slash or a dot-only name.
    private static func checked(_ id: String) throws -> String {
        guard !id.isEmpty, !id.contains("/"), id != ".", id != ".." else {
            throw GuildError("invalid run id '\(id)'")
        }
        return id
    }

    private static func remove(_ id: String, in directory: URL) throws {
        let path = directory.appendingPathComponent(try checked(id)).path
        let rc = guild_remove_tree(path)
        if rc != 0 { throw GuildError("cannot delete \(path): \(String(cString: strerror(rc)))") }
    }

    private static func move(_ id: String, from source: URL, to destination: URL, warn: (String) -> Void) throws {
        let id = try checked(id)
        let from = source.appendingPathComponent(id).path
        let to = destination.appendingPathComponent(id).path
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        if exists(to) {
            let backup = try unusedName(for: to)
            warn("WARNING: \(to) exists, moving to \(backup)")
            try rename(to, backup)
        }
        try rename(from, to)
    }

    /// Whether anything (a dangling link too) is at `path`.
    private static func exists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    private static func rename(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            throw GuildError("cannot move \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    /// `<path>_` and 8 random characters, as Python's `tempfile` names them, not yet taken.
    private static func unusedName(for path: String) throws -> String {
        let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        for _ in 0..<100 {
            let suffix = String((0..<8).map { _ in characters.randomElement()! })
            let candidate = path + "_" + suffix
            if !exists(candidate) { return candidate }
        }
        throw GuildError("cannot find a free name beside \(path)")
    }
}
