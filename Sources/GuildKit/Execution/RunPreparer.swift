import Foundation

/// Resolves an op, its flags and its command for `guild run` without writing anything.
public struct RunPreparer {
    public let context: GuildContext

    public init(context: GuildContext) { self.context = context }

    /// Prepares a new run, a restart (`--restart`) or a run based on another (`--proto`).
    /// - Throws: `GuildError` for an unknown op, a bad flag or a missing script.
    public func prepare(_ request: RunRequest) throws -> PreparedRun {
        var baseFlags: [String: YAMLValue] = [:]
        var existing: Run?
        var recordedOp: [String: YAMLValue]?
        var forceFlags = request.forceFlags
        let found: ResolvedOperation
        if let spec = request.restart ?? request.proto {
            let run = try Self.run(forSpec: spec, context: context)
            guard let opref = run.opref else {
                throw GuildError("cannot rerun \(run.id): its .guild/opref cannot be read")
            }
            guard ["guildfile", "import", "script"].contains(opref.packageType) else {
                throw GuildError("cannot rerun \(run.id): only guild.yml, dvc.yaml and script operations are supported")
            }
            baseFlags = run.flags
            if request.restart != nil {
                if run.status == .running { throw GuildError("run \(run.id) is still running") }
                existing = run
                recordedOp = run.attribute("op")?.mapValue
                // A restart rebuilds its command from the run's `op` attr, so it works even when
                // guild.yml has changed or is gone; then only flags the run already has are checked.
                if let current = try? ResolvedOperation.current(
                    for: opref, cwd: context.cwd, cacheDirectory: context.cacheDirectory)
                {
                    found = current
                } else {
                    found = Self.recorded(opref)
                    forceFlags = true
                }
            } else {
                found = try ResolvedOperation.current(
                    for: opref, cwd: context.cwd, cacheDirectory: context.cacheDirectory)
            }
        } else {
            found = try OperationResolver.resolve(request.opspec, in: context.cwd, cacheDirectory: context.cacheDirectory)
        }
        let resolved = try found.withImportedFlags(cacheDirectory: context.cacheDirectory)
        // Dependencies come from the run's `op` attr on restart, as the command does.
        let dependenciesFor = { (flags: [String: YAMLValue]) throws -> [OperationDependency] in
            if let recordedOp { return OperationDependencies.recorded(in: recordedOp, flags: flags) }
            return try OperationDependencies.make(for: resolved, flags: flags)
        }
        let flagDefs = DependencyFlags.flagDefs(resolved.opdef.flags, for: (try? dependenciesFor([:])) ?? [])
        var resolver = FlagResolver(flagDefs: flagDefs, operationName: resolved.fullName, forceFlags: forceFlags)
        var userFlags = try resolver.decodeUserFlags(request.flagArgs)
        var batchTrials: [[String: YAMLValue]] = []
        if !request.batch.batchFiles.isEmpty {
            // One trial gives plain flags; several make a batch (reference 5.2).
            let trials = try BatchFile.trials(request.batch.batchFiles, cwd: context.cwd)
            if trials.count == 1 {
                for (name, value) in trials[0] where userFlags[name] == nil { userFlags[name] = value }
            } else {
                batchTrials = trials
                // As in Guild AI, the flags of batch file trials are not checked.
                resolver.forceFlags = true
            }
        }
        var flags = try resolver.resolve(userFlags: baseFlags.merging(userFlags, uniquingKeysWith: { $1 }))
        if existing != nil {
            // A restart keeps the run's flags: ones added to guild.yml since are not passed.
            flags = flags.filter { baseFlags[$0.key] != nil || userFlags[$0.key] != nil }
        }
        let dependencyWarnings: [String]
        (flags, dependencyWarnings) = DependencyFlags.applyUpstreamRuns(
            flags, dependencies: try dependenciesFor(flags), flagDefs: flagDefs,
            store: RunStore(runsDirectory: context.runsDirectory))
        let dependencies = try dependenciesFor(flags)
        let command =
            try recordedOp.flatMap(OperationCommand.init(opAttribute:))
            ?? OperationCommand.make(for: resolved, flagDefs: flagDefs, checkModule: !request.describeOnly)
        let python = (try? ExecutableLookup.find("python3", environment: context.environment)) ?? "python3"
        let argv = try command.resolvedArgs(
            flags: flags, pythonExe: python, projectDir: resolved.guildfile.directory.path)
        var commandEnv = command.commandEnv
        if command.templateArgs.contains("guild.op_main") {
            commandEnv["PYTHONPATH"] = PythonBootstrap.pythonPath(
                sourceCodePaths: [resolved.sourceCodeDest],
                bootstrapDirectory: PythonBootstrap.directory(in: context.cacheDirectory),
                inherited: context.environment["PYTHONPATH"])
        }
        var labelRequest = request
        if let existing, request.label == nil {
            // As Guild AI reapplies the run's own run_params, a restart keeps its `--label`.
            labelRequest.label = existing.attribute("run_params")?.mapValue?["label"]?.stringValue
        }
        if let existing, request.tags.isEmpty {
            labelRequest.tags = (existing.attribute("run_params")?.mapValue?["tags"]?.listValue ?? []).compactMap(\.stringValue)
        }
        let (label, labelTemplate) = makeLabel(request: labelRequest, opdef: resolved.opdef, flags: flags)
        let outputScalars =
            recordedOp.map {
                // `null` in the op attr means the op gave none: the default patterns apply.
                RunAttributes.outputScalarConfig($0["output-scalars"].flatMap { $0.isNull ? nil : $0 })
            }
            ?? RunAttributes.outputScalarConfig(resolved.opdef.outputScalars)
        return PreparedRun(
            resolved: resolved, flags: flags, userFlags: userFlags, flagDefs: flagDefs, argv: argv,
            commandEnv: commandEnv, flagEnv: command.flagEnv(flags), label: label, labelTemplate: labelTemplate,
            outputScalars: outputScalars, command: command, existingRun: existing, dependencies: dependencies,
            dependencyWarnings: dependencyWarnings, batchTrials: batchTrials, pythonExe: python)
    }

    /// The run `--restart`/`--proto` names, as Guild AI looks for it: a run directory (an
    /// absolute or `.`-relative path), else the marked or latest run of an operation named so,
    /// else a run id, id prefix or index.
    static func run(forSpec spec: String, context: GuildContext) throws -> Run {
        if spec.hasPrefix("/") || spec.hasPrefix(".") {
            let directory = URL(fileURLWithPath: spec, relativeTo: context.cwd).standardizedFileURL
            return Run(id: directory.lastPathComponent, directory: directory)
        }
        if let pattern = UpstreamRuns.OpPattern(spec),
            let run = UpstreamRuns(store: RunStore(runsDirectory: context.runsDirectory)).markedOrLatest(
                [pattern], prefix: nil)
        {
            return run
        }
        return try RunLookup(context: context).one(spec)
    }

    /// The op as its opref records it, for a restart whose guild.yml cannot be read.
    private static func recorded(_ opref: OpRef) -> ResolvedOperation {
        var model = ModelDef(name: opref.modelName)
        model.operations = [OpDef(name: opref.operationName)]
        let guildfile = Guildfile(
            path: URL(fileURLWithPath: opref.packageName), digest: opref.packageVersion, models: [model])
        return ResolvedOperation(guildfile: guildfile, model: model, opdef: model.operations[0])
    }

    /// The run's label and the template it came from (nil for the default label).
    private func makeLabel(request: RunRequest, opdef: OpDef, flags: [String: YAMLValue]) -> (String, String?) {
        let defaultLabel = FlagFormatting.defaultLabel(flags)
        var template = request.label
        if template == nil && !request.tags.isEmpty {
            // As Guild AI does, tags replace the op's own label template.
            template = (request.tags + ["${default_label}"]).joined(separator: " ")
        }
        template = template ?? opdef.label
        guard let template else { return (defaultLabel, nil) }
        return (FlagFormatting.renderLabelTemplate(template, flags: flags, defaultLabel: defaultLabel), template)
    }
}
