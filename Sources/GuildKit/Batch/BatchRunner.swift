import Foundation

/// Runs a batch: the batch run with its proto, then one trial run per point, each started as
/// its own `guild run --start` process (reference 5.2).
public struct BatchRunner: Sendable {
    public let context: GuildContext
    public let request: RunRequest
    public let plan: BatchPlan
    public let prepared: PreparedRun

    public init(context: GuildContext, request: RunRequest, plan: BatchPlan, prepared: PreparedRun) {
        self.context = context
        self.request = request
        self.plan = plan
        self.prepared = prepared
    }

    /// Creates and runs the batch.
    /// - Parameter trials: the grid or random trials (from `plan.trials()`); unused for gp.
    /// - Returns: the batch's exit status (0, the failing trial's with `--fail-on-trial-error`,
    ///   negative when stopped).
    public func run(trials: [[String: YAMLValue]]) async throws -> Int {
        SignalRelay.install()
        let batch = try BuiltinRun.start(
            id: request.runId, directory: request.runDirectory.map { URL(fileURLWithPath: $0) },
            opref: plan.optimizer.opref, flags: plan.optimizerFlags, attributes: batchAttributes(),
            quiet: request.quiet, context: context)
        do {
            try createProto(in: batch.run)
        } catch {
            batch.error("\(error)")
            batch.finish(exitStatus: 1)
            throw error
        }
        let control = TrialControl(batch: batch, plan: plan, context: context, quiet: request.quiet)
        if plan.optimizer.isSequential {
            await BayesianTrials(control: control).run()
        } else {
            do {
                await control.runAll(try trials.map { try control.create($0) })
            } catch {
                batch.error("\(error)")
                control.fail(1)
            }
        }
        let status = control.exitStatus
        if status == -16 { batch.info("Stopping batch") }
        if status == -15 { batch.info("Stopping batch (pending trials can be started as needed)") }
        batch.finish(exitStatus: status)
        // A batch in a `--run-dir` outside the runs directory stays: the directory is the user's.
        let inRuns = ContainedPath.isInside(batch.run.directory.standardizedFileURL.path, base: context.runsDirectory.path)
        if status == 0 && plan.optimizer.deletesOnSuccess && !plan.request.keepBatch && inRuns {
            try? batch.moveToTrash()
        }
        return status
    }

    /// Creates the batch run with its proto, staged: nothing runs until `guild run --start`.
    public func stage() throws -> Run {
        let batch = try BuiltinRun.start(
            id: request.runId, directory: request.runDirectory.map { URL(fileURLWithPath: $0) },
            opref: plan.optimizer.opref, flags: plan.optimizerFlags, attributes: batchAttributes(),
            quiet: true, staged: true, context: context)
        batch.finishStaged()
        try createProto(in: batch.run)
        return batch.run
    }

    private func batchAttributes() -> [String: YAMLValue] {
        var attrs: [String: YAMLValue] = [
            "user_flags": .map(plan.optimizerUserFlags),
            "run_params": .map(request.runParams),
            "random_seed": .int(plan.randomSeed),
            "objective": .string(plan.objective),
        ]
        let batch = plan.request
        let defaultLabel = FlagFormatting.defaultLabel(plan.optimizerFlags)
        // As a run's `-l`/`-t`: `-bl` is a template, `-bt` tags go in front of the default label.
        let template = batch.label ?? (batch.tags.isEmpty ? nil : (batch.tags + ["${default_label}"]).joined(separator: " "))
        let label = template.map {
            FlagFormatting.renderLabelTemplate($0, flags: plan.optimizerFlags, defaultLabel: defaultLabel)
        } ?? defaultLabel
        if !label.isEmpty { attrs["label"] = .string(label) }
        if !batch.tags.isEmpty { attrs["tags"] = .list(batch.tags.map(YAMLValue.string)) }
        if let comment = batch.comment {
            attrs["comments"] = RunComment.attribute([
                RunComment.new(body: comment, user: nil, environment: context.environment, now: context.now())
            ])
        }
        if let max = plan.maxTrials { attrs["max_trials"] = .int(max) }
        if plan.request.stageTrials { attrs["stage_trials"] = .bool(true) }
        return attrs
    }

    /// `<batch>/.guild/proto`: the user op as a full run skeleton, its flags holding the lists
    /// and search spaces as given.
    private func createProto(in batch: Run) throws {
        var proto = prepared
        proto.flags = plan.protoFlags
        try OperationRunner(context: context, request: request, log: { _ in }).createProto(of: proto, in: batch)
        if !plan.fileTrials.isEmpty {
            try RunWriter(run: Run(id: "proto", directory: batch.protoDirectory)).writeAttribute(
                "trials", .list(plan.fileTrials.map(YAMLValue.map)))
        }
    }
}
