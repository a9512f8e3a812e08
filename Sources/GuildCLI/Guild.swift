import ArgumentParser

/// The `guild` root command: it only lists the subcommands.
public struct Guild: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "guild",
        abstract: "Guild AI: track, compare and reproduce machine learning experiments.",
        version: "guild 0.9.0 (swift)",
        subcommands: [
            Run.self, Runs.self, Compare.self, Diff.self, TensorBoard.self, Operations.self, Ls.self, Cat.self,
            Select.self, Runs.Label.self, Runs.Tag.self, Runs.Mark.self, Runs.Comment.self, Runs.Stop.self,
            Watch.self, Runs.Export.self, Runs.Import.self, Open.self, Check.self, Help.self, Api.self, Completion.self, Models.self, Merge.self, Publish.self,
        ]
    )

    public init() {}
}
