import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild runs rm|delete`: moves runs to the trash, or removes them with `-p` (reference 1.1).
    struct Delete: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Delete one or more runs.",
            discussion: """
                Deleted runs go to the trash, from where 'guild runs restore' brings them back. \
                With '--permanent' they are removed for good. A run still running is stopped first. \
                Without RUN, every run passing the filters is deleted.
                """,
            aliases: ["delete"])

        @Argument(help: ArgumentHelp("Runs to delete (ids, prefixes, indexes, ranges).", valueName: "RUN"))
        var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Do not prompt before deleting.") var yes = false
        @Flag(name: .shortAndLong, help: "Permanently delete runs so they cannot be recovered.") var permanent = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let operation = try RunsOperation(context, filters: filters)
            let selected = try operation.select(runs, defaultSpec: ":", nothing: "Nothing to delete.")
            if !yes {
                operation.confirm(
                    permanent
                        ? "WARNING: You are about to permanently delete the following runs:"
                        : "You are about to delete the following runs:",
                    question: permanent ? "Permanently delete \(selected.count) run(s)?" : "Delete \(selected.count) run(s)?",
                    defaultYes: !permanent, runs: selected)
            }
            let running = selected.filter { RunStopper.livePid(of: $0.run) != nil }
            if !running.isEmpty && !yes {
                Console.error("WARNING: One or more runs are still running and will be stopped before being deleted.")
                RunsOperation.ask("Really delete these runs?", defaultYes: false)
            }
            for summary in running { try RunsStop.stop(summary.run) }
            let trash = RunTrash(guildHome: context.guildHome)
            if permanent {
                try trash.deletePermanently(selected.map(\.run))
                Console.error("Permanently deleted \(selected.count) run(s)")
            } else {
                try trash.delete(selected.map(\.run), warn: Console.error)
                Console.error("Deleted \(selected.count) run(s)")
            }
        }
    }

    /// `guild runs restore`: moves deleted runs back from the trash (reference 1.2).
    struct Restore: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore", abstract: "Restore one or more deleted runs.",
            discussion: """
                Use 'guild runs list --deleted' for the runs that can be restored. Without RUN, every \
                deleted run passing the filters is restored.
                """)

        @Argument(help: ArgumentHelp("Deleted runs to restore.", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Do not prompt before restoring.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let trash = RunTrash(guildHome: context.guildHome)
            let operation = try RunsOperation(context, filters: filters, runsDirectory: trash.directory)
            let selected = try operation.select(runs, defaultSpec: ":", nothing: "Nothing to restore.")
            if !yes {
                operation.confirm(
                    "You are about to restore the following runs:", question: "Restore \(selected.count) run(s)?",
                    defaultYes: true, runs: selected)
            }
            try trash.restore(selected.map(\.run), warn: Console.error)
            Console.error("Restored \(selected.count) run(s)")
        }
    }

    /// `guild runs purge`: removes deleted runs for good (reference 1.3).
    struct Purge: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge", abstract: "Permanently delete runs.",
            discussion: "Purged runs cannot be restored. Without RUN, every deleted run passing the filters is purged.")

        @Argument(help: ArgumentHelp("Deleted runs to purge.", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Do not prompt before purging.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let trash = RunTrash(guildHome: context.guildHome)
            let operation = try RunsOperation(context, filters: filters, runsDirectory: trash.directory)
            let selected = try operation.select(runs, defaultSpec: ":", nothing: "Nothing to purge.")
            if !yes {
                operation.confirm(
                    "WARNING: You are about to permanently delete the following runs:",
                    question: "Permanently delete \(selected.count) run(s)?", defaultYes: false, runs: selected)
            }
            try trash.purge(selected.map(\.run))
            Console.error("Permanently deleted \(selected.count) run(s)")
        }
    }
}
