import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild label` / `guild runs label`: sets, changes or clears run labels (reference 1.4).
    struct Label: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "label", abstract: "Set run labels.",
            discussion: """
                Without RUN, the latest run is labeled. VAL may refer to the run's flags as ${NAME} \
                and to its current label as ${label}.
                """)

        @Argument(help: ArgumentHelp("Runs to label (default: the latest).", valueName: "RUN"))
        var runs: [String] = []
        @Option(name: .shortAndLong, help: ArgumentHelp("Set VAL as the label.", valueName: "VAL")) var set: String?
        @Option(name: .shortAndLong, help: ArgumentHelp("Prepend VAL to the label.", valueName: "VAL"))
        var prepend: String?
        @Option(name: .shortAndLong, help: ArgumentHelp("Append VAL to the label.", valueName: "VAL"))
        var append: String?
        @Option(
            name: [.customLong("rm", withSingleDash: true), .customLong("remove")],
            help: ArgumentHelp("Remove VAL from the label (may be used more than once).", valueName: "VAL"))
        var remove: [String] = []
        @Flag(name: .shortAndLong, help: "Clear the label.") var clear = false
        @Flag(name: .shortAndLong, help: "Do not prompt before modifying labels.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let operation = try RunsOperation(context, filters: filters)
            let s = ("--set", set != nil), p = ("--prepend", prepend != nil), a = ("--append", append != nil)
            let r = ("--remove", !remove.isEmpty), c = ("--clear", clear)
            try operation.requireOne(of: [s, a, p, r, c])
            try operation.refuse([(s, a), (s, p), (s, r), (s, c), (a, p), (a, c), (a, r), (p, c), (p, r)])
            let edit: LabelEdit =
                if let set { .set(set) } else if let prepend { .prepend(prepend) } else if let append {
                    .append(append)
                } else if !remove.isEmpty { .remove(remove) } else { .clear }
            let selected = try operation.select(runs, defaultSpec: "1", nothing: "No runs to modify.")
            if !yes { operation.confirm(edit.preview, question: "Continue?", defaultYes: true, runs: selected) }
            for summary in selected {
                let writer = RunWriter(run: summary.run)
                let current = summary.run.attribute("label")?.stringValue ?? ""
                let flags = summary.run.attribute("flags")?.mapValue ?? [:]
                if let label = try edit.newLabel(current: current, flags: flags) {
                    try writer.writeAttribute("label", .string(label))
                } else {
                    writer.deleteAttribute("label")
                }
            }
            Console.error(edit == .clear ? "Cleared label for \(selected.count) run(s)" : "Labeled \(selected.count) run(s)")
        }
    }
}
