import ArgumentParser
import Foundation
import GuildKit

/// The process entry point: parses, runs, and reports errors as Guild does (`guild: <message>`, exit 1).
public enum GuildMain {
    public static func main() async {
        // A closed pipe (`guild run ... | head`) must not kill guild mid-run. A handler rather than
        // SIG_IGN, so the op process starts with the default disposition again.
        signal(SIGPIPE, ignorePipeSignal)
        CompletionCandidates.answerIfRequested()
        var command: any ParsableCommand
        var arguments: [String] = []
        do {
            arguments = try GlobalArguments.apply(Array(CommandLine.arguments.dropFirst()))
            command = try Guild.parseAsRoot(try ClickSyntax.normalize(arguments))
        } catch let error as GuildError {
            fail(error)
        } catch let error as ClickUsageError {
            usageFailure(error)
        } catch {
            if let usage = ClickErrors.usageError(for: error, arguments: arguments) { usageFailure(usage) }
            Guild.exit(withError: error) // --help and --version
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as GuildError {
            fail(error)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            // ArgumentParser reports help requests and usage errors from `run()` too.
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") || error is ValidationError {
                if let usage = ClickErrors.usageError(for: error, arguments: arguments) { usageFailure(usage) }
                Guild.exit(withError: error)
            }
            // Anything else a command throws still reads as one `guild:` line, not a Swift dump.
            fail(GuildError(error.localizedDescription))
        }
        exit(0)
    }

    private static func usageFailure(_ error: ClickUsageError) -> Never {
        Console.error(error.text)
        exit(error.exitCode)
    }

    private static func fail(_ error: GuildError) -> Never {
        Console.error("guild: \(error.description)")
        exit(error.exitCode)
    }
}

/// Guild's options that come before the command (`-H PATH`, `-C PATH`, `--debug`).
enum GlobalArguments {
    /// Applies leading global options to the process (GUILD_HOME and cwd, which child
    /// processes inherit) and returns the rest.
    static func apply(_ args: [String]) throws -> [String] {
        let (options, rest) = try split(args)
        for (name, value) in options {
            if name == "-H" { setenv("GUILD_HOME", value, 1) }
            if name == "-C" { try changeDirectory(value) }
        }
        return rest
    }

    /// `args` without the leading global options.
    static func commandArguments(_ args: [String]) -> [String] {
        (try? split(args).rest) ?? args
    }

    private static func split(_ args: [String]) throws -> (options: [(String, String)], rest: [String]) {
        var options: [(String, String)] = []
        var rest = args[...]
        while let first = rest.first {
            switch first {
            case "-H", "-C":
                guard rest.count >= 2 else { throw GuildError("option \(first) requires an argument") }
                options.append((first, rest[rest.index(after: rest.startIndex)]))
                rest = rest.dropFirst(2)
            case "--debug":
                rest = rest.dropFirst()
            default:
                return (options, Array(rest))
            }
        }
        return (options, Array(rest))
    }

    private static func changeDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw GuildError("directory '\(path)' does not exist")
        }
        guard isDir.boolValue else { throw GuildError("'\(path)' is not a directory") }
        _ = FileManager.default.changeCurrentDirectoryPath(path)
    }
}

private func ignorePipeSignal(_: Int32) {}
