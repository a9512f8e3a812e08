import ArgumentParser
import GuildKit

extension Guild.Api {
    /// `guild api compare`: compare's rows as JSON, the full run id first.
    struct Compare: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare", abstract: "Show comparison matric as JSON.")

        @OptionGroup var output: ApiOutputOptions
        @Argument(help: ArgumentHelp("Runs to compare (default is all).", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .customLong("include-batch"), help: "Include batch runs.") var includeBatch = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let selected = try RunLookup(context: context, filter: try filters.filter()).selectOrAll(
                runs, withDetails: true, attributes: CompareTable.listedAttributes)
            output.print(try CompareData.json(runs: selected, includeBatch: includeBatch, warn: { Console.error($0) }))
        }
    }
}
