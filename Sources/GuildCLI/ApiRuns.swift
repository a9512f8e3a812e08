import ArgumentParser
import GuildKit

extension Guild.Api {
    /// `guild api runs`: the runs as Guild View's `/runs` gives them.
    struct Runs: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "runs", abstract: "Show runs as JSON.")

        @OptionGroup var output: ApiOutputOptions
        @Argument(help: ArgumentHelp("Runs to show (default is all).", valueName: "RUN")) var runs: [String] = []
        @Option(
            name: [.customShort("v"), .customLong("api-version")],
            help: ArgumentHelp("API version.", valueName: "[1|2]"))
        var apiVersion: String = "2"
        @Flag(name: .shortAndLong, help: "Show deleted runs.") var deleted = false
        @Flag(name: .customLong("include-batch"), help: "Include batch runs.") var includeBatch = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func validate() throws {
            guard ["1", "2"].contains(apiVersion) else {
                throw ValidationError(
                    "Invalid value for '-v' / '--api-version': '\(apiVersion)' is not one of '1', '2'.")
            }
        }

        func run(_ context: GuildContext) async throws {
            let trash = deleted ? RunTrash(guildHome: context.guildHome).directory : nil
            var selected = try RunLookup(context: context, filter: try filters.filter(), runsDirectory: trash)
                .selectOrAll(runs)
            if !includeBatch && !deleted { selected.removeAll(where: \.isBatch) }
            let encoder = RunDataEncoder(runsDirectory: context.runsDirectory, cacheDirectory: context.cacheDirectory)
            output.print(.array(selected.map { encoder.encode($0, version: Int(apiVersion)!) }))
        }
    }
}
