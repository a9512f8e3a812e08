import ArgumentParser
import Foundation
import GuildKit

/// `guild run queue [FLAG=VAL...]`: the built-in queue op.
enum RunQueue {
    static func run(
        request: RunRequest, options: RunBatchOptions, yes: Bool, helpOp: Bool, printCommand: Bool,
        context: GuildContext
    ) async throws {
        if helpOp {
            Console.outRaw(help)
            return
        }
        if printCommand { throw GuildError("queue is built into guild: it has no command to print") }
        let flags = try QueueRunner.flags(for: request, parallel: options.parallel)
        if !yes {
            var lines = ["You are about to start queue"]
            for def in QueueRunner.flagDefs {
                let value = flags[def.name] ?? .null
                lines.append("  \(def.name): \(value.isNull ? def.nullLabel ?? "null" : value.flowEncoded())")
            }
            guard RunConfirmation.ask(lines) else { throw ExitCode(1) }
        }
        if request.background || request.pidFile != nil {
            return try Console.out(BackgroundLauncher.launch(
                operationName: "queue", newRun: true,
                arguments: GlobalArguments.commandArguments(Array(CommandLine.arguments.dropFirst())),
                runId: request.runId, pidFile: request.pidFile))
        }
        let status = try await QueueRunner(
            context: context, flags: flags, runParams: request.runParams, quiet: request.quiet, runId: request.runId
        ).run()
        BackgroundLauncher.removePidFileIfBackground(context.environment)
        if status != 0 { throw ExitCode(Int32(truncatingIfNeeded: status & 0xff)) }
    }

    /// `guild run queue --help-op`.
    private static var help: String {
        var text =
            "Usage: guild run [OPTIONS] queue [FLAG]...\n\nStart a queue: run staged runs in the order they were staged.\n\nFlags:\n"
        for def in QueueRunner.flagDefs {
            let value = def.defaultValue.isNull ? def.nullLabel ?? "null" : def.defaultValue.flowEncoded()
            text +=
                "  \(def.name.padding(toLength: 18, withPad: " ", startingAt: 0))\(def.description) (default is \(value))\n"
        }
        return text
    }
}
