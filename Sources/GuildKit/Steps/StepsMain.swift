import Foundation
import Synchronization

/// What Guild AI's `guild.steps_main` does in a pipeline run's process (reference 3.2), done here
/// without Python: each step of the run's `steps` attr is run in turn by a `guild run` of its
/// own into a new run directory linked from the pipeline run, then its `expect` checks. Pipeline
/// runs record Guild's command (`python -um guild.steps_main`), so either tool reruns the other's.
struct StepsMain {
    static let module = "guild.steps_main"

    /// Exit status when an `expect` check fails (Guild's `TEST_FAILED`).
    static let checkFailedStatus = 3

    let run: Run
    let environment: [String: String]
    let recorder: OutputRecorder
    /// Runs a step's `guild run` under the op's supervisor; returns its exit status.
    let startProcess: @Sendable (_ argv: [String], _ environment: [String: String], _ cwd: URL) async throws -> Int

    /// Whether `argv` runs Guild's steps main.
    static func isInvoked(by argv: [String]) -> Bool {
        argv.count >= 3 && argv[1] == "-um" && argv[2] == module
    }

    /// Runs the steps.
    /// - Returns: 0, the exit status of the first step that failed, 3 when a check failed, or 1
    ///   when the steps cannot be read (with Guild's `guild: ...` line in the output).
    func execute() async -> Int {
        do {
            let steps = try readSteps()
            guard !steps.isEmpty else {
                log("WARNING: [guild] no steps defined for run \(run.id)", level: 30)
                return 0
            }
            for step in steps {
                let status = try await runStep(step)
                // Stopped itself (`guild stop` on the pipeline), the pipeline ends terminated.
                if status != 0 && SignalRelay.stopRequested.load(ordering: .relaxed) {
                    return SignalRelay.interrupted.load(ordering: .relaxed) ? -Int(SIGINT) : -Int(SIGTERM)
                }
                if status != 0 { return status }
            }
            return 0
        } catch is CheckFailed {
            recorder.log("guild: stopping because a check failed")
            return Self.checkFailedStatus
        } catch {
            recorder.log("guild: \((error as? GuildError)?.description ?? "\(error)")")
            return 1
        }
    }

    private struct CheckFailed: Error {}

    private func readSteps() throws -> [PipelineStep] {
        guard let data = run.attribute("steps"), !data.isNull else { return [] }
        guard case .list(let items) = data else {
            throw GuildError("invalid steps data \(data.flowEncoded()): expected list")
        }
        let params = run.attribute("run_params")?.mapValue ?? [:]
        let model = run.opref?.modelName ?? ""
        return try items.map { try PipelineStep($0, parentFlags: run.flags, parentModel: model, parentParams: params) }
    }

    private func runStep(_ step: PipelineStep) async throws -> Int {
        for name in step.ignoredOptions {
            log("WARNING: [guild] run parameter \(name) used in \(pyRepr(step.spec)) ignored", level: 30)
        }
        let runsDirectory = run.directory.deletingLastPathComponent()
        let id = RunID.make()
        let stepRun = Run(id: id, directory: runsDirectory.appendingPathComponent(id))
        try link(step, to: stepRun)
        let params = run.attribute("run_params")?.mapValue ?? [:]
        var args = [step.opspec]
        if params["stage_trials"] == .bool(true) { args.append("--stage-trials") }
        args += step.options + step.batchFiles.map { "@" + $0 } + FlagFormatting.flagAssigns(step.flags)
        log("INFO: [guild] running \(step.name): \(args.joined(separator: " "))")
        var env = environment
        env["NO_WARN_RUNDIR"] = "1"
        env[SelfExecutable.pidFileVariable] = nil
        env["GUILD_RUNS_PARENT"] = step.isolateRuns ? run.directory.lastPathComponent : nil
        let cwd = URL(fileURLWithPath: env["PROJECT_DIR"] ?? env["CMD_DIR"] ?? FileManager.default.currentDirectoryPath)
        let argv = [SelfExecutable.path, "run", "-y", "--run-dir", stepRun.directory.path] + args
        let status = try await startProcess(argv, env, cwd)
        if status != 0 { return status }
        try check(step, stepRun)
        return 0
    }

    /// Links `<pipeline run>/<step name>` to the step's run dir (`_2`, `_3`, ... on a clash).
    private func link(_ step: PipelineStep, to stepRun: Run) throws {
        let base = String(step.name.map { " :/\\".contains($0) ? "-" : $0 })
        var name = base
        var n = 2
        while (try? FileManager.default.attributesOfItem(atPath: run.directory.appendingPathComponent(name).path)) != nil {
            name = "\(base)_\(n)"
            n += 1
        }
        let target = "../" + stepRun.id
        guard symlink(target, run.directory.appendingPathComponent(name).path) == 0 else {
            throw GuildError("cannot link step \(step.name) in \(run.directory.path): \(String(cString: strerror(errno)))")
        }
    }

    private func check(_ step: PipelineStep, _ stepRun: Run) throws {
        guard !step.checks.isEmpty else { return }
        // A step skipped by --needed never made its run directory.
        guard FileManager.default.fileExists(atPath: stepRun.directory.path) else {
            log("INFO: [guild] skipping checks for \(step.name)")
            return
        }
        var passed = 0
        var failed = 0
        for check in step.checks {
            do {
                try check.check(stepRun, environment: environment) { log($0) }
                passed += 1
            } catch let failure as StepCheck.Failed {
                log("ERROR: [guild] check failed: \(failure.message)", level: 40)
                failed += 1
            }
        }
        log("INFO: [guild] \(passed) of \(passed + failed) checks passed")
        if failed > 0 {
            log("ERROR: [guild] \(failed) check(s) failed - see above for details", level: 40)
            throw CheckFailed()
        }
    }

    /// Logs a line as Guild's logger does, when `LOG_LEVEL` lets it through.
    private func log(_ line: String, level: Int = 20) {
        let threshold = environment["LOG_LEVEL"].flatMap(Int.init) ?? 30
        if level >= threshold { recorder.log(line) }
    }
}
