import ArgumentParser
import Foundation
import GuildKit

/// `guild run` for a batch: trials shown, saved, or run under the chosen optimizer.
enum RunBatch {
    static func run(
        _ plan: BatchPlan, prepared: PreparedRun, request: RunRequest, options: RunBatchOptions, yes: Bool,
        context: GuildContext
    ) async throws {
        let trials = try plan.checkedTrials()
        if options.printTrials {
            Console.outRaw(trialsTable(trials))
            return
        }
        if let path = options.saveTrials {
            Console.out("Saving trials to \(path)")
            try BatchFile.save(trials, to: path.hasPrefix("/") ? path : context.cwd.appendingPathComponent(path).path)
            return
        }
        if !yes && !confirm(plan, prepared: prepared, trialCount: trials.count) { throw ExitCode(1) }
        let name =
            prepared.resolved.opref.operationDisplay
            + (plan.optimizer == .grid ? "+" : "+\(plan.optimizer.displayName)")
        if request.stage {
            // A staged batch starts with `guild run --start ID`, which runs it as a restart does.
            let batch = try BatchRunner(context: context, request: request, plan: plan, prepared: prepared).stage()
            if !request.quiet {
                Console.out("\(name) staged as \(batch.id)")
                Console.out("To start the operation, use 'guild run --start \(batch.id)'")
            }
            return
        }
        if request.background || request.pidFile != nil {
            return try Console.out(BackgroundLauncher.launch(
                operationName: name, newRun: true,
                arguments: GlobalArguments.commandArguments(Array(CommandLine.arguments.dropFirst())),
                runId: request.runId, pidFile: request.pidFile))
        }
        // A restarted batch runs in its own directory (given as its --run-dir): nothing to warn about.
        if let dir = request.runDirectory, request.runId != URL(fileURLWithPath: dir).lastPathComponent,
            ProcessInfo.processInfo.environment["NO_WARN_RUNDIR"] != "1"
        {
            Console.error("Run directory is '\(dir)' (results will not be visible to Guild)")
        }
        let status = try await BatchRunner(context: context, request: request, plan: plan, prepared: prepared)
            .run(trials: trials)
        BackgroundLauncher.removePidFileIfBackground(context.environment)
        if status != 0 { throw ExitCode(Int32(truncatingIfNeeded: status & 0xff)) }
    }

    /// `--print-trials`: `#` and the flag names, one row per trial.
    static func trialsTable(_ trials: [[String: YAMLValue]]) -> String {
        let names = Set(trials.flatMap(\.keys)).sorted()
        var rows = [["#"] + names]
        for (i, trial) in trials.enumerated() {
            rows.append(["\(i + 1)"] + names.map { trial[$0].map { $0.flowEncoded() } ?? "" })
        }
        return TextTable.render(rows)
    }

    /// Guild's prompt: `You are about to run train as a batch (4 trials)`, the flags, the optimizer flags.
    private static func confirm(_ plan: BatchPlan, prepared: PreparedRun, trialCount: Int) -> Bool {
        let action = plan.request.stageTrials ? "stage trials for" : "run"
        var parts: [String] = []
        let how: String
        switch plan.optimizer {
        case .grid:
            how = " as a batch"
            parts.append(trialCount == 1 ? "1 trial" : "\(trialCount) trials")
        case .random:
            how = " with random search"
            if let max = plan.maxTrials { parts.append("\(max) trials") }
        case .gp, .forest, .gbrt:
            how = " with \(plan.optimizer.displayName) optimizer"
            if let max = plan.maxTrials { parts.append("\(max) trials") }
            parts.append(
                plan.objective.hasPrefix("-") ? "maximize \(plan.objective.dropFirst())" : "minimize \(plan.objective)")
        }
        let note = plan.fileTrials.isEmpty ? "" : " (flags below used unless specified in batch trial)"
        var lines = [
            "You are about to \(action) \(prepared.operationName)\(how) (\(parts.joined(separator: ", ")))\(note)"
        ]
        for name in plan.protoFlags.keys.sorted() { lines.append("  \(name): \(plan.protoFlags[name]!.flowEncoded())") }
        if !plan.optimizerFlags.isEmpty {
            lines.append("Optimizer flags:")
            for name in plan.optimizerFlags.keys.sorted() {
                lines.append("  \(name): \(plan.optimizerFlags[name]!.flowEncoded())")
            }
        }
        return RunConfirmation.ask(lines)
    }
}
