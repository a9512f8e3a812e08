import ArgumentParser
import Foundation
import GuildKit

/// ArgumentParser's errors in Guild's words: what click reports at parse time is a usage error
/// (exit 2); a conflict or bad value a command's `validate()` finds is `guild: MESSAGE` plus the
/// `Try` line (exit 1), as Guild's own checks print it.
enum ClickErrors {
    /// The usage error for `error`, thrown while parsing `arguments`; nil for help and version
    /// requests, which ArgumentParser prints itself.
    static func usageError(for error: any Error, arguments: [String]) -> ClickUsageError? {
        guard Guild.exitCode(for: error) != .success else { return nil }
        let path = try? ClickSyntax.commandPath(arguments)
        let command = path?.typed
        let message = Guild.message(for: error)
        if let (value, option) = match(message, #"^The value '(.*)' is invalid for '(\S+)[^']*'"#) {
            let names = path.flatMap { optionNames(containing: option, in: $0) } ?? [option]
            let long = names.last { $0.hasPrefix("--") } ?? option
            let quoted = names.map { "'\($0)'" }.joined(separator: " / ")
            return ClickUsageError(
                "Invalid value for \(quoted): '\(value)' is not a valid \(valueType(long)).", tryCommand: command)
        }
        if let (argument, _) = match(message, #"^Unexpected argument '(.*)'()$"#) {
            return ClickUsageError("unexpected extra argument '\(argument.escapedForMessage)'", tryCommand: command)
        }
        if let (list, _) = match(message, #"^\d+ unexpected arguments: (.*)()$"#) {
            let words = list.split(separator: ", ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            return ClickUsageError(
                "unexpected extra arguments '\(words.joined(separator: " ").escapedForMessage)'", tryCommand: command)
        }
        if let (option, _) = match(message, #"^Missing value for '(\S+)[^']*'()"#) {
            return ClickUsageError("Option '\(option)' requires an argument.", tryCommand: nil)
        }
        if let (argument, _) = match(message, #"^Missing expected argument '<?([^'>]*)>?'()"#) {
            return ClickUsageError("Missing argument '\(argument.uppercased())'.", tryCommand: command)
        }
        if let (option, _) = match(message, #"^Unknown option '([^']*)'()"#) {
            return ClickUsageError("unrecognized option '\(option.escapedForMessage)'", tryCommand: command)
        }
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        // Range checks read as click's own (`0 is not in the range x>=1.`), a usage error too.
        if line.hasPrefix("Invalid value for ") { return ClickUsageError(line, tryCommand: command) }
        // A check that names its own command in a `Try` line (Guild's differ from check to check).
        if message.contains("\nTry '") { return ClickUsageError(message, tryCommand: nil, exitCode: 1) }
        return ClickUsageError(line, tryCommand: command, exitCode: 1)
    }

    /// Click's words for the type of the option spelled `name`: Guild's counts are
    /// `IntRange`s except the seed.
    private static func valueType(_ name: String) -> String {
        switch name {
        case "--random-seed": return "integer"
        case "--stop-after": return "number"
        default: return "integer range"
        }
    }

    private static func optionNames(containing name: String, in path: ClickSyntax.CommandPath) -> [String]? {
        (try? ClickSyntax.optionSpecs(path))?.first { $0.names.contains(name) }?.names
            .filter { $0 != "--experimental-dump-help" }
    }

    private static func match(_ text: String, _ pattern: String) -> (String, String)? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let first = Range(m.range(at: 1), in: text), let second = Range(m.range(at: 2), in: text)
        else { return nil }
        return (String(text[first]), String(text[second]))
    }
}
