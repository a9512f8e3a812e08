import ArgumentParser
import Foundation
import GuildKit

/// Click's option grammar, which Guild users type, in front of ArgumentParser (STYLE §11): a
/// one-letter option takes its value attached (`-n3`) and one-letter flags combine (`-nd`);
/// multi-letter short options (`-Fo`, `-bl`) are whole names that never take attached values
/// (`-Fotrain` is `-F otrain`); `--name=value` and `-Fo=value` work. Unknown commands and
/// options, and options without their value, are refused here with Guild's texts.
enum ClickSyntax {
    /// One option of a command: its spellings (`-n`, `--limit`) and whether it takes a value.
    struct OptionSpec: Equatable {
        var names: [String]
        var takesValue: Bool
    }

    /// The command that `arguments` name, as typed and as ArgumentParser resolves it.
    struct CommandPath {
        /// `guild runs` for `guild runs -n3`, for the `Try '... --help'` line.
        var typed: [String]
        /// The command names ArgumentParser descends through (`runs list`).
        var resolved: [String]
        /// Where the command's own arguments start.
        var argumentsStart: Int
    }

    /// `arguments` rewritten so ArgumentParser reads them as click does.
    /// - Throws: `ClickUsageError` for an unknown command or option, or an option without its value.
    static func normalize(_ arguments: [String]) throws -> [String] {
        let path = try commandPath(arguments)
        let rest = arguments[path.argumentsStart...]
        // Nothing to do unless an option is there (most `guild run OP FLAG=V` calls).
        guard rest.contains(where: { $0.hasPrefix("-") && $0 != "-" }) else { return arguments }
        let options = try optionSpecs(path)
        var byName: [String: OptionSpec] = [:]
        for option in options { for name in option.names { byName[name] = option } }
        var output = Array(arguments[..<path.argumentsStart])
        var index = rest.startIndex
        func value(for name: String) throws -> String {
            guard index < rest.endIndex else {
                throw ClickUsageError("Option '\(name)' requires an argument.", tryCommand: nil)
            }
            defer { index += 1 }
            return rest[index]
        }
        while index < rest.endIndex {
            let token = rest[index]
            index += 1
            if token == "--" {
                output += rest[(index - 1)...]
                break
            }
            guard token.hasPrefix("-"), token.count > 1 else {
                output.append(token)
                continue
            }
            let (name, attached) = splitAssignment(token)
            if let option = byName[name], token.hasPrefix("--") || name.count > 2 {
                if let attached {
                    guard option.takesValue else {
                        throw ClickUsageError("Option '\(name)' does not take a value.", tryCommand: path.typed)
                    }
                    output += Self.optionWithValue(name, attached, option)
                } else if option.takesValue {
                    output += Self.optionWithValue(name, try value(for: name), option)
                } else {
                    output.append(name)
                }
                continue
            }
            if token.hasPrefix("--") || byName[String(token.prefix(2))] == nil {
                let suggestion = token.hasPrefix("--") ? closeMatch(name, in: byName.keys.filter { $0.count > 2 }) : nil
                let unknown = token.hasPrefix("--") ? name : String(token.prefix(2))
                throw ClickUsageError(
                    "unrecognized option '\(unknown.escapedForMessage)'"
                        + (suggestion.map { " (did you mean \($0)?)" } ?? ""),
                    tryCommand: path.typed)
            }
            // A cluster of one-letter options: flags, then perhaps one that takes the rest as its value.
            var chars = token.dropFirst()[...]
            while let char = chars.popFirst() {
                let short = "-\(char)"
                guard let option = byName[short] else {
                    throw ClickUsageError("unrecognized option '\(short)'", tryCommand: path.typed)
                }
                if option.takesValue {
                    output += Self.optionWithValue(short, chars.isEmpty ? try value(for: short) : String(chars), option)
                    break
                }
                output.append(short)
            }
        }
        return output
    }

    /// An option and its value as ArgumentParser reads them: a value that looks like an option
    /// (`-n -1`, `--label -x`, which click takes as values) is attached to a long name.
    private static func optionWithValue(_ name: String, _ value: String, _ option: OptionSpec) -> [String] {
        guard value.hasPrefix("-"), value != "-", let long = option.names.first(where: { $0.hasPrefix("--") }) else {
            return [name, value]
        }
        return [long + "=" + value]
    }

    private static func splitAssignment(_ token: String) -> (String, String?) {
        guard let equals = token.firstIndex(of: "=") else { return (token, nil) }
        return (String(token[..<equals]), String(token[token.index(after: equals)...]))
    }

    /// Walks the leading command names, as click does: an unknown name under a command that has
    /// subcommands is `No such command`; options under such a command go to its default one.
    static func commandPath(_ arguments: [String]) throws -> CommandPath {
        var command: any ParsableCommand.Type = Guild.self
        var path = CommandPath(typed: ["guild"], resolved: [], argumentsStart: 0)
        var index = 0
        while !command.configuration.subcommands.isEmpty {
            let token = index < arguments.count ? arguments[index] : nil
            if let token, let sub = command.configuration.subcommands.first(where: { names(of: $0).contains(token) }) {
                command = sub
                path.typed.append(token)
                path.resolved.append(names(of: sub)[0])
                index += 1
                continue
            }
            if let token, !token.hasPrefix("-") {
                // ArgumentParser's own `help` subcommand.
                if path.resolved.isEmpty && token == "help" { break }
                throw ClickUsageError("No such command '\(token.escapedForMessage)'.", tryCommand: path.typed)
            }
            guard let fallback = command.configuration.defaultSubcommand else { break }
            command = fallback
            path.resolved.append(names(of: fallback)[0])
        }
        path.argumentsStart = index
        return path
    }

    private static func names(of command: any ParsableCommand.Type) -> [String] {
        let configuration = command.configuration
        return [configuration.commandName ?? String(describing: command).lowercased()] + configuration.aliases
    }

    /// Built in to every command.
    static let builtInOptions = [
        OptionSpec(names: ["--help", "-h"], takesValue: false),
        OptionSpec(names: ["--version", "--experimental-dump-help"], takesValue: false),
    ]

    /// The options of the command at `path`: from `optionTable`, else from ArgumentParser's own
    /// description of the command.
    static func optionSpecs(_ path: CommandPath) throws -> [OptionSpec] {
        if let options = optionTable[path.resolved.joined(separator: " ")] { return options + builtInOptions }
        return try describedOptionSpecs(path)
    }

    /// The options of the command at `path` as ArgumentParser describes them
    /// (`--experimental-dump-help`), which takes a few milliseconds.
    static func describedOptionSpecs(_ path: CommandPath) throws -> [OptionSpec] {
        // The root has no options of its own, and its description would be every command's.
        guard !path.resolved.isEmpty else { return builtInOptions }
        let dump: String
        do {
            _ = try Guild.parseAsRoot(path.resolved + ["--experimental-dump-help"])
            return []
        } catch {
            dump = Guild.message(for: error)
        }
        guard let description = try? JSONDecoder().decode(ToolDescription.self, from: Data(dump.utf8)) else {
            return []
        }
        let builtInNames = Set(builtInOptions.flatMap(\.names))
        let specs = (description.command.arguments ?? []).filter { $0.kind == "option" || $0.kind == "flag" }.map {
            argument in
            OptionSpec(
                names: (argument.names ?? []).map { $0.kind == "long" ? "--" + $0.name : "-" + $0.name },
                takesValue: argument.kind == "option")
        }
        // ArgumentParser describes `--version` and `-h/--help` too: they are the built-in ones.
        return specs.filter { !builtInNames.isSuperset(of: $0.names) } + builtInOptions
    }

    /// The part of ArgumentParser's `--experimental-dump-help` JSON read here.
    private struct ToolDescription: Decodable {
        struct Command: Decodable { var arguments: [Argument]? }
        struct Argument: Decodable {
            var kind: String
            var names: [Name]?
        }
        struct Name: Decodable {
            var kind: String
            var name: String
        }
        var command: Command
    }

    /// The closest of `candidates` to `word` as Python's `difflib.get_close_matches(word,
    /// candidates)[0]` picks it (click's "did you mean" hint), or nil below a ratio of 0.6.
    static func closeMatch(_ word: String, in candidates: some Sequence<String>) -> String? {
        var best: (Double, String)?
        for candidate in candidates {
            let score = SequenceRatio.ratio(Array(word), Array(candidate))
            guard score >= 0.6 else { continue }
            if best == nil || (score, candidate) > best! { best = (score, candidate) }
        }
        return best?.1
    }
}

/// A usage error shown as Guild shows click's: `guild: MESSAGE`, then `Try 'guild CMD --help'
/// for more information.` when the command is known, exit 2.
struct ClickUsageError: Error {
    var message: String
    var tryCommand: [String]?
    var exitCode: Int32 = 2

    init(_ message: String, tryCommand: [String]?, exitCode: Int32 = 2) {
        self.message = message
        self.tryCommand = tryCommand
        self.exitCode = exitCode
    }

    var text: String {
        "guild: \(message)"
            + (tryCommand.map { "\nTry '\($0.joined(separator: " ")) --help' for more information." } ?? "")
    }
}
