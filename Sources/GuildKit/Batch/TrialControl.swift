import Foundation
import Synchronization

/// Creates and starts a batch's trials, at most `--parallel` at once, and decides when the
/// batch stops: a Ctrl-C or SIGTERM, or a failed trial with `--fail-on-trial-error`.
final class TrialControl: Sendable {
    let batch: BuiltinRun
    let plan: BatchPlan
    let context: GuildContext
    private let starter: TrialStarter
    private let failure = Mutex<Int?>(nil)
    /// The trials' op as `Running trial` lines name it.
    private let operation: String
    /// The proto's `op` attr, which each trial copies.
    private let protoOp: [String: YAMLValue]

    init(batch: BuiltinRun, plan: BatchPlan, context: GuildContext, quiet: Bool) {
        self.batch = batch
        self.plan = plan
        self.context = context
        let proto = batch.run.batchProto
        operation = proto?.opref?.operationDisplay ?? "?"
        protoOp = proto?.attribute("op")?.mapValue ?? [:]
        starter = TrialStarter(context: context, recorder: batch.recorder, quiet: quiet)
    }

    /// True once the batch must start no more trials.
    var isStopping: Bool { SignalRelay.stopRequested.load(ordering: .relaxed) || failure.withLock { $0 != nil } }

    /// 0, the failed trial's status (`--fail-on-trial-error`), or -16/-15 when stopped by a signal.
    var exitStatus: Int {
        if SignalRelay.interrupted.load(ordering: .relaxed) { return -16 }
        if SignalRelay.stopRequested.load(ordering: .relaxed) { return -15 }
        return failure.withLock { $0 } ?? 0
    }

    /// Stops the batch with this exit status (an error before or between trials).
    func fail(_ status: Int) {
        failure.withLock { if $0 == nil { $0 = status } }
    }

    /// A new pending trial run with these flags.
    func create(_ flags: [String: YAMLValue]) throws -> Run {
        try TrialRun.create(
            batch: batch.run, protoOp: protoOp, flags: flags, runsDirectory: context.runsDirectory, now: context.now())
    }

    /// Starts the trials in order, `--parallel` at a time, until the batch stops.
    func runAll(_ trials: [Run]) async {
        let width = max(1, plan.request.parallel)
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for trial in trials {
                if running >= width {
                    await group.next()
                    running -= 1
                }
                if isStopping { break }
                group.addTask { await self.start(trial) }
                running += 1
            }
        }
    }

    /// Starts one trial (or stages it with `--stage-trials`) and waits for it.
    func start(_ trial: Run) async {
        let status = trial.status
        guard status == .pending else {
            batch.info("Skipping \(trial.id) because its status is \(status.rawValue)")
            return
        }
        let stage = plan.request.stageTrials
        let flags = trial.flags.filter { !$0.value.isNull }
        batch.info(
            "\(stage ? "Staging" : "Running") trial \(trial.id): \(operation) (\(FlagFormatting.flagsDescription(flags)))"
        )
        let exitStatus = await starter.start(trial.id, stage: stage)
        guard exitStatus != 0, !SignalRelay.stopRequested.load(ordering: .relaxed) else { return }
        if trial.status == .terminated {
            batch.info("Trial \(trial.id) was terminated")
            return
        }
        batch.error("Trial \(trial.id) exited with an error (\(exitStatus)) - see log for details")
        if plan.request.failOnTrialError {
            let first = failure.withLock { value -> Bool in
                defer { if value == nil { value = exitStatus } }
                return value == nil
            }
            if first { batch.error("Stopping batch because a trial failed (pending trials can be started as needed)") }
        }
    }
}
