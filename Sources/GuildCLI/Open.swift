import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild open`: opens a run's directory or one of its files (reference 1.10).
    struct Open: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "open", abstract: "Open a run path or output.",
            discussion: """
                Without RUN, the latest run is opened, with xdg-open unless '--cmd' names another \
                program (the path is added to its arguments). '--shell' starts a shell there.
                """)

        @Argument(help: ArgumentHelp("Run to open (default is the latest).", valueName: "RUN")) var run: String?
        @Option(name: .shortAndLong, help: ArgumentHelp("Path to open under the run directory.", valueName: "PATH"))
        var path: String?
        @Flag(name: .shortAndLong, help: "Open run source code directory.") var sourcecode = false
        @Flag(name: [.customShort("O"), .customLong("output")], help: "Open run output.") var output = false
        @Option(name: .shortAndLong, help: ArgumentHelp("Command used to open run.", valueName: "CMD")) var cmd: String?
        @Flag(name: .customLong("shell"), help: "Open a new shell in run directory or PATH.") var shell = false
        @Option(
            name: .customLong("shell-cmd"),
            help: ArgumentHelp("Open a new shell in run directory or PATH using CMD.", valueName: "CMD"))
        var shellCmd: String?
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let operation = try RunsOperation(context, filters: filters)
            if let path, path.hasPrefix("/") {
                throw GuildError("PATH must be relative\nTry 'guild open --help' for more information.")
            }
            let s = ("--shell", shell), c = ("--cmd", cmd != nil), sc = ("--shell-cmd", shellCmd != nil)
            try operation.refuse([(s, c), (sc, s), (sc, c)])
            let runs = try operation.selectAllowingNone(run.map { [$0] } ?? [], defaultSpec: "1")
            guard let summary = runs.first else { throw GuildError("no matching runs") }
            if runs.count > 1, let run { throw GuildError("'\(run)' matches multiple runs") }
            let target = try self.target(summary.run)
            if shell || shellCmd != nil {
                try openShell(in: target, context: context)
            } else {
                let argv = try Shlex.split(cmd ?? "xdg-open") + [target]
                let program = try ExecutableLookup.find(argv[0], environment: context.environment)
                ChildProcess.wait(try ChildProcess.start([program] + argv.dropFirst()))
            }
        }

        /// What to open, as Guild AI joins it: the run directory ends in `/` when no PATH is given.
        private func target(_ run: GuildKit.Run) throws -> String {
            if output {
                if path != nil || sourcecode {
                    Console.error("--output cannot be used with other options - ignorning other options")
                }
                return run.path + "/.guild/output"
            }
            var root = run.path
            if sourcecode, run.sourceCodeDest != "." {
                root = URL(fileURLWithPath: run.path + "/" + run.sourceCodeDest).standardizedFileURL.path
            }
            if let path { try RunPathCheck.check(path, in: run.directory, command: "open") }
            return root + "/" + (path ?? "")
        }

        private func openShell(in target: String, context: GuildContext) throws {
            var directory = target
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue {
                directory = (target as NSString).deletingLastPathComponent
            }
            Console.error("Running a new shell in \(directory)\nTo exit the shell, type 'exit' and press Enter.")
            let shellProgram = shellCmd ?? context.environment["SHELL"] ?? "bash"
            let program = try ExecutableLookup.find(shellProgram, environment: context.environment)
            guard FileManager.default.changeCurrentDirectoryPath(directory) else {
                throw GuildError("cannot change to \(directory)")
            }
            ChildProcess.wait(try ChildProcess.start([program]))
        }
    }
}
