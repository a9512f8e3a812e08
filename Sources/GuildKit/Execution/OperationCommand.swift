import Foundation

/// How an op's process is started: the argv template Guild stores in the `op` attr and
/// the rules that turn flag values into arguments (reference 4.3).
struct OperationCommand {
    /// `cmd-args`, with `__flag_args__` standing for the flag arguments.
    var templateArgs: [String]
    /// `cmd-env` of the `op` attr.
    var commandEnv: [String: String]
    var flagsDest: String
    /// Flag definitions by name, for arg names, skips and switches.
    var flagDefs: [String: FlagDef]

    static let flagArgsToken = "__flag_args__"

    /// Builds the template for `resolved`, detecting the flags destination of a Python main.
    /// - Parameter checkModule: fail when a Python main module cannot be found.
    static func make(for resolved: ResolvedOperation, flagDefs: [FlagDef], checkModule: Bool = true) throws
        -> OperationCommand
    {
        let opdef = resolved.opdef
        let projectDir = resolved.guildfile.directory.path
        var env: [String: String] = ["PROJECT_DIR": projectDir]
        let args: [String]
        let dest: String
        if opdef.steps != nil {
            // Guild's steps main; ours runs the steps in-process (StepsMain).
            args = ["${guild_python_exe}", "-um", StepsMain.module]
            dest = opdef.flagsDest ?? "args"
        } else if let exec = opdef.exec {
            args = try Shlex.split(exec).map { $0 == "${flag_args}" ? flagArgsToken : $0 }
            dest = opdef.flagsDest ?? "args"
        } else {
            let main = opdef.main ?? opdef.name
            let mainArgs = try Shlex.split(main)
            guard let module = mainArgs.first else {
                throw GuildError("invalid main '\(main)' for operation '\(resolved.fullName)'")
            }
            // Guild's DvC stage main is run in-process (DvcStageMain), never looked up.
            if checkModule && module != DvcStageMain.module {
                _ = try PythonModuleLocator.locate(module, in: resolved.sourceCodeRoot)
            }
            dest = opdef.flagsDest ?? "args"
            args = ["${python_exe}", "-um", "guild.op_main"] + mainArgs + ["--", flagArgsToken]
        }
        if let flagsDest = opdef.flagsDest { env["FLAGS_DEST"] = flagsDest }
        for (name, value) in opdef.env {
            env[name] = value.stringValue ?? value.flowEncoded()
        }
        let defs = Dictionary(flagDefs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return OperationCommand(templateArgs: args, commandEnv: env, flagsDest: dest, flagDefs: defs)
    }

    /// The command recorded in a run's `op` attr (`op-cmd`), as restarts rebuild it.
    init?(opAttribute op: [String: YAMLValue]) {
        guard let opCmd = op["op-cmd"]?.mapValue, let args = opCmd["cmd-args"]?.listValue else { return nil }
        templateArgs = args.map { $0.stringValue ?? $0.flowEncoded() }
        commandEnv = (opCmd["cmd-env"]?.mapValue ?? [:]).mapValues { $0.stringValue ?? $0.flowEncoded() }
        flagsDest = opCmd["flags-dest"]?.stringValue ?? "args"
        var defs: [String: FlagDef] = [:]
        for (name, settings) in opCmd["cmd-flags"]?.mapValue ?? [:] {
            let data = settings.mapValue ?? [:]
            var def = FlagDef(name: name)
            def.argName = data["arg-name"]?.stringValue
            if case .bool(let skip)? = data["arg-skip"] { def.argSkip = skip }
            def.argSwitch = data["arg-switch"]
            def.argSplit = data["arg-split"]
            def.envName = data["env-name"]?.stringValue
            def.argEncoding = data["arg-encoding"]?.mapValue
            def.envEncoding = data["env-encoding"]?.mapValue
            defs[name] = def
        }
        flagDefs = defs
    }

    init(templateArgs: [String], commandEnv: [String: String], flagsDest: String, flagDefs: [String: FlagDef]) {
        self.templateArgs = templateArgs
        self.commandEnv = commandEnv
        self.flagsDest = flagsDest
        self.flagDefs = flagDefs
    }

    /// Whether flag values are passed as YAML flow text (`globals` and friends).
    private var usesYAMLArgs: Bool {
        flagsDest == "globals" || flagsDest.hasPrefix("global:") || flagsDest.hasPrefix("dict:")
            || flagsDest.hasPrefix("namespace:")
    }

    /// The flag arguments, sorted by flag name.
    func flagArgs(_ flags: [String: YAMLValue], templateArgs: [String]) -> [String] {
        var out: [String] = []
        for name in flags.keys.sorted() {
            let value = flags[name]!
            let def = flagDefs[name]
            if def?.argSkip == true || value.isNull { continue }
            let argName = "--" + (def?.argName ?? name)
            if templateArgs.contains(argName) { continue }
            if let switchValue = def?.argSwitch {
                if value == switchValue { out.append(argName) }
                continue
            }
            if let split = def?.argSplit, FlagSplitting.splits(split), value.listValue == nil {
                let text =
                    value.stringValue
                    ?? (usesYAMLArgs ? value.yamlFlowEncoded() : Self.encoded(value, using: def?.argEncoding) ?? "")
                let parts = FlagSplitting.split(text, spec: split)
                // Globals take the parts as one YAML list; other destinations as separate args.
                if flagsDest == "globals" {
                    out += [argName, YAMLValue.list(parts.map { FlagValueDecoder.decode($0) }).yamlFlowEncoded()]
                } else if !parts.isEmpty {
                    out += [argName] + parts
                }
            } else if usesYAMLArgs {
                out += [argName, value.yamlFlowEncoded()]
            } else {
                out += [argName, Self.encoded(value, using: def?.argEncoding) ?? ""]
            }
        }
        return out
    }

    /// Guild's warnings for flags left out because the command already has their `--name`.
    func shadowedFlagWarnings(_ flags: [String: YAMLValue]) -> [String] {
        flags.keys.sorted().compactMap { name in
            let value = flags[name]!
            let def = flagDefs[name]
            guard def?.argSkip != true, !value.isNull else { return nil }
            let argName = "--" + (def?.argName ?? name)
            guard templateArgs.contains(argName) else { return nil }
            return
                "ignoring flag '\(name)=\(FlagFormatting.formatFlag(value))' because it's shadowed in the operation cmd as \(argName)"
        }
    }

    /// The argv: the template with `${...}` references and the flag args filled in.
    func resolvedArgs(flags: [String: YAMLValue], pythonExe: String, projectDir: String) throws -> [String] {
        var argv: [String] = []
        for arg in templateArgs {
            if arg == Self.flagArgsToken {
                argv += flagArgs(flags, templateArgs: templateArgs)
                continue
            }
            argv.append(try substitute(arg, flags: flags, pythonExe: pythonExe, projectDir: projectDir))
        }
        return argv
    }

    private func substitute(_ text: String, flags: [String: YAMLValue], pythonExe: String, projectDir: String) throws
        -> String
    {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = text[...]
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                out += rest[start.lowerBound...]
                return out
            }
            let name = String(rest[start.upperBound..<end])
            switch name {
            case "python_exe", "guild_python_exe": out += pythonExe
            case "project_dir": out += projectDir
            case "main_args", "flag_args": break
            default:
                guard let value = flags[name] else {
                    throw GuildError("undefined reference '\(name)' in command '\(text)'")
                }
                out += FlagFormatting.argEncoded(value) ?? ""
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// The value as an argument: from the flag's `arg-encoding`/`env-encoding` mapping when it
    /// has the value (its keys are YAML text, so `yes` matches true), else Guild's default.
    static func encoded(_ value: YAMLValue, using encoding: [String: YAMLValue]?) -> String? {
        if let encoding {
            for (key, encodedValue) in encoding where FlagValueDecoder.decode(key) == value {
                return encodedValue.stringValue ?? FlagFormatting.argEncoded(encodedValue)
            }
        }
        return FlagFormatting.argEncoded(value)
    }

    /// `FLAG_<NAME>` variables for every flag (null gives "").
    func flagEnv(_ flags: [String: YAMLValue]) -> [String: String] {
        var env: [String: String] = [:]
        for (name, value) in flags {
            let key = flagDefs[name]?.envName ?? FlagFormatting.envName(for: name)
            env[key] = Self.encoded(value, using: flagDefs[name]?.envEncoding) ?? ""
        }
        return env
    }

    /// `cmd-flags` of the `op` attr: each flag's non-default arg settings.
    var commandFlags: YAMLValue {
        var out: [String: YAMLValue] = [:]
        for (name, def) in flagDefs {
            var entry: [String: YAMLValue] = [:]
            if let v = def.argName { entry["arg-name"] = .string(v) }
            if let v = def.argSkip { entry["arg-skip"] = .bool(v) }
            if let v = def.argSwitch { entry["arg-switch"] = v }
            if let v = def.argSplit { entry["arg-split"] = v }
            if let v = def.envName { entry["env-name"] = .string(v) }
            if let v = def.argEncoding { entry["arg-encoding"] = .map(v) }
            if let v = def.envEncoding { entry["env-encoding"] = .map(v) }
            out[name] = .map(entry)
        }
        return .map(out)
    }
}
