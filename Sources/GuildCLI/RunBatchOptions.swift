import ArgumentParser
import GuildKit

/// The `guild run` options for batches and optimizers (reference 5).
struct RunBatchOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("optimizer")],
        help: ArgumentHelp("Optimize the run using the specified algorithm (+, random, gp).", valueName: "algorithm"))
    var optimizer: String?
    @Flag(name: [.customShort("O"), .customLong("optimize")], help: "Optimize the run using the default optimizer.")
    var optimize = false
    @Option(
        name: [.customLong("Fo", withSingleDash: true), .customLong("opt-flag")],
        help: ArgumentHelp("Flag for OPTIMIZER. May be used multiple times.", valueName: "flag"))
    var optFlags: [String] = []
    @Option(
        name: [.customShort("N"), .customLong("minimize")],
        help: ArgumentHelp("Column to minimize when running with an optimizer.", valueName: "column"))
    var minimize: String?
    @Option(
        name: [.customShort("X"), .customLong("maximize")],
        help: ArgumentHelp("Column to maximize when running with an optimizer.", valueName: "column"))
    var maximize: String?
    @Option(
        name: [.customShort("m"), .customLong("max-trials"), .customLong("trials")],
        help: ArgumentHelp("Maximum number of trials to run in batch operations.", valueName: "N"))
    var maxTrials: Int?
    @Option(
        name: .customLong("random-seed"), help: ArgumentHelp("Random seed used when sampling trials.", valueName: "N"))
    var randomSeed: Int?
    @Flag(name: .customLong("stage-trials"), help: "For batch operations, stage trials without running them.")
    var stageTrials = false
    @Flag(name: .customLong("fail-on-trial-error"), help: "Stop batch operations when a trial exits with an error.")
    var failOnTrialError = false
    @Flag(name: .customLong("keep-batch"), help: "Keep a batch run rather than delete it on success.")
    var keepBatch = false
    @Flag(name: .customLong("print-trials"), help: "Show trials and exit.") var printTrials = false
    @Option(
        name: .customLong("save-trials"),
        help: ArgumentHelp("Save trials to a CSV or JSON file and exit.", valueName: "path"))
    var saveTrials: String?
    @Option(
        name: .customLong("parallel"),
        help: ArgumentHelp("Run up to N trials (or staged runs, for a queue) at once.", valueName: "N"))
    var parallel: Int?
    @Option(
        name: [.customLong("bl", withSingleDash: true), .customLong("batch-label")],
        help: ArgumentHelp("Label to use for batch runs. Ignored for non-batch runs.", valueName: "label"))
    var batchLabel: String?
    @Option(
        name: [.customLong("bt", withSingleDash: true), .customLong("batch-tag")],
        help: ArgumentHelp("Associate TAG with batch. Ignored for non-batch runs.", valueName: "tag"))
    var batchTags: [String] = []
    @Option(
        name: [.customLong("bc", withSingleDash: true), .customLong("batch-comment")],
        help: ArgumentHelp("Comment associated with batch.", valueName: "comment"))
    var batchComment: String?
    @Flag(
        name: [.customLong("ebc", withSingleDash: true), .customLong("edit-batch-comment")],
        help: "Use an editor to type a batch comment.")
    var editBatchComment = false

    func validate() throws {
        if minimize != nil && maximize != nil { throw ValidationError("--minimize and --maximize cannot both be used") }
        if let parallel, !(1...SignalRelay.maxChildren).contains(parallel) {
            throw ValidationError("--parallel must be from 1 to \(SignalRelay.maxChildren)")
        }
    }

    /// The options as the request carries them; `@FILE` arguments are the batch files.
    func request(batchFiles: [String]) -> BatchRequest {
        var batch = BatchRequest()
        batch.optimizer = optimizer
        batch.optimize = optimize
        batch.optimizerFlagArgs = optFlags
        batch.minimize = minimize
        batch.maximize = maximize
        batch.maxTrials = maxTrials
        batch.randomSeed = randomSeed
        batch.stageTrials = stageTrials
        batch.failOnTrialError = failOnTrialError
        batch.keepBatch = keepBatch
        batch.parallel = parallel ?? 1
        batch.batchFiles = batchFiles
        batch.printTrials = printTrials
        batch.saveTrials = saveTrials
        batch.label = batchLabel
        batch.tags = batchTags
        batch.comment = batchComment
        return batch
    }

    /// The `run_params` entries for these options.
    func runParams() -> [String: YAMLValue] {
        func s(_ v: String?) -> YAMLValue { v.map(YAMLValue.string) ?? .null }
        return [
            "optimizer": s(optimizer), "optimize": .bool(optimize), "opt_flags": .list(optFlags.map(YAMLValue.string)),
            "minimize": s(minimize), "maximize": s(maximize), "max_trials": maxTrials.map(YAMLValue.int) ?? .null,
            "random_seed": randomSeed.map(YAMLValue.int) ?? .null, "stage_trials": .bool(stageTrials),
            "fail_on_trial_error": .bool(failOnTrialError), "keep_batch": .bool(keepBatch),
            "print_trials": .bool(printTrials), "save_trials": s(saveTrials), "batch_label": s(batchLabel),
            "batch_tags": .list(batchTags.map(YAMLValue.string)), "batch_comment": s(batchComment),
            "edit_batch_comment": .bool(editBatchComment),
        ]
    }
}
