import Foundation

/// The run of a built-in op that Guild itself carries out (a batch or a queue): created,
/// marked running with Guild's own pid, its log lines kept in its `output`, then closed
/// with an exit status like any run.
public struct BuiltinRun: Sendable {
    public let run: Run
    let recorder: OutputRecorder
    private let context: GuildContext

    /// Creates `GH/runs/<id>` (or `directory`, a `--run-dir`) with its opref and attrs, shown as
    /// running from now on.
    /// - Throws: `GuildError` when the run cannot be written.
    public static func start(
        id: String? = nil, directory: URL? = nil, opref: OpRef, flags: [String: YAMLValue],
        attributes: [String: YAMLValue], quiet: Bool, staged: Bool = false, context: GuildContext
    ) throws -> BuiltinRun {
        let id = id ?? RunID.make()
        let run = Run(id: id, directory: directory ?? context.runsDirectory.appendingPathComponent(id))
        let writer = RunWriter(run: run)
        if directory == nil && FileManager.default.fileExists(atPath: run.directory.path) {
            throw GuildError("run '\(id)' already exists")
        }
        do {
            try writer.createDirectories()
            // A restarted batch runs again: its last exit is forgotten.
            for name in ["exit_status", "stopped"] { writer.deleteAttribute(name) }
            try writer.setMarker("PENDING")
            try writer.writeOpRef(opref)
            try FastFile.write([], to: run.guildDirectory.appendingPathComponent("manifest").path)
            var attrs = attributes
            attrs["id"] = .string(id)
            attrs["initialized"] = .int(Timestamp.now(context.now()))
            attrs["flags"] = .map(flags)
            attrs.merge(RunAttributes.machine(environment: context.environment), uniquingKeysWith: { $1 })
            attrs["plugins"] = .list([])
            attrs["deps"] = .map([:])
            attrs["sourcecode_digest"] = .null
            for (name, value) in attrs { try writer.writeAttribute(name, value) }
            try writer.writeAttribute("started", .int(Timestamp.now(context.now())))
            if staged {
                try writer.setMarker("STAGED")
            } else {
                try writer.writeLock(pid: getpid())
            }
            writer.removeMarker("PENDING")
        } catch {
            if directory == nil { try? FileManager.default.removeItem(at: run.directory) }
            throw GuildError("cannot create run \(id): \(error)")
        }
        let recorder = try OutputRecorder(run: run, quiet: quiet, scalars: nil)
        return BuiltinRun(run: run, recorder: recorder, context: context)
    }

    /// Closes the output of a run that was only staged.
    public func finishStaged() { recorder.finish() }

    /// Prints `INFO: [guild] <message>` and keeps it in the run's output.
    public func info(_ message: String) { recorder.log("INFO: [guild] \(message)") }

    /// Prints `ERROR: [guild] <message>` and keeps it in the run's output.
    public func error(_ message: String) { recorder.log("ERROR: [guild] \(message)") }

    /// Prints `WARNING: [guild] <message>` and keeps it in the run's output.
    public func warning(_ message: String) { recorder.log("WARNING: [guild] \(message)") }

    /// Records the exit status (0 completed, negative terminated, positive error) and the stop time.
    public func finish(exitStatus: Int) {
        recorder.finish()
        let writer = RunWriter(run: run)
        try? writer.finish(exitStatus: exitStatus, stopped: context.now())
    }

    /// Moves the run to `GH/trash/runs` (Guild's `delete-on-success`).
    public func moveToTrash() throws {
        let trash = context.guildHome.appendingPathComponent("trash/runs")
        try FileManager.default.createDirectory(at: trash, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: run.directory, to: trash.appendingPathComponent(run.id))
    }
}
