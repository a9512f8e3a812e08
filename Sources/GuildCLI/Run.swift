import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild run`: runs an operation in a new run directory.
    struct Run: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run an operation.",
            discussion:
                "OPERATION is `op` or `model:op`; without it the default operation runs. FLAG arguments are NAME=VAL.")

        @Argument(
            help: ArgumentHelp(
                "The operation followed by NAME=VAL flag assignments.", valueName: "[OPERATION] [FLAG]..."))
        var arguments: [String] = []

        @Flag(name: .shortAndLong, help: "Do not prompt before running.") var yes = false
        @Option(name: .shortAndLong, help: ArgumentHelp("Set a label for the run.", valueName: "label")) var label:
            String?
        @Option(
            name: [.customShort("t"), .customLong("tag")],
            help: ArgumentHelp("Associate TAG with the run.", valueName: "tag"))
        var tags: [String] = []
        @Option(
            name: [.customShort("c"), .customLong("comment")],
            help: ArgumentHelp("Comment associated with the run.", valueName: "comment"))
        var comment: String?
        @Flag(
            name: [.customLong("ec", withSingleDash: true), .customLong("edit-comment")],
            help: "Use an editor to type a comment.")
        var editComment = false
        @Option(
            name: .customLong("stop-after"),
            help: ArgumentHelp("Stop operation after N minutes.", valueName: "N"))
        var stopAfter: Double?
        @Flag(name: .customLong("print-cmd"), help: "Show the operation command and exit.") var printCmd = false
        @Flag(name: .customLong("print-env"), help: "Show the operation environment and exit.") var printEnv = false
        @Flag(name: .customLong("help-op"), help: "Show operation help and exit.") var helpOp = false
        @Flag(name: .customLong("stage"), help: "Stage the run without starting it.") var stage = false
        @Option(
            name: .customLong("run-dir"), help: ArgumentHelp("Use an alternative run directory.", valueName: "path"))
        var runDir: String?
        @Option(name: .customLong("run-id"), help: .hidden) var runId: String?
        @Flag(name: .shortAndLong, help: "Do not show output.") var quiet = false
        @Flag(name: .customLong("force-flags"), help: "Accept flags that are not defined for the operation.")
        var forceFlags = false
        @Flag(name: .customLong("force-deps"), help: "Continue even when a required resource is not resolved.")
        var forceDeps = false
        @Flag(
            name: .customLong("force-sourcecode"),
            help: "Use working source code when --restart or --proto is specified. Ignored otherwise.")
        var forceSourcecode = false
        @Flag(
            name: .customLong("needed"),
            help: "Run only if there is no matching run: the same operation and flag values, not failed.")
        var needed = false
        @Flag(
            name: .customLong("upstream"),
            help: "For a DvC stage: first run each upstream stage that has no completed run, in order.")
        var upstream = false
        @Flag(name: .shortAndLong, help: "Run the operation in the background.") var background = false
        @Option(
            name: [.customLong("pidfile"), .customLong("pid")],
            help: ArgumentHelp("Run in the background, writing its pid to PIDFILE.", valueName: "pidfile"))
        var pidFile: String?
        @Option(
            name: [.customLong("restart"), .customLong("start")],
            help: ArgumentHelp("Restart RUN in place.", valueName: "run"))
        var restart: String?
        @Option(
            name: .customLong("proto"),
            help: ArgumentHelp("Use the operation and flags of RUN as the basis.", valueName: "run"))
        var proto: String?
        /// Set for runs a batch or queue starts: Guild AI runs them in its op process, whose
        /// logging prefixes every line (`INFO: [guild] Resolving ...`).
        @Flag(name: .customLong("op-logging"), help: .hidden) var opLogging = false
        @OptionGroup var batchOptions: RunBatchOptions

        func validate() throws {
            if restart != nil && proto != nil { throw ValidationError("--proto cannot be used with --restart") }
            if upstream {
                let conflicts = [
                    ("--restart", restart != nil), ("--proto", proto != nil), ("--stage", stage),
                    ("--run-dir", runDir != nil), ("--run-id", runId != nil), ("--background", background),
                    ("--pidfile", pidFile != nil),
                ]
                if let (name, _) = conflicts.first(where: \.1) {
                    throw ValidationError("--upstream cannot be used with \(name)")
                }
            }
        }

        func run(_ context: GuildContext) async throws {
            var request = makeRequest()
            if editComment { request.comment = try RunComments.edited(comment, for: "run", context: context) }
            if batchOptions.editBatchComment {
                request.batch.comment = try RunComments.edited(batchOptions.batchComment, for: "batch", context: context)
            }
            if let option = request.restart.map({ _ in "--restart" }) ?? request.proto.map({ _ in "--proto" }) {
                if request.opspec != nil { throw GuildError("OPERATION cannot be used with \(option)") }
                if request.restart != nil && runDir != nil {
                    throw GuildError("--run-dir cannot be used with --restart")
                }
            }
            if request.opspec == "queue" && request.restart == nil && request.proto == nil,
                (try? OperationResolver.resolve("queue", in: context.cwd, cacheDirectory: context.cacheDirectory)) == nil
            {
                return try await RunQueue.run(
                    request: request, options: batchOptions, yes: yes, helpOp: helpOp,
                    printCommand: printCmd || printEnv,
                    context: context)
            }
            if let batch = try BatchRestart.batch(for: request, context: context) {
                request = try BatchRestart.request(request, batch: batch)
            }
            let prepared = try RunPreparer(context: context).prepare(request)
            if helpOp {
                Console.out(OperationHelp.text(for: prepared))
                return
            }
            // With --upstream, missing upstream runs are about to be made.
            for warning in prepared.warnings where !(upstream && warning.hasPrefix("cannot find a suitable run")) {
                log("WARNING: \(warning)")
            }
            if printCmd {
                if request.restart == nil, let plan = try BatchPlan.make(for: prepared, request: request.batch) {
                    try printBatchCommands(plan, prepared: prepared)
                } else {
                    Console.out(prepared.argv.map(Shlex.guildQuote).joined(separator: " "))
                }
                return
            }
            if printEnv {
                Console.out(prepared.printedEnvironment.joined(separator: "\n"))
                return
            }
            if request.restart == nil, let optimizer = try OperationOptimizer.find(for: prepared, request: request.batch) {
                return try await runOperationOptimizer(optimizer, prepared: prepared, request: request, context: context)
            }
            if request.restart == nil, let plan = try BatchPlan.make(for: prepared, request: request.batch) {
                if needed, skipNeeded(MatchingRuns.find(for: plan, prepared: prepared, context: context), context: context) {
                    return
                }
                return try await RunBatch.run(
                    plan, prepared: prepared, request: request, options: batchOptions, yes: yes, context: context)
            }
            // A restarted operation optimizer's run takes a new trial count.
            if let existing = prepared.existingRun, existing.batchProto != nil, let max = request.batch.maxTrials {
                try RunWriter(run: existing).writeAttribute("max_trials", .int(max))
                request.batch.maxTrials = nil
            }
            try request.batch.checkWithoutBatch { Console.error("WARNING: \($0)") }
            if needed, try skipNeeded(prepared, context: context) { return }
            if !yes && !RunConfirmation.confirm(prepared, stage: stage, restart: restart) {
                throw ExitCode(1)
            }
            if upstream {
                try await runUpstreamStages(before: prepared, request: request, context: context)
                // The stage's own upstream run ids are chosen again now that those runs exist.
                return try await execute(try RunPreparer(context: context).prepare(request), request, context)
            }
            try await execute(prepared, request, context)
        }

        /// Runs each upstream stage without a completed run, as a run of its own with its default
        /// flags; stops at the first that fails.
        private func runUpstreamStages(before prepared: PreparedRun, request: RunRequest, context: GuildContext)
            async throws
        {
            for (name, upstreamRequest) in try DvcUpstream.requests(before: prepared, request: request, context: context) {
                Console.error("Running upstream stage '\(name)'")
                let upstreamPrepared = try RunPreparer(context: context).prepare(upstreamRequest)
                for warning in upstreamPrepared.warnings { Console.error("WARNING: \(warning)") }
                do {
                    try await execute(upstreamPrepared, upstreamRequest, context)
                } catch let code as ExitCode {
                    throw GuildError(
                        "upstream stage '\(name)' failed (exit status \(code.rawValue))", exitCode: code.rawValue)
                }
            }
        }

        /// A batch whose optimizer is an operation: that op's run, with the user's op as its proto.
        private func runOperationOptimizer(
            _ optimizer: OperationOptimizer, prepared: PreparedRun, request: RunRequest, context: GuildContext
        ) async throws {
            let optimizerRequest = optimizer.request(for: request)
            let optimizerPrepared = try RunPreparer(context: context).prepare(optimizerRequest)
            let runner = OperationRunner(context: context, request: optimizerRequest) { [opLogging] message in
                Self.log(message, opLogging: opLogging)
            }
            let run = try runner.initialize(optimizerPrepared)
            try runner.createProto(of: prepared, in: run)
            // The trial count it is asked for: `--max-trials`, else its op's `default-max-trials`.
            if let max = request.batch.maxTrials ?? optimizerPrepared.resolved.opdef.data["default-max-trials"]?.intValue {
                try RunWriter(run: run).writeAttribute("max_trials", .int(max))
            }
            let exitStatus = try await runner.start(optimizerPrepared, run: run)
            if exitStatus != 0 { throw ExitCode(Int32(truncatingIfNeeded: exitStatus & 0xff)) }
        }

        private func execute(_ prepared: PreparedRun, _ request: RunRequest, _ context: GuildContext) async throws {
            if background || pidFile != nil {
                try Console.out(BackgroundLauncher.launch(
                    operationName: prepared.operationName, newRun: prepared.existingRun == nil,
                    arguments: GlobalArguments.commandArguments(Array(CommandLine.arguments.dropFirst())),
                    runId: prepared.existingRun?.id ?? runId, pidFile: pidFile))
                return
            }
            let runner = OperationRunner(context: context, request: request) { [opLogging] message in
                Self.log(message, opLogging: opLogging)
            }
            let run = try runner.initialize(prepared)
            if let dir = runDir, !stage, ProcessInfo.processInfo.environment["NO_WARN_RUNDIR"] != "1" {
                Console.error("Run directory is '\(dir)' (results will not be visible to Guild)")
            }
            if stage {
                try runner.stage(prepared, run: run)
                if !quiet {
                    Console.out("\(prepared.operationName) staged as \(run.id)")
                    Console.out("To start the operation, use 'guild run --start \(run.id)'")
                }
                return
            }
            let exitStatus = try await runner.start(prepared, run: run)
            BackgroundLauncher.removePidFileIfBackground(context.environment)
            if exitStatus != 0 {
                // As Guild AI's sys.exit(status): -15 leaves the process as 241.
                throw ExitCode(Int32(truncatingIfNeeded: exitStatus & 0xff))
            }
        }

        private func log(_ message: String) { Self.log(message, opLogging: opLogging) }

        /// Prints a message of guild's own log, as `INFO: [guild] ...` under `--op-logging`.
        private static func log(_ message: String, opLogging: Bool) {
            Console.error(opLogging ? OpLogging.line(message) : message)
        }

        /// `--needed`: reports the runs that match and returns true when there are any.
        /// `--print-cmd` of a batch: the batch's command, then each trial's, as Guild AI prints them.
    private func printBatchCommands(_ plan: BatchPlan, prepared: PreparedRun) throws {
        Console.out("\(Shlex.guildQuote(prepared.pythonExe)) -um \(plan.optimizer.mainModule)")
        guard !plan.optimizer.isSequential else {
            log("ERROR: [guild] optimizer does not support printing trials command")
            throw ExitCode(1)
        }
        for trial in try plan.trials() {
            Console.out(try prepared.argv(withFlags: prepared.flags.merging(trial) { $1 }).map(Shlex.guildQuote).joined(separator: " "))
        }
    }

    private func skipNeeded(_ prepared: PreparedRun, context: GuildContext) throws -> Bool {
            let matching = MatchingRuns.find(for: prepared, context: context)
            if let existing = prepared.existingRun, matching.contains(where: { $0.run.id == existing.id }) {
                Console.out("Skipping run because flags have not changed (--needed specified)")
                return true
            }
            return skipNeeded(matching, context: context)
        }

        /// Says which runs match and returns true, when some do.
        private func skipNeeded(_ matching: [RunSummary], context: GuildContext) -> Bool {
            guard !matching.isEmpty else { return false }
            Console.out("Skipping because the following runs match this operation (--needed specified):")
            Console.outRaw(
                RunsTable.render(matching, context: context, simplified: false, index: .bracketed, indent: "  "))
            return true
        }

        private func makeRequest() -> RunRequest {
            var request = RunRequest()
            var args = arguments[...]
            if let first = args.first, !first.contains("="), !first.hasPrefix("@") {
                request.opspec = first
                args = args.dropFirst()
            }
            request.flagArgs = args.filter { !$0.hasPrefix("@") }
            request.batch = batchOptions.request(
                batchFiles: args.filter { $0.hasPrefix("@") }.map { String($0.dropFirst()) })
            request.label = label
            request.tags = tags
            request.comment = comment
            request.stopAfter = stopAfter
            request.stage = stage
            request.runDirectory = runDir
            request.runId = runId
            request.quiet = quiet
            request.forceDeps = forceDeps
            request.forceSourcecode = forceSourcecode
            request.forceFlags = forceFlags || helpOp // help is shown even when flags are missing
            request.describeOnly = helpOp || printCmd || printEnv
            request.restart = restart
            request.proto = proto
            request.background = background
            request.pidFile = pidFile
            // Guild AI records `@FILE` arguments with the flags.
            request.runParams = runParams(opspec: request.opspec, flags: Array(args))
            return request
        }

        private func runParams(opspec: String?, flags: [String]) -> [String: YAMLValue] {
            func s(_ v: String?) -> YAMLValue { v.map(YAMLValue.string) ?? .null }
            var params = RunParams.defaults
            params["opspec"] = s(opspec)
            params["flags"] = .list(flags.map(YAMLValue.string))
            params["label"] = s(label)
            params["tags"] = .list(tags.map(YAMLValue.string))
            params["comment"] = s(comment)
            params["edit_comment"] = .bool(editComment)
            params["stop_after"] = stopAfter.map(YAMLValue.float) ?? .null
            params["yes"] = .bool(yes)
            params["stage"] = .bool(stage)
            params["run_dir"] = s(runDir)
            params["run_id"] = s(runId)
            params["quiet"] = .bool(quiet)
            params["force_flags"] = .bool(forceFlags)
            params["force_deps"] = .bool(forceDeps)
            params["force_sourcecode"] = .bool(forceSourcecode)
            params["needed"] = .bool(needed)
            params["background"] = .bool(background)
            params["pidfile"] = s(pidFile)
            params["restart"] = s(restart)
            params["proto"] = s(proto)
            params["print_cmd"] = .bool(printCmd)
            params["print_env"] = .bool(printEnv)
            params["help_op"] = .bool(helpOp)
            params.merge(batchOptions.runParams(), uniquingKeysWith: { $1 })
            return params
        }
    }
}
