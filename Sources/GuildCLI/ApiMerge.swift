import ArgumentParser
import Foundation
import GuildKit

extension Guild.Api {
    /// `guild api merge`: `merge` for tools, every outcome as one JSON object (`resp`).
    struct Merge: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge", abstract: "Provides merge support.",
            discussion: """
                Use '--preview' to generate JSON output describing a merge. This command does not prompt for \
                user input. If '--yes' is not specified, the command fails with an error.
                """)

        @OptionGroup var output: ApiOutputOptions
        @OptionGroup var options: MergeOptions

        func run(_ context: GuildContext) async throws {
            let command = RunsOperation.typedCommand()
            if !options.preview && !options.yes {
                throw GuildError(
                    "--yes must be specified for this command when --preview is not used\n"
                        + "Try '\(command) --help' for more information.")
            }
            let (selected, merge): (RunSummary, RunMerge)
            do {
                (selected, merge) = try options.plan(context, command: command)
            } catch let error as GuildError {
                // Guild AI 0.9.0 fails here with a Python assertion; ours answers.
                return output.print(
                    .object(["resp": .string("other-error"), "code": .int(1), "detail": .null, "output": .string(error.description)]))
            }
            switch try options.problem(merge) {
            case .replacing(let paths)?:
                return output.print(.object(["resp": .string("replacement-paths"), "paths": .array(paths.map(JSONValue.string))]))
            case .unstaged(let paths)?:
                return output.print(.object(["resp": .string("unstaged-paths"), "paths": .array(paths.map(JSONValue.string))]))
            case nil: break
            }
            if options.preview {
                return output.print(preview(merge, run: selected, context: context))
            }
            if merge.toCopy.isEmpty { return output.print(.object(["resp": .string("nothing-to-copy")])) }
            var copied: [JSONValue] = []
            try merge.apply { copied.append(.string($0.targetPath)) }
            output.print(.object(["resp": .string("ok"), "copied": .array(copied)]))
        }

        private func preview(_ merge: RunMerge, run: RunSummary, context: GuildContext) -> JSONValue {
            let data = RunDataEncoder(runsDirectory: context.runsDirectory, cacheDirectory: context.cacheDirectory)
                .encode(run, version: 1)
            let keys = ["id", "shortId", "dir", "operation", "started", "stopped", "label", "status", "projectDir", "opRef"]
            return .object([
                "resp": .string("preview"),
                "run": .object(keys.map { JSONValue.Member($0, data[$0] ?? .null) }),
                "targetDir": .string(merge.targetDirectory.path),
                "toCopy": .array(
                    merge.toCopy.map {
                        .object([
                            "fileType": .string($0.type.rawValue), "runPath": .string($0.runPath),
                            "targetPath": .string($0.targetPath),
                        ])
                    }),
                "toSkip": .array(
                    merge.toSkip.map {
                        .object([
                            "fileType": .string($0.type.rawValue), "runPath": .string($0.runPath),
                            "targetPath": $0.targetPath.map(JSONValue.string) ?? .null, "reason": .string($0.reason.rawValue),
                        ])
                    }),
            ])
        }
    }
}
