import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild stop` / `guild runs stop`: stops running runs (reference 1.7).
    struct Stop: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop", abstract: "Stop one or more runs.",
            discussion: """
                Without RUN, every running run passing the filters is stopped. Each run's process gets \
                SIGTERM, its other processes 5 seconds later if they are still there; the run ends \
                terminated, with its output kept.
                """)

        @Argument(help: ArgumentHelp("Runs to stop.", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Do not prompt before stopping.") var yes = false
        @Flag(name: [.customShort("n"), .customLong("no-wait")], help: "Don't wait for remote runs to stop.")
        var noWait = false
        @OptionGroup(title: "Filters") var filters: RunAttributeFilterOptions

        func run(_ context: GuildContext) async throws {
            var filter = try filters.filter()
            if runs.isEmpty { filter.statuses.insert(.running) }
            try filter.validate()
            let operation = RunsOperation(context, filter: filter)
            let selected = try operation.select(runs, defaultSpec: ":", nothing: "Nothing to stop.")
            if !yes {
                operation.confirm(
                    "You are about to stop the following runs:", question: "Stop \(selected.count) run(s)?",
                    defaultYes: false, runs: selected)
            }
            for summary in selected { try Self.stop(summary.run) }
        }

        /// Stops `run` if it has a live process; exits 1 when part of its process tree survives.
        static func stop(_ run: GuildKit.Run) throws {
            guard let pid = RunStopper.livePid(of: run) else { return }
            Console.error("Stopping \(run.id) (pid \(pid))")
            let alive = RunStopper().stop(pid: pid)
            if !alive.isEmpty {
                throw GuildError(
                    "the following processes did not stop as expected: \(alive.map(String.init).joined(separator: ", "))")
            }
        }
    }
}

typealias RunsStop = Guild.Runs.Stop
