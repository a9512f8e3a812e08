import ArgumentParser
import Foundation
import GuildKit

/// `guild run queue [FLAG=VAL...]`: the built-in queue op.
enum RunQueue {
    static func run(request: RunRequest, options: RunBatchOptions, yes: Bool, context: GuildContext) async throws {
        let resolver = FlagResolver(flagDefs: QueueRunner.flagDefs, operationName: "queue")
        var userFlags = try resolver.decodeUserFlags(request.flagArgs)
        if let parallel = options.parallel { userFlags["parallel"] = .int(parallel) }
        let flags = try resolver.resolve(userFlags: userFlags)
        if let parallel = flags["parallel"]?.intValue, parallel < 1 {
            throw GuildError("invalid value \(parallel) for parallel: a queue runs at least 1 run at a time")
        }
        if request.stage { throw GuildError("--stage cannot be used with a queue") }
        if !yes {
            var lines = ["You are about to start queue"]
            for name in flags.keys.sorted() {
                let value = flags[name]!
                lines.append("  \(name): \(value.isNull ? "unspecified" : value.flowEncoded())")
            }
            Console.write(lines.joined(separator: "\n") + "\nContinue? (Y/n) ", to: 1)
            let answer = (readLine() ?? "n").trimmingCharacters(in: .whitespaces).lowercased()
            guard answer.isEmpty || answer == "y" || answer == "yes" else { throw ExitCode(1) }
        }
        if request.background || request.pidFile != nil {
            return try BackgroundLauncher.launch(
                operationName: "queue", newRun: true,
                arguments: GlobalArguments.commandArguments(Array(CommandLine.arguments.dropFirst())),
                runId: request.runId, pidFile: request.pidFile)
        }
        let status = try await QueueRunner(
            context: context, flags: flags, runParams: request.runParams, quiet: request.quiet, runId: request.runId
        ).run()
        if status != 0 { throw ExitCode(Int32(truncatingIfNeeded: status & 0xff)) }
    }
}
