import Foundation
import Synchronization

/// Starts a batch's trials in the batch's own process, as `guild run --start ID -y --op-logging`
/// would in a process of its own (`RunStarter`): the same run files, messages and exit status,
/// without starting a guild and parsing its command line for every trial (~12 ms a trial).
/// The trial's output and guild's messages about it go to the batch's output.
struct TrialStarter: Sendable {
    let context: GuildContext
    let recorder: OutputRecorder
    let quiet: Bool

    init(context: GuildContext, recorder: OutputRecorder, quiet: Bool) {
        var context = context
        // Guild's own background pid file belongs to the batch, not to its trials' ops.
        context.environment[SelfExecutable.pidFileVariable] = nil
        self.context = context
        self.recorder = recorder
        self.quiet = quiet
    }

    /// Runs trial `id` (stages it with `stage`) and waits.
    /// - Returns: what `guild run --start` would exit with (its status & 0xff), or -16 after a Ctrl-C.
    func start(_ id: String, stage: Bool = false) async -> Int {
        var request = RunRequest()
        request.restart = id
        request.stage = stage
        request.quiet = quiet || stage
        let log: @Sendable (String) -> Void = { [recorder] in recorder.log(OpLogging.line($0)) }
        let status: Int
        do {
            let prepared = try RunPreparer(context: context).prepare(request)
            for warning in prepared.warnings { log("WARNING: \(warning)") }
            var runner = OperationRunner(context: context, request: request, log: log)
            runner.outputEcho = recorder
            let run = try runner.initialize(prepared)
            if stage {
                try runner.stage(prepared, run: run)
                status = 0
            } else {
                status = try await runner.start(prepared, run: run) & 0xff
            }
        } catch {
            let failure = error as? GuildError ?? GuildError("\(error)")
            recorder.log("guild: \(failure.description)")
            status = Int(failure.exitCode)
        }
        return SignalRelay.interrupted.load(ordering: .relaxed) ? -16 : status
    }
}

/// Guild's messages as its op process logs them (`INFO: [guild] ...`, `WARNING: [guild] ...`):
/// how a batch's trials and the runs a queue starts report.
public enum OpLogging {
    public static func line(_ message: String) -> String {
        message.hasPrefix("WARNING: ")
            ? "WARNING: [guild] " + message.dropFirst("WARNING: ".count) : "INFO: [guild] " + message
    }
}
