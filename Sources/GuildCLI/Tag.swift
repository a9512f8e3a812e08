import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild tag` / `guild runs tag`: adds, deletes, clears or lists run tags (reference 1.5).
    struct Tag: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag", abstract: "Add or remove run tags.",
            discussion: """
                Without RUN, the latest run is changed; '--list-all' lists the tags of every run \
                passing the filters. With '--sync-labels', deleted tags leave the label and added ones \
                are put in front of it.
                """)

        @Argument(help: ArgumentHelp("Runs to tag (default: the latest).", valueName: "RUN"))
        var runs: [String] = []
        @Option(name: .shortAndLong, help: ArgumentHelp("Add TAG (may be used more than once).", valueName: "TAG"))
        var add: [String] = []
        @Option(
            name: .shortAndLong, help: ArgumentHelp("Delete TAG (may be used more than once).", valueName: "TAG"))
        var delete: [String] = []
        @Flag(name: .shortAndLong, help: "Clear all tags.") var clear = false
        @Flag(name: .shortAndLong, help: "Update run label to reflect the new tags.") var syncLabels = false
        @Flag(name: .customLong("list-all"), help: "List all tags used by the selected runs.") var listAll = false
        @Flag(name: .shortAndLong, help: "Do not prompt before modifying tags.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let operation = try RunsOperation(context, filters: filters)
            let a = ("--add", !add.isEmpty), d = ("--delete", !delete.isEmpty), c = ("--clear", clear)
            let l = ("--list-all", listAll)
            try operation.requireOne(of: [a, d, c, l])
            try operation.refuse([(a, l), (d, l), (c, l)])
            if listAll {
                let selected = try operation.selectAllowingNone(runs, defaultSpec: ":")
                let tags = Set(selected.flatMap { TagEdit.tags(of: $0.run.attribute("tags")) })
                if !tags.isEmpty { Console.out(tags.sorted().joined(separator: "\n")) }
                return
            }
            let edit = TagEdit(add: add, delete: delete, clear: clear, syncLabels: syncLabels)
            let selected = try operation.select(runs, defaultSpec: "1", nothing: "No runs to modify.")
            if !yes { operation.confirm(edit.preview, question: "Continue?", defaultYes: true, runs: selected) }
            for summary in selected {
                let writer = RunWriter(run: summary.run)
                let old = TagEdit.tags(of: summary.run.attribute("tags"))
                try writer.writeAttribute("tags", .list(edit.newTags(old).map(YAMLValue.string)))
                if syncLabels {
                    let label = summary.run.attribute("label")?.stringValue ?? ""
                    try writer.writeAttribute("label", .string(try edit.syncedLabel(label, oldTags: old)))
                }
            }
            Console.error("Modified tags for \(selected.count) run(s)")
        }
    }
}
