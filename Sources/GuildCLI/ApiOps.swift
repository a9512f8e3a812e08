import ArgumentParser
import GuildKit

extension Guild.Api {
    /// `guild api ops`: the project's operations as JSON.
    struct Ops: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "ops", abstract: "Show operations as JSON.")

        @OptionGroup var output: ApiOutputOptions

        func run(_ context: GuildContext) async throws {
            let ops = try OperationResolver.all(in: context.cwd)
            output.print(
                .array(
                    try ops.map {
                        OperationDataEncoder.encode(
                            $0, flagDefs: try $0.effectiveFlagDefs(cacheDirectory: context.cacheDirectory))
                    }))
        }
    }
}
