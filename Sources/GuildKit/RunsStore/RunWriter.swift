import Foundation

/// Writes a run's metadata files: attrs, opref, markers and LOCK.
public struct RunWriter: Sendable {
    public let run: Run

    public init(run: Run) { self.run = run }

    private var guildPath: String { run.guildPath }

    /// Creates `RD/.guild/attrs`.
    public func createDirectories() throws {
        try FileManager.default.createDirectory(
            atPath: guildPath + "/attrs", withIntermediateDirectories: true)
    }

    /// Writes attr `name` in Guild's YAML encoding.
    public func writeAttribute(_ name: String, _ value: YAMLValue) throws {
        try FastFile.write(value.attrEncoded(), to: guildPath + "/attrs/" + name)
    }

    /// Removes attr `name` if present.
    public func deleteAttribute(_ name: String) {
        try? FileManager.default.removeItem(atPath: guildPath + "/attrs/" + name)
    }

    /// Writes `.guild/opref`.
    public func writeOpRef(_ opref: OpRef) throws {
        try FastFile.write(opref.encoded, to: guildPath + "/opref")
    }

    /// Creates an empty marker file (`PENDING`, `STAGED`).
    public func setMarker(_ name: String) throws {
        try FastFile.write([], to: guildPath + "/" + name)
    }

    /// Removes a marker or lock file if present.
    public func removeMarker(_ name: String) {
        try? FileManager.default.removeItem(atPath: guildPath + "/" + name)
    }

    /// Ends a run: `exit_status` (0 completed, negative terminated, positive error), `stopped`, no LOCK.
    public func finish(exitStatus: Int, stopped: Date) throws {
        try writeAttribute("exit_status", .int(exitStatus))
        try writeAttribute("stopped", .int(Timestamp.now(stopped)))
        removeMarker("LOCK")
    }

    /// Writes `LOCK` with the running process's pid. A LOCK that exists is replaced whole (written
    /// beside and renamed in place), so a reader never meets it empty while its pid changes.
    public func writeLock(pid: Int32) throws {
        let path = guildPath + "/LOCK"
        if (try? FastFile.create(Array(String(pid).utf8), at: path)) == true { return }
        let temporary = guildPath + "/.LOCK.\(getpid())"
        try FastFile.write(String(pid), to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw GuildError("cannot write \(path): \(reason)")
        }
    }

    /// Takes the run's `LOCK` for `pid` before anything of the run is changed: a run whose LOCK
    /// another live process holds (a second `guild run --restart` of it) is refused; a LOCK left
    /// by a dead process is taken over. The check and the write hold an exclusive `flock` on
    /// `.guild`, so two guilds restarting one run cannot both find it free.
    /// - Throws: `GuildError` `run ID is already running`.
    public func acquireLock(pid: Int32) throws {
        let directory = open(guildPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw GuildError("cannot open \(guildPath): \(String(cString: strerror(errno)))")
        }
        defer { close(directory) }
        while flock(directory, LOCK_EX) != 0 && errno == EINTR {}
        if let holder = run.lockPid, holder != pid, RunStatus.isProcessAlive(holder) {
            throw GuildError("run \(run.id) is already running")
        }
        try writeLock(pid: pid)
    }
}
