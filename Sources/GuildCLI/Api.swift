import ArgumentParser
import GuildKit

extension Guild {
    /// `guild api`: runs, comparisons and operations as JSON, for tools and the view.
    struct Api: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api",
            abstract: "CLI based API calls.",
            discussion: "IMPORTANT: These commands are experimental and subject to change without notice.",
            subcommands: [Compare.self, HelpOp.self, Merge.self, Ops.self, Runs.self])
    }
}

/// `-f/--format`, shared by every `api` command.
struct ApiOutputOptions: ParsableArguments {
    @Flag(name: [.customShort("f"), .customLong("format")], help: "Format the JSON outout.") var format = false

    func print(_ value: JSONValue) {
        Console.out(value.encoded(pretty: format))
    }
}
