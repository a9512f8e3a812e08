import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild watch`: follows a run's output until it stops (reference 1.9).
    struct Watch: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch", abstract: "Watch run output.",
            discussion: """
                Without RUN, the newest running run is watched. '--pid' takes a pid, a pidfile or a \
                run's .guild/JOB path. Ctrl-C stops watching; the run goes on.
                """)

        @Argument(help: ArgumentHelp("Run to watch.", valueName: "RUN")) var run: String?
        @Option(
            name: [.customShort("p"), .customLong("pid")],
            help: ArgumentHelp("Watch the run associated with PID (a pid or a pidfile).", valueName: "PID"))
        var pid: String?
        @OptionGroup(title: "Filters") var filters: RunAttributeFilterOptions

        func run(_ context: GuildContext) async throws {
            var filter = try filters.filter()
            if let pid {
                guard run == nil && filter.isEmpty else { throw GuildError("--pid may not be used with other options") }
                watch(try RunWatcher.run(forPidArgument: pid, runsDirectory: context.runsDirectory), context: context)
                return
            }
            if run == nil { filter.statuses.insert(.running) }
            try filter.validate()
            let operation = RunsOperation(context, filter: filter)
            let runs = try operation.selectAllowingNone(run.map { [$0] } ?? [], defaultSpec: ":")
            guard let first = runs.first else {
                throw GuildError("nothing to watch\nYou can view the output of a specific run using 'guild watch RUN'.")
            }
            if runs.count > 1, let run {
                throw GuildError("'\(run)' matches multiple runs")
            }
            watch(first.run, context: context)
        }

        private func watch(_ run: GuildKit.Run, context: GuildContext) {
            if context.environment["NO_WATCHING_MSG"] != "1" { Console.error("Watching run \(run.id)") }
            switch RunWatcher(run: run).follow({ Console.write($0, to: 1) }, warn: Console.error) {
            case .stopped(let status):
                Console.error("Run \(run.id) stopped with a status of '\(status.rawValue)'")
            case .interrupted(let stillRunning):
                Console.out("\nStopped watching \(run.id)" + (stillRunning ? " (still running)" : ""))
            }
        }
    }
}
