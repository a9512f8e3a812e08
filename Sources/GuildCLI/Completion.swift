import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild completion`: prints (or installs) the shell script that completes guild commands.
    struct Completion: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "completion", abstract: "Generate command completion script.",
            discussion: "By default generates a completion script for the active shell. To specify a different shell, use `--shell`.")

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Shell to generate completion script for (choice of bash, zsh, fish). Default is current shell.",
                valueName: "NAME"))
        var shell: String?
        @Option(
            name: .customLong("shell-init"),
            help: ArgumentHelp("Path to shell initrc to modify when --install is specified.", valueName: "PATH"))
        var shellInit: String?
        @Flag(name: .shortAndLong, help: "Install the completion script for use whenever you open a terminal.")
        var install = false

        func validate() throws {
            if let shell, ShellCompletionInstaller.Shell(rawValue: shell) == nil {
                throw ValidationError(
                    "Invalid value for '-s' / '--shell': '\(shell)' is not one of 'bash', 'zsh', 'fish'.")
            }
        }

        func run(_ context: GuildContext) async throws {
            let chosen = shell.flatMap(ShellCompletionInstaller.Shell.init) ?? Self.activeShell()
            let script = CompletionScripts.script(for: chosen)
            guard install else { return Console.out(script) }
            let installer = ShellCompletionInstaller(shell: chosen)
            do {
                if try installer.install(script: script, initPath: shellInit, note: { Console.error($0) }) {
                    Console.out(
                        "Guild command completion is installed - changes will take effect the next time you open a terminal session")
                }
            } catch {
                throw GuildError("cannot install completion: \(error.localizedDescription)")
            }
        }

        /// The shell `$SHELL` names, bash when it names none we support.
        private static func activeShell() -> ShellCompletionInstaller.Shell {
            let name = ((ProcessInfo.processInfo.environment["SHELL"] ?? "") as NSString).lastPathComponent
            return ShellCompletionInstaller.Shell(rawValue: name) ?? .bash
        }
    }
}
