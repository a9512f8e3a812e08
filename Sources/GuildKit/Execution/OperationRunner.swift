import Foundation

/// Creates a run directory for a prepared op and runs it (reference 2.3 life cycle).
public struct OperationRunner {
    public let context: GuildContext
    public let request: RunRequest
    /// Messages for the user (warnings, staged notices); the CLI prints them to stderr.
    public var log: @Sendable (String) -> Void
    /// Where the op's output is echoed instead of the console (a batch's output, for its trials).
    var outputEcho: OutputRecorder?
    private let vcsLookup = VCSCommitSlot()

    public init(context: GuildContext, request: RunRequest, log: @escaping @Sendable (String) -> Void) {
        self.context = context
        self.request = request
        self.log = log
    }

    /// Makes the run directory and writes everything up to the process start.
    /// - Returns: the run, ready for `start`.
    /// - Throws: `GuildError`; for an unmet dependency the run is kept and shows as error.
    public func initialize(_ prepared: PreparedRun) throws -> Run {
        // From here a Ctrl-C ends the run as error instead of killing guild mid-download.
        SignalRelay.install()
        let run = try createOrReset(prepared)
        do {
            try DependencyResolution(context: context, log: log).resolve(
                prepared.dependencies, into: run, flags: prepared.flags, forStage: request.stage,
                continueOnError: request.forceDeps)
        } catch {
            let writer = RunWriter(run: run)
            writer.removeMarker("PENDING")
            writer.removeMarker("LOCK")
            switch error {
            case let failure as DependencyFailure:
                throw GuildError("run failed because a dependency was not met: \(failure)")
            case let error as DependencyError: throw GuildError(error.description)
            case is ResolutionStopped: throw GuildError("stopped while resolving dependencies", exitCode: 130)
            default: throw GuildError("error resolving dependencies: \(error)")
            }
        }
        return run
    }

    /// Writes the run directory (or resets the restarted run) without resolving dependencies; a
    /// batch's proto run is made this way, its trials resolving their own.
    func createOrReset(_ prepared: PreparedRun) throws -> Run {
        if let run = prepared.existingRun {
            let writer = RunWriter(run: run)
            // Before anything of the run changes, so a second restart of it cannot run it too.
            try writer.acquireLock(pid: getpid())
            for name in ["exit_status", "stopped"] { writer.deleteAttribute(name) }
            writer.removeMarker("STAGED")
            try writer.setMarker("PENDING")
            try writeFlagAttributes(prepared, writer: writer)
            try updateRunParams(of: run, writer: writer)
            if request.forceSourcecode { try copySourceCode(prepared, run: run, writer: writer) }
            return run
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: context.guildHome.path, isDirectory: &isDir), !isDir.boolValue {
            throw GuildError("'\(context.guildHome.path)' is not a directory")
        }
        let id = request.runId ?? RunID.make()
        let directory: URL
        if let dir = request.runDirectory {
            directory = URL(fileURLWithPath: dir, relativeTo: context.cwd).standardizedFileURL
            let project = prepared.resolved.guildfile.directory.resolvingSymlinksInPath().path
            let target = directory.resolvingSymlinksInPath().path
            if project == target || project.hasPrefix(target.hasSuffix("/") ? target : target + "/") {
                throw GuildError("run directory '\(dir)' holds the project directory; choose another --run-dir")
            }
        } else {
            directory = context.runsDirectory.appendingPathComponent(id)
        }
        vcsLookup.start(directory: prepared.resolved.guildfile.directory)
        let run = Run(id: id, directory: directory)
        if request.runDirectory == nil && FileManager.default.fileExists(atPath: directory.path) {
            throw GuildError("run '\(id)' already exists")
        }
        let existed = FileManager.default.fileExists(atPath: directory.path)
        let writer = RunWriter(run: run)
        do {
            try writer.createDirectories()
            try writer.setMarker("PENDING")
            // The resolving guild's pid: a run whose guild is killed before it starts reads as error.
            try writer.writeLock(pid: getpid())
            try writer.writeOpRef(prepared.resolved.opref)
            try FastFile.write([], to: run.guildDirectory.appendingPathComponent("manifest").path)
            try writeInitAttributes(prepared, writer: writer)
            try copySourceCode(prepared, run: run, writer: writer)
            // Written before the op starts, as Guild AI does, so `git status` cannot see what
            // the op changes; the lookup ran while the run directory was set up.
            if let commit = vcsLookup.wait() { try writer.writeAttribute("vcs_commit", .string(commit)) }
        } catch {
            // A run that cannot be set up is removed rather than left looking like a run; a
            // directory the user gave (`--run-dir`) keeps its files and the run shows as error.
            if existed {
                writer.removeMarker("PENDING")
            } else {
                try? FileManager.default.removeItem(at: directory)
            }
            throw error
        }
        return run
    }

    /// A restart's `-l` and `-t` replace the run's own, in its `run_params` too (pipeline steps
    /// inherit them from there).
    private func updateRunParams(of run: Run, writer: RunWriter) throws {
        guard request.label != nil || !request.tags.isEmpty else { return }
        var params = run.attribute("run_params")?.mapValue ?? [:]
        if let label = request.label { params["label"] = .string(label) }
        if !request.tags.isEmpty {
            params["tags"] = .list(request.tags.map(YAMLValue.string))
            try writer.writeAttribute("tags", .list(request.tags.map(YAMLValue.string)))
        }
        try writer.writeAttribute("run_params", .map(params))
    }

    private func writeInitAttributes(_ prepared: PreparedRun, writer: RunWriter) throws {
        let env = context.environment
        try writer.writeAttribute("id", .string(writer.run.id))
        try writer.writeAttribute("initialized", .int(Timestamp.now(context.now())))
        try writeFlagAttributes(prepared, writer: writer)
        try writer.writeAttribute("run_params", .map(request.runParams))
        // `--random-seed` gives a batch's trials (copies of its proto) the same seed, as in Guild AI.
        try writer.writeAttribute(
            "random_seed", .int(request.batch.randomSeed ?? Int(UInt32.random(in: 0...UInt32.max))))
        try writer.writeAttribute("op", RunAttributes.opAttribute(prepared))
        for (name, value) in RunAttributes.machine(environment: env).sorted(by: { $0.key < $1.key }) {
            try writer.writeAttribute(name, value)
        }
        try writer.writeAttribute(
            "plugins", .list(prepared.command.templateArgs.contains("guild.op_main") ? [.string("python_script")] : []))
        if !request.tags.isEmpty { try writer.writeAttribute("tags", .list(request.tags.map(YAMLValue.string))) }
        if let comment = request.comment {
            let first = RunComment.new(body: comment, user: nil, environment: env, now: context.now())
            try writer.writeAttribute("comments", RunComment.attribute([first]))
        }
        if let steps = prepared.resolved.opdef.steps { try writer.writeAttribute("steps", .list(steps)) }
        // Guild AI 0.9.0 writes each run-attr as an attr of its own (later versions use `opdef_attrs`).
        for (name, value) in RunAttributes.runAttributes(prepared.resolved.opdef.runAttrs, log: log) {
            try writer.writeAttribute(name, value)
        }
    }

    private func writeFlagAttributes(_ prepared: PreparedRun, writer: RunWriter) throws {
        try writer.writeAttribute("flags", .map(prepared.flags))
        try writer.writeAttribute("user_flags", .map(prepared.userFlags))
        try writer.writeAttribute("cmd", .list(prepared.argv.map(YAMLValue.string)))
        if prepared.label.isEmpty {
            writer.deleteAttribute("label")
        } else {
            try writer.writeAttribute("label", .string(prepared.label))
        }
    }

    private func copySourceCode(_ prepared: PreparedRun, run: Run, writer: RunWriter) throws {
        guard context.environment["NO_SOURCECODE"] != "1",
            var copier = SourceCodeCopier.make(for: prepared.resolved, environment: context.environment)
        else {
            try writer.writeAttribute("sourcecode_digest", .null)
            return
        }
        // Files the op requires from the project are dependencies, not source code.
        for source in prepared.dependencies.flatMap(\.resource.sources) {
            if let path = source.projectLocalPath { copier.excludedPaths.insert(PathText.normalize(path)) }
            if source.scheme == "dvcfile" { copier.excludedDirectories.insert(PathText.normalize(source.path)) }
        }
        let result = try copier.copy(into: run.directory)
        result.warnings.forEach(log)
        try Manifest.append(result.entries, runDirectory: run.directory)
        try writer.writeAttribute("sourcecode_digest", result.digest.map(YAMLValue.string) ?? .null)
    }

    /// Starts the process in `run` and waits for it; writes exit status and stop time.
    /// - Returns: the recorded exit status.
    public func start(_ prepared: PreparedRun, run: Run) async throws -> Int {
        SignalRelay.install()
        let writer = RunWriter(run: run)
        let exitStatus: Int
        do {
            let stageMain = DvcStageMain.invocation(in: prepared.command.templateArgs)
            var bootstrapInRun: URL?
            if stageMain == nil && prepared.command.templateArgs.contains("guild.op_main") {
                bootstrapInRun = try installBootstrap(prepared, run: run)
            }
            writer.removeMarker("PENDING")
            try writer.writeAttribute("started", .int(Timestamp.now(context.now())))
            var env = processEnvironment(prepared, run: run)
            if let bootstrapInRun, let path = env["PYTHONPATH"] {
                let cached = PythonBootstrap.directory(in: context.cacheDirectory).path
                env["PYTHONPATH"] = path.split(separator: ":", omittingEmptySubsequences: false)
                    .map { $0 == cached ? bootstrapInRun.path : String($0) }.joined(separator: ":")
            }
            try writer.writeAttribute("env", .map(RunAttributes.safeEnvironment(env).mapValues(YAMLValue.string)))
            let recorder = try OutputRecorder(
                run: run, quiet: request.quiet,
                scalars: OutputScalarParser(config: prepared.outputScalars, flagNames: Set(prepared.flags.keys)),
                echo: outputEcho)
            var supervisor = ProcessSupervisor(
                argv: PythonBootstrap.launchArguments(for: prepared.argv, environment: env), environment: env,
                workingDirectory: run.directory)
            supervisor.log = log
            if let seconds = context.environment["PROC_TERM_TIMEOUT_SECONDS"].flatMap(Double.init) {
                supervisor.interruptTimeout = .milliseconds(Int(seconds * 1000))
            }
            if let minutes = request.stopAfter {
                supervisor.stopAfter = .milliseconds(Int(minutes * 60_000))
                if let seconds = context.environment["STOP_AFTER_KILL_DELAY"].flatMap(Double.init) {
                    supervisor.stopKillDelay = .milliseconds(Int(seconds * 1000))
                }
            }
            if StepsMain.isInvoked(by: prepared.command.templateArgs) {
                exitStatus = try await runStepsMain(run: run, supervisor: supervisor, recorder: recorder)
            } else if let stageMain {
                exitStatus = try await runStageMain(
                    stageMain, prepared, run: run, supervisor: supervisor, recorder: recorder)
            } else {
                exitStatus = try await supervisor.run(recorder: recorder) { pid in
                    try writer.writeLock(pid: pid)
                }
            }
        } catch {
            // Not started: no exit status, so the run shows as error, as with Guild AI.
            writer.removeMarker("PENDING")
            writer.removeMarker("LOCK")
            if let error = error as? GuildError { throw error }
            throw GuildError("error running \(prepared.operationName): \(error)")
        }
        try writer.finish(exitStatus: exitStatus, stopped: context.now())
        return exitStatus
    }

    /// Runs Guild's DvC stage main in this process: guild holds the run's lock while it sets the
    /// stage up, and `dvc repro` runs under the supervisor as the op's process.
    private func runStageMain(
        _ invocation: DvcStageMain.Invocation, _ prepared: PreparedRun, run: Run, supervisor: ProcessSupervisor,
        recorder: OutputRecorder
    ) async throws -> Int {
        try RunWriter(run: run).writeLock(pid: getpid())
        var base = supervisor
        base.finishesRecorder = false
        let dvcSupervisor = base
        let project =
            invocation.projectDirectory ?? prepared.commandEnv["PROJECT_DIR"]
            ?? prepared.resolved.guildfile.directory.path
        let stageMain = DvcStageMain(
            stageName: invocation.stage,
            project: URL(fileURLWithPath: project, relativeTo: context.cwd).standardizedFileURL.path, run: run,
            environment: supervisor.environment, runsDirectory: context.runsDirectory, recorder: recorder
        ) { argv in
            var process = dvcSupervisor
            process.argv = argv
            return try await process.run(recorder: recorder) { _ in }
        }
        defer { recorder.finish() }
        return await stageMain.execute()
    }

    /// Runs Guild's steps main in this process: guild holds the pipeline run's lock, and each
    /// step's `guild run` runs under the supervisor, its output recorded as the pipeline's.
    private func runStepsMain(run: Run, supervisor: ProcessSupervisor, recorder: OutputRecorder) async throws -> Int {
        try RunWriter(run: run).writeLock(pid: getpid())
        var base = supervisor
        base.finishesRecorder = false
        base.interruptTimeout = .seconds(60)
        let stepSupervisor = base
        let steps = StepsMain(run: run, environment: supervisor.environment, recorder: recorder) { argv, env, cwd in
            var process = stepSupervisor
            process.argv = argv
            process.environment = env
            process.workingDirectory = cwd
            return try await process.run(recorder: recorder) { _ in }
        }
        defer { recorder.finish() }
        return await steps.execute()
    }

    /// Writes `prepared` as the proto (`.guild/proto`) of `batch`: the op a batch's trials copy.
    public func createProto(of prepared: PreparedRun, in batch: Run) throws {
        var protoRequest = request
        protoRequest.runDirectory = batch.protoDirectory.path
        protoRequest.runId = "proto"
        let run = try OperationRunner(context: context, request: protoRequest, log: { _ in }).createOrReset(prepared)
        // Trials are copies of the proto: they are pending, not held by this guild.
        RunWriter(run: run).removeMarker("LOCK")
    }

    /// Marks an initialized run as staged instead of starting it.
    public func stage(_ prepared: PreparedRun, run: Run) throws {
        let writer = RunWriter(run: run)
        try writer.setMarker("STAGED")
        writer.removeMarker("PENDING")
        writer.removeMarker("LOCK")
        try writer.writeAttribute("started", .int(Timestamp.now(context.now())))
        let env = processEnvironment(prepared, run: run)
        let lines = env.filter { $0.key != "PWD" && $0.key != "_" }.sorted { $0.key < $1.key }
            .map { "export \($0.key)=\($0.value.isEmpty ? "" : Shlex.quote($0.value))" }
        try FastFile.write(
            lines.joined(separator: "\n") + "\n", to: run.guildDirectory.appendingPathComponent("ENV").path)
    }

    /// Installs the `guild.op_main` bootstrap in the cache; when the cache cannot be written (a full
    /// disk, a read-only home) the run gets its own copy in `.guild`, so the op still runs.
    /// - Returns: the run's own copy, or nil when the cached one is used.
    private func installBootstrap(_ prepared: PreparedRun, run: Run) throws -> URL? {
        do {
            try PythonBootstrap.install(in: context.cacheDirectory, python: prepared.argv.first)
            return nil
        } catch {
            return try PythonBootstrap.install(in: run.guildDirectory, python: nil)
        }
    }

    private func processEnvironment(_ prepared: PreparedRun, run: Run) -> [String: String] {
        var env = context.environment
        env.merge(prepared.commandEnv, uniquingKeysWith: { $1 })
        env["GUILD_OP"] = prepared.operationName
        env["GUILD_HOME"] = context.guildHome.path
        env["GUILD_SOURCECODE"] = prepared.resolved.sourceCodeDest
        env["LOG_LEVEL"] = env["LOG_LEVEL"] ?? "20"
        env["CMD_DIR"] = context.cwd.path
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.merge(prepared.flagEnv, uniquingKeysWith: { $1 })
        // For the `guild.batch_util` of an operation used as optimizer, which runs its trials.
        env["GUILD_EXECUTABLE"] = SelfExecutable.path
        env["RUN_DIR"] = run.directory.path
        env["RUN_ID"] = run.id
        return env
    }
}
