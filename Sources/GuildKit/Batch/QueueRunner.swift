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

    /// The queue's flags from `guild run queue NAME=VAL... [--parallel N]`, checked.
    public static func flags(for request: RunRequest, parallel option: Int?) throws -> [String: YAMLValue] {
        let resolver = FlagResolver(flagDefs: flagDefs, operationName: "queue")
        var userFlags = try resolver.decodeUserFlags(request.flagArgs)
        if let option { userFlags["parallel"] = .int(option) }
        let flags = try resolver.resolve(userFlags: userFlags)
        if let parallel = flags["parallel"]?.intValue, !(1...SignalRelay.maxChildren).contains(parallel) {
            throw GuildError(
                "invalid value \(parallel) for parallel: a queue runs from 1 to \(SignalRelay.maxChildren) runs at a time"
            )
        }
        if request.stage { throw GuildError("--stage cannot be used with a queue") }
        return flags
    }

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

    private enum Event { case finished(String, Int), tick }

    /// What the queue loop keeps between events.
    private struct LoopState {
        var inFlight = 0
        var lastPoll = Date.distantPast
        var pollNow = true
        var loggedWaiting = false
        var ticking = false
        /// Runs this queue started, which `wait-for-running` does not wait for.
        var started: Set<String> = []
    }

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
        let pollInterval = Double(max(0, flags["poll-interval"]?.intValue ?? 10))
        let time0 = Date()
        log(queue, "Starting queue")
        if runOnce { log(queue, "Processing staged runs") }
        var state = LoopState()
        await withTaskGroup(of: Event.self) { group in
            while !SignalRelay.stopRequested.load(ordering: .relaxed) {
                let due = state.pollNow || (!runOnce && Date().timeIntervalSince(state.lastPoll) >= pollInterval)
                if state.inFlight < width && due {
                    state.lastPoll = Date()
                    state.pollNow = false
                    for run in nextRuns(limit: width - state.inFlight, state: state, queue: queue) {
                        log(queue, "Starting staged run \(run.id)")
                        group.addTask { .finished(run.id, await starter.start(run.id)) }
                        state.inFlight += 1
                        state.started.insert(run.id)
                        state.loggedWaiting = false
                    }
                }
                if state.inFlight == 0 {
                    if runOnce { break }
                    if !state.loggedWaiting {
                        log(queue, "Waiting for staged runs")
                        state.loggedWaiting = true
                    }
                }
                if !state.ticking {
                    // Wakes the loop to poll and to notice a stop request.
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(200))
                        return .tick
                    }
                    state.ticking = true
                }
                switch await group.next() {
                case .finished(let id, let status)?:
                    state.inFlight -= 1
                    state.pollNow = true
                    if status != 0 && !SignalRelay.stopRequested.load(ordering: .relaxed) {
                        queue.error("\(id) failed with exit code \(status)")
                    }
                case .tick?: state.ticking = false
                case nil: break
                }
            }
            while state.inFlight > 0, let event = await group.next() {
                if case .finished = event { state.inFlight -= 1 }
            }
        }
        if runOnce {
            log(
                queue,
                "queue processed \(state.started.count) run(s) in \(String(format: "%f", Date().timeIntervalSince(time0))) seconds"
            )
        }
        log(queue, "Stopping queue")
        let status =
            SignalRelay.interrupted.load(ordering: .relaxed)
            ? -16 : SignalRelay.stopRequested.load(ordering: .relaxed) ? -15 : 0
        queue.finish(exitStatus: status)
        return status
    }

    /// Up to `limit` staged runs, oldest first, each marked pending so that no other queue takes
    /// it; none while `wait-for-running` sees another run going.
    private func nextRuns(limit: Int, state: LoopState, queue: BuiltinRun) -> [Run] {
        let summaries = RunStore(runsDirectory: context.runsDirectory).allRuns(withDetails: true)
        if flags["wait-for-running"]?.boolValue == true,
            summaries.contains(where: {
                $0.details?.status == .running && $0.run.id != queue.run.id && $0.opref != Self.opref
                    && !state.started.contains($0.run.id)
            })
        {
            return []
        }
        let staged = summaries.filter { $0.details?.status == .staged }
            .sorted { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }
        return staged.prefix(limit).compactMap { summary in
            (try? RunWriter(run: summary.run).setMarker("PENDING")) != nil ? summary.run : nil
        }
    }

    /// Guild's queue log format: `INFO: [guild] 2026-01-01 10:00:00 Starting queue`.
    private func log(_ queue: BuiltinRun, _ message: String) {
        let micros = Int(context.now().timeIntervalSince1970 * 1_000_000)
        queue.info("\(Timestamp.format(micros)) \(message)")
    }
}
