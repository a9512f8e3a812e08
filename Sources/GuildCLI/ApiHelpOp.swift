import ArgumentParser
import GuildKit

extension Guild.Api {
    /// `guild api help-op OPSPEC`: one operation as JSON.
    struct HelpOp: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "help-op", abstract: "Shows help info for an operation as JSON.",
            discussion: "`OPSPEC` is an operation of the current project (a guild.yml or dvc.yaml op).")

        @Argument(help: ArgumentHelp("The operation.", valueName: "OPSPEC")) var opspec: String
        @OptionGroup var output: ApiOutputOptions

        func run(_ context: GuildContext) async throws {
            let op = try OperationResolver.resolve(opspec, in: context.cwd, cacheDirectory: context.cacheDirectory)
            output.print(
                OperationDataEncoder.encode(op, flagDefs: try op.effectiveFlagDefs(cacheDirectory: context.cacheDirectory)))
        }
    }
}
