import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild tensorboard`: the real TensorBoard over the selected runs, refreshed as they change.
    struct TensorBoard: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "tensorboard", abstract: "Visualize runs with TensorBoard.",
            discussion: "TensorBoard comes from PyPI (pip install tensorboard); TENSORBOARD names its executable.")

        @Argument(help: ArgumentHelp("Runs to show (default is all).", valueName: "RUN")) var runs: [String] = []
        @Option(
            name: .customLong("host"), help: ArgumentHelp("Name of host interface to listen on.", valueName: "HOST"))
        var host = "127.0.0.1"
        @Option(
            name: [.customShort("p"), .customLong("port")],
            help: ArgumentHelp("Port to listen on (default: 6006).", valueName: "PORT"))
        var port = 6006
        @Flag(name: .customLong("no-open"), help: "Don't open TensorBoard in a browser.") var noOpen = false
        @Option(
            name: .customLong("refresh-interval"),
            help: ArgumentHelp("Refresh interval in seconds (default: 5).", valueName: "SECONDS"))
        var refreshInterval = 5.0
        @Option(name: .customLong("logdir"), help: ArgumentHelp("Keep the log directory at PATH.", valueName: "PATH"))
        var logDirectory: String?

        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let executable = try Self.tensorBoardExecutable(context.environment)
            let lookup = RunLookup(context: context, filter: try filters.filter())
            let select = { () throws -> [RunSummary] in
                let all = try lookup.all(withDetails: true).filter { !$0.isBatch }
                return runs.isEmpty ? all : try RunSelector.select(runs, from: all)
            }
            let keep = logDirectory != nil
            let logDir = TensorBoardLogDir(
                path: logDirectory.map { URL(fileURLWithPath: $0, relativeTo: context.cwd).standardizedFileURL }
                    ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                        "guild-tensorboard-\(UUID().uuidString)"))
            defer { if !keep { try? FileManager.default.removeItem(at: logDir.path) } }
            let initial = try select()
            try logDir.refresh(initial)
            let process = try TensorBoardProcess.start(
                executable: executable, logDir: logDir.path.path, host: host, port: port,
                environment: context.environment)
            let url = "http://\(host == "0.0.0.0" ? "localhost" : host):\(port)/"
            Console.error("Running TensorBoard on \(url) for \(initial.count) run(s) (Press CTRL+C to quit)")
            if !noOpen { Self.openBrowser(url) }
            var status = process.exitStatus()
            while status == nil {
                // Polls for the exit often, refreshes the links every refresh interval.
                for _ in 0..<max(1, Int(refreshInterval * 10)) where status == nil {
                    try? await Task.sleep(for: .milliseconds(100))
                    status = process.exitStatus()
                }
                if status == nil, let runs = try? select() { _ = try? logDir.refresh(runs) }
            }
            if let status, status > 0 {
                throw GuildError("TensorBoard exited with status \(status)", exitCode: Int32(status))
            }
        }

        /// `TENSORBOARD`, else `tensorboard` on PATH.
        static func tensorBoardExecutable(_ environment: [String: String]) throws -> String {
            if let path = environment["TENSORBOARD"], FileManager.default.isExecutableFile(atPath: path) { return path }
            guard let path = try? ExecutableLookup.find("tensorboard", environment: environment) else {
                throw GuildError("TensorBoard is not installed: install it with 'pip install tensorboard'")
            }
            return path
        }

        private static func openBrowser(_ url: String) {
            _ = try? ChildProcess.start(["xdg-open", url])
        }
    }
}
