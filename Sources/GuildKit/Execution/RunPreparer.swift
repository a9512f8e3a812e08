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
        let resolved: ResolvedOperation
        if let spec = request.restart ?? request.proto {
            let run = try RunLookup(context: context).one(spec)
            guard let opref = run.opref, opref.packageType == "guildfile" else {
                throw GuildError("cannot rerun \(run.id): only guildfile operations are supported")
            }
            let guildfile = try Guildfile.load(from: URL(fileURLWithPath: opref.packageName))
            guard let model = guildfile.models.first(where: { $0.name == opref.modelName }),
                let opdef = model.operations.first(where: { $0.name == opref.operationName })
            else {
                throw GuildError("operation '\(opref.operationDisplay)' is no longer defined in \(opref.packageName)")
            }
            resolved = ResolvedOperation(guildfile: guildfile, model: model, opdef: opdef)
            baseFlags = run.flags
            if request.restart != nil { existing = run }
        } else {
            resolved = try OperationResolver.resolve(request.opspec, in: context.cwd)
        }
        let flagDefs = try FlagImporter.flagDefs(
            for: resolved.opdef, projectDirectory: resolved.guildfile.directory, cacheDirectory: context.cacheDirectory)
        let resolver = FlagResolver(flagDefs: flagDefs, operationName: resolved.fullName, forceFlags: request.forceFlags)
        let userFlags = try resolver.decodeUserFlags(request.flagArgs)
        let flags = try resolver.resolve(userFlags: baseFlags.merging(userFlags, uniquingKeysWith: { $1 }))
        let command = try OperationCommand.make(for: resolved, flagDefs: flagDefs)
        let python = (try? ExecutableLookup.find("python3", environment: context.environment)) ?? "python3"
        let argv = try command.resolvedArgs(flags: flags, pythonExe: python, projectDir: resolved.guildfile.directory.path)
        var commandEnv = command.commandEnv
        if command.templateArgs.contains("guild.op_main") {
            commandEnv["PYTHONPATH"] = PythonBootstrap.pythonPath(
                sourceCodePaths: [resolved.sourceCodeDest],
                bootstrapDirectory: PythonBootstrap.directory(in: context.cacheDirectory),
                inherited: context.environment["PYTHONPATH"])
        }
        let label = makeLabel(request: request, opdef: resolved.opdef, flags: flags)
        return PreparedRun(
            resolved: resolved, flags: flags, userFlags: userFlags, flagDefs: flagDefs, argv: argv,
            commandEnv: commandEnv, flagEnv: command.flagEnv(flags), label: label, command: command,
            existingRun: existing)
    }

    private func makeLabel(request: RunRequest, opdef: OpDef, flags: [String: YAMLValue]) -> String {
        let defaultLabel = FlagFormatting.defaultLabel(flags)
        var template = request.label
        if template == nil && !request.tags.isEmpty {
            // As Guild AI does, tags replace the op's own label template.
            template = (request.tags + ["${default_label}"]).joined(separator: " ")
        }
        template = template ?? opdef.label
        guard let template else { return defaultLabel }
        return FlagFormatting.renderLabelTemplate(template, flags: flags, defaultLabel: defaultLabel)
    }
}
