import Foundation

/// Starts runs that already exist (the staged runs a queue starts) as `guild run --start ID`
/// processes of this same executable, so each has its own process, dependencies and output
/// capture while its output also reaches the queue run's output.
struct RunStarter: Sendable {
    let context: GuildContext
    let recorder: OutputRecorder
    var quiet = false
    var log: @Sendable (String) -> Void = { _ in }

    /// Runs `guild run --start id -y` (with `--stage` to stage it instead) and waits.
    /// - Returns: its exit status, or -16 after a Ctrl-C.
    func start(_ id: String, stage: Bool = false) async -> Int {
        var argv = [SelfExecutable.path, "run", "--start", id, "-y", "--op-logging"]
        if stage { argv.append("--stage") }
        if quiet || stage { argv.append("-q") }
        var env = context.environment
        env["GUILD_HOME"] = context.guildHome.path
        env[SelfExecutable.pidFileVariable] = nil
        var supervisor = ProcessSupervisor(argv: argv, environment: env, workingDirectory: context.cwd)
        supervisor.finishesRecorder = false
        supervisor.log = log
        // The trial's own guild process stops its op; it gets the same time to do so.
        supervisor.interruptTimeout = .seconds(35)
        do {
            return try await supervisor.run(recorder: recorder) { _ in }
        } catch {
            recorder.log("ERROR: [guild] cannot start run \(id): \(error)")
            return 1
        }
    }
}
