import Foundation
import Synchronization

/// The built-in `queue` op: starts staged runs in the order they were staged, up to
/// `parallel` at once (beyond Guild AI, which runs one per queue), polling for more unless
/// `run-once` is set.
public struct QueueRunner: Sendable {
    public let context: GuildContext
    public let flags: [String: YAMLValue]
    public let runParams: [String: YAMLValue]
    public let quiet: Bool
    /// `--run-id`: the queue run's id (a background queue is told its id).
    public let runId: String?

    /// The queue's flags, as `guild run queue --help-op` lists them.
    public static let flagDefs: [FlagDef] = {
        func def(_ name: String, _ value: YAMLValue, _ type: FlagType?, _ help: String) -> FlagDef {
            var flag = FlagDef(name: name)
            flag.defaultValue = value
            flag.type = type
            flag.description = help
            return flag
        }
        var gpus = def("gpus", .null, nil, "Value used for gpus option when starting staged runs")
        gpus.nullLabel = "unspecified"
        return [
            gpus,
            def("parallel", .int(1), .int, "Number of staged runs to run at once"),
            def("poll-interval", .int(10), .int, "Minimum number of seconds between polls"),
            def("run-once", .bool(false), .boolean, "Run all staged runs and stop"),
            def("wait-for-running", .bool(false), .boolean, "Wait for other runs to stop before starting staged runs"),
        ]
    }()

    static let opref = OpRef(
        packageType: "builtin", packageName: "guildai", packageVersion: "0.9.0", modelName: "", operationName: "queue")

    public init(
        context: GuildContext, flags: [String: YAMLValue], runParams: [String: YAMLValue], quiet: Bool,
        runId: String? = nil
    ) {
        self.runId = runId
        self.context = context
        self.flags = flags
        self.runParams = runParams
        self.quiet = quiet
    }

    private enum Event { case finished, tick }

    /// Runs the queue until it is stopped, or, with `run-once`, until no staged run is left.
    /// - Returns: the queue run's exit status.
    public func run() async throws -> Int {
        SignalRelay.install()
        let queue = try BuiltinRun.start(
            id: runId, opref: Self.opref, flags: flags,
            attributes: ["run_params": .map(runParams), "user_flags": .map([:])], quiet: quiet, context: context)
        let starter = RunStarter(context: context, recorder: queue.recorder, quiet: quiet) { queue.recorder.log($0) }
        let width = max(1, flags["parallel"]?.intValue ?? 1)
        let runOnce = flags["run-once"]?.boolValue ?? false
        let waitForRunning = flags["wait-for-running"]?.boolValue ?? false
        let pollInterval = Double(max(0, flags["poll-interval"]?.intValue ?? 10))
        log(queue, "Starting queue")
        if runOnce { log(queue, "Processing staged runs") }
        await withTaskGroup(of: Event.self) { group in
            var inFlight = 0
            var lastPoll = Date.distantPast
            var loggedWaiting = false
            var ticking = false
            while !SignalRelay.stopRequested.load(ordering: .relaxed) {
                var started = 0
                if inFlight < width && (runOnce || Date().timeIntervalSince(lastPoll) >= pollInterval || inFlight > 0) {
                    lastPoll = Date()
                    let blocked = waitForRunning && hasOtherRunningRuns(queue.run.id)
                    for run in blocked ? [] : stagedRuns().prefix(width - inFlight) {
                        try? RunWriter(run: run).setMarker("PENDING")
                        log(queue, "Starting staged run \(run.id)")
                        group.addTask {
                            _ = await starter.start(run.id); return .finished
                        }
                        inFlight += 1
                        started += 1
                        loggedWaiting = false
                    }
                }
                if inFlight == 0 && started == 0 {
                    if runOnce { break }
                    if !loggedWaiting {
                        log(queue, "Waiting for staged runs")
                        loggedWaiting = true
                    }
                }
                if !ticking {
                    // Wakes the loop to poll and to notice a stop request.
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(200))
                        return .tick
                    }
                    ticking = true
                }
                switch await group.next() {
                case .finished?: inFlight -= 1
                case .tick?: ticking = false
                case nil: break
                }
            }
            while inFlight > 0, let event = await group.next() { if case .finished = event { inFlight -= 1 } }
        }
        log(queue, "Stopping queue")
        let status =
            SignalRelay.interrupted.load(ordering: .relaxed)
            ? -16 : SignalRelay.stopRequested.load(ordering: .relaxed) ? -15 : 0
        queue.finish(exitStatus: status)
        return status
    }

    /// Guild's queue log format: `INFO: [guild] 2026-01-01 10:00:00 Starting queue`.
    private func log(_ queue: BuiltinRun, _ message: String) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        queue.info("\(formatter.string(from: context.now())) \(message)")
    }

    /// Staged runs, oldest first.
    private func stagedRuns() -> [Run] {
        RunStore(runsDirectory: context.runsDirectory).allRuns(withDetails: true)
            .filter { $0.details?.status == .staged }
            .sorted { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }
            .map(\.run)
    }

    private func hasOtherRunningRuns(_ queueId: String) -> Bool {
        RunStore(runsDirectory: context.runsDirectory).allRuns(withDetails: true).contains {
            $0.details?.status == .running && $0.run.id != queueId && $0.opref != Self.opref
        }
    }
}
