import ArgumentParser
import Foundation
import GuildKit

/// The shell completion protocol (`_GUILD_COMPLETE`, `COMP_WORDS`, `COMP_CWORD`, reference
/// 1.16): the candidates for the word under the cursor, one `plain,<value>` line each. It
/// completes command names, options, operation names, flag names (`lr=`) and run ids; paths
/// are left to the shell through `!!` directives.
enum CompletionCandidates {
    /// Answers a completion request when the environment holds one.
    static func answerIfRequested(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let mode = environment["_GUILD_COMPLETE"], mode.hasSuffix("_complete") else { return }
        let words = (environment["COMP_WORDS"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        let index = Int(environment["COMP_CWORD"] ?? "") ?? words.count
        let context = try? GuildContext.fromProcess()
        for candidate in candidates(words: words, index: index, context: context) {
            Console.out("plain,\(candidate)")
        }
        exit(0)
    }

    static func candidates(words: [String], index: Int, context: GuildContext?) -> [String] {
        let typed = Array(words.prefix(max(index, 0)).dropFirst())
        let current = index < words.count && index >= 0 ? words[index] : ""
        var command: any ParsableCommand.Type = Guild.self
        var path: [String] = []
        var rest = typed[...]
        while let word = rest.first {
            if path.isEmpty && (word == "-H" || word == "-C") {
                rest = rest.dropFirst(2)
                continue
            }
            guard let sub = command.configuration.subcommands.first(where: { names(of: $0).contains(word) }) else {
                break
            }
            command = sub
            path.append(names(of: sub)[0])
            rest = rest.dropFirst()
        }
        if path.isEmpty && ["-H", "-C"].contains(typed.last) { return ["!!dir"] }
        let subcommands = command.configuration.subcommands
        if !subcommands.isEmpty && rest.isEmpty && !current.hasPrefix("-") {
            return subcommands.flatMap(names(of:)).filter { $0.hasPrefix(current) && $0 != "help" }.sorted()
        }
        if let fallback = command.configuration.defaultSubcommand {
            path.append(names(of: fallback)[0])
        }
        let key = path.joined(separator: " ")
        let options = ClickSyntax.optionTable[key] ?? []
        let (positionals, pendingOption) = split(Array(rest), options: options)
        if let option = pendingOption {
            return optionValues(option, command: key, positionals: positionals, context: context)
        }
        if current.hasPrefix("-") {
            let names = (options + [ClickSyntax.OptionSpec(names: ["--help"], takesValue: false)]).flatMap(\.names)
            var seen = Set<String>()
            return names.filter { $0.hasPrefix(current) && seen.insert($0).inserted }
        }
        return arguments(command: key, positionals: positionals, current: current, context: context)
    }

    private static func names(of command: any ParsableCommand.Type) -> [String] {
        [command.configuration.commandName ?? String(describing: command).lowercased()] + command.configuration.aliases
    }

    /// The positional words typed so far, and the option whose value is being typed, if any.
    private static func split(_ words: [String], options: [ClickSyntax.OptionSpec]) -> ([String], String?) {
        var positionals: [String] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            if word.hasPrefix("-") && !word.contains("=") {
                if options.first(where: { $0.names.contains(word) })?.takesValue == true {
                    if i + 1 == words.count { return (positionals, word) }
                    i += 1
                }
            } else if !word.hasPrefix("-") {
                positionals.append(word)
            }
            i += 1
        }
        return (positionals, nil)
    }

    private static func optionValues(_ option: String, command: String, positionals: [String], context: GuildContext?)
        -> [String]
    {
        switch (command, option) {
        case ("ls", "-p"), ("ls", "--path"), ("cat", "-p"), ("cat", "--path"):
            guard let context,
                let run = try? RunLookup(context: context).one(positionals.first ?? "1")
            else { return [] }
            return ["!!runfiles:\(run.path)"]
        case ("completion", "-s"), ("completion", "--shell"):
            return ShellCompletionInstaller.Shell.allCases.map(\.rawValue)
        case ("completion", "--shell-init"), ("compare", "--csv"), ("run", "--batch-file"):
            return ["!!file:*"]
        case (_, "-Fo"), (_, "--operation"):
            return operationNames(context)
        default:
            return []
        }
    }

    /// Commands whose positional arguments are runs, and how many other arguments come first.
    private static let runArguments: [String: Int] = [
        "runs list": 0, "runs info": 0, "runs rm": 0, "runs label": 0, "runs tag": 0, "runs mark": 0,
        "runs comment": 0, "runs stop": 0, "runs export": 1, "runs import": 1, "compare": 0, "diff": 0,
        "tensorboard": 0, "ls": 0, "cat": 0, "select": 0, "label": 0, "tag": 0, "mark": 0, "comment": 0,
        "stop": 0, "watch": 0, "export": 1, "import": 1, "open": 0, "api runs": 0, "api compare": 0,
    ]

    private static func arguments(command: String, positionals: [String], current: String, context: GuildContext?)
        -> [String]
    {
        switch command {
        case "run":
            if positionals.isEmpty { return ["!!no-colon-wordbreak"] + operationNames(context).filter { $0.hasPrefix(current) } }
            let defs = flagDefs(opspec: positionals[0], context: context)
            if let equals = current.firstIndex(of: "=") {
                // A flag's value: its choices.
                let name = String(current[..<equals])
                let choices = defs.first { $0.name == name }?.choices ?? []
                return choices.map { "\(name)=\(FlagFormatting.formatFlag($0.value))" }.filter { $0.hasPrefix(current) }
            }
            return ["!!nospace"] + defs.map { $0.name + "=" }.sorted().filter { $0.hasPrefix(current) }
        case "api help-op":
            return positionals.isEmpty ? operationNames(context).filter { $0.hasPrefix(current) } : []
        case "runs restore", "runs purge":
            guard let context else { return [] }
            return runIds(context, in: RunTrash(guildHome: context.guildHome).directory, prefix: current)
        default:
            guard let leading = runArguments[command], let context else { return [] }
            if positionals.count < leading { return ["!!file:*"] }
            return runIds(context, in: nil, prefix: current)
        }
    }

    private static func runIds(_ context: GuildContext, in directory: URL?, prefix: String) -> [String] {
        let runs = (try? RunLookup(context: context, runsDirectory: directory).all()) ?? []
        return runs.map(\.run.id).filter { $0.hasPrefix(prefix) }
    }

    /// The project's operations (guild.yml ops, public ones) and its dvc.yaml stages.
    private static func operationNames(_ context: GuildContext?) -> [String] {
        guard let context else { return [] }
        var names = ((try? OperationResolver.all(in: context.cwd)) ?? []).map(\.fullName).filter { !$0.hasPrefix("_") }
        let dvcFile = context.cwd.appendingPathComponent("dvc.yaml")
        if FileManager.default.fileExists(atPath: dvcFile.path), let pipeline = try? DvcPipeline.load(dvcFile) {
            names += pipeline.stages.map { "dvc.yaml:\($0.name)" }
        }
        return names
    }

    private static func flagDefs(opspec: String, context: GuildContext?) -> [FlagDef] {
        guard let context, let op = try? OperationResolver.resolve(opspec, in: context.cwd, cacheDirectory: context.cacheDirectory) else { return [] }
        return (try? op.effectiveFlagDefs(cacheDirectory: context.cacheDirectory)) ?? []
    }
}
