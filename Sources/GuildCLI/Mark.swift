import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild mark` / `guild runs mark`: marks runs, or unmarks them with `--clear` (reference 1.6).
    /// Marked runs win when an upstream run, a `--proto` or a DvC stage's run is chosen.
    struct Mark: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark", abstract: "Mark a run.",
            discussion: """
                Without RUN, the latest unmarked run is marked, or, with '--clear', every marked run \
                is unmarked. (Guild AI 0.9.0 marks the latest marked run again there: we do what its \
                help says.)
                """)

        @Argument(help: ArgumentHelp("Runs to mark.", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Clear the run's selected designation.") var clear = false
        @Flag(name: .shortAndLong, help: "Do not prompt before modifying runs.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            var filter = try filters.filter()
            if runs.isEmpty {
                if clear { filter.marked = true } else { filter.unmarked = true }
            }
            let operation = RunsOperation(context, filter: filter)
            let selected = try operation.select(
                runs, defaultSpec: clear ? ":" : "1", nothing: clear ? "No runs to unmark." : "No runs to mark.")
            if !yes {
                operation.confirm(
                    clear ? "You are about to unmark the following runs:" : "You are about to mark the following runs:",
                    question: "Continue?", defaultYes: true, runs: selected)
            }
            for summary in selected {
                let writer = RunWriter(run: summary.run)
                if clear { writer.deleteAttribute("marked") } else { try writer.writeAttribute("marked", .bool(true)) }
            }
            Console.error(clear ? "Unmarked \(selected.count) run(s)" : "Marked \(selected.count) run(s)")
        }
    }
}
