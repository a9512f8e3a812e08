import ArgumentParser
import GuildKit

/// A leaf command: builds the context once and runs with it.
protocol GuildCommand: AsyncParsableCommand {
    func run(_ context: GuildContext) async throws
}

extension GuildCommand {
    mutating func run() async throws {
        try await run(try GuildContext.fromProcess())
    }
}
