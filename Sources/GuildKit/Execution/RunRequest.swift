import Foundation

/// What the user asked `guild run` to do.
public struct RunRequest: Sendable {
    public var opspec: String?
    public var flagArgs: [String] = []
    public var label: String?
    public var tags: [String] = []
    /// `-c/--comment` (or the text typed with `-ec`): the run's first comment.
    public var comment: String?
    /// `--stop-after N`: minutes (fractions allowed) after which the op is stopped.
    public var stopAfter: Double?
    public var stage = false
    public var runDirectory: String?
    public var runId: String?
    public var quiet = false
    public var forceFlags = false
    /// `--help-op`, `--print-cmd`, `--print-env`: the op is described, not run, so a missing
    /// main module is no error yet.
    public var describeOnly = false
    /// `--force-deps`: run even when a dependency is not met.
    public var forceDeps = false
    /// `--force-sourcecode`: a restart copies the project's source code again.
    public var forceSourcecode = false
    public var restart: String?
    public var proto: String?
    public var background = false
    public var pidFile: String?
    /// Every CLI option, for the `run_params` attr.
    public var runParams: [String: YAMLValue] = [:]
    /// Options for a batch run (lists, search spaces, `--optimizer`, `@file`).
    public var batch = BatchRequest()

    public init() {}
}

/// The `guild run` options that shape a batch (reference 5).
public struct BatchRequest: Sendable {
    /// `-o/--optimizer NAME`.
    public var optimizer: String?
    /// `-O/--optimize`: the op's default optimizer.
    public var optimize = false
    /// `-Fo/--opt-flag NAME=VAL` arguments.
    public var optimizerFlagArgs: [String] = []
    public var minimize: String?
    public var maximize: String?
    public var maxTrials: Int?
    public var randomSeed: Int?
    public var stageTrials = false
    public var failOnTrialError = false
    public var keepBatch = false
    /// `-bl`, `-bt`, `-bc`: the batch run's label template, tags and comment.
    public var label: String?
    public var tags: [String] = []
    public var comment: String?
    /// Trials run at once (beyond Guild AI).
    public var parallel = 1
    /// `@FILE` arguments.
    public var batchFiles: [String] = []
    /// `--print-trials`: show the trials instead of running them.
    public var printTrials = false
    /// `--save-trials PATH`: write the trials to a CSV or JSON file instead of running them.
    public var saveTrials: String?

    public init() {}

    /// Checks these options for a run that is not a batch, passing `warn` what it ignores.
    public func checkWithoutBatch(warn: (String) -> Void) throws {
        if printTrials || saveTrials != nil {
            throw GuildError("cannot \(printTrials ? "print" : "save") trials for a non-batch operation")
        }
        if maxTrials != nil { warn("not a batch run - ignoring --max-trials") }
        if comment != nil { warn("operation is not a batch - ignoring batch comment") }
        if let flag = optimizerFlagArgs.first {
            throw GuildError("invalid optimizer flag \(flag): no optimizer specified")
        }
    }
}

/// A run ready to start: everything computed, nothing written yet.
public struct PreparedRun: Sendable {
    public var resolved: ResolvedOperation
    public var flags: [String: YAMLValue]
    public var userFlags: [String: YAMLValue]
    public var flagDefs: [FlagDef]
    public var argv: [String]
    /// `cmd-env` of the op attr.
    public var commandEnv: [String: String]
    public var flagEnv: [String: String]
    public var label: String
    /// The template the label came from (`-l`, tags, or the op's `label:`), for the `op` attr.
    public var labelTemplate: String?
    var outputScalars: OutputScalarConfig
    var command: OperationCommand
    /// The run being restarted, if any.
    public var existingRun: Run?
    /// What the op requires, with the flag values that choose each source.
    public var dependencies: [OperationDependency] = []
    /// Required upstream ops with no run yet.
    var dependencyWarnings: [String] = []
    /// Trials from `@FILE` arguments when they hold more than one.
    public var batchTrials: [[String: YAMLValue]] = []
    /// The Python that `${python_exe}` names.
    public var pythonExe = "python3"

    /// The command a trial with these flags runs (`--print-cmd` of a batch).
    public func argv(withFlags flags: [String: YAMLValue]) throws -> [String] {
        try command.resolvedArgs(flags: flags, pythonExe: pythonExe, projectDir: resolved.guildfile.directory.path)
    }

    /// guild.yml, flag and dependency warnings, for the CLI to print before running.
    public var warnings: [String] {
        resolved.guildfile.warnings + command.shadowedFlagWarnings(flags) + dependencyWarnings
    }

    /// The full op name for messages.
    public var operationName: String { resolved.fullName }

    /// `NAME=value` lines for `--print-env`, sorted.
    public var printedEnvironment: [String] {
        commandEnv.merging(flagEnv, uniquingKeysWith: { $1 }).sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Shlex.quote($0.value))" }
    }
}
