import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild merge` / `guild runs merge`: copies a run's files back to a project directory.
    struct Merge: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge", abstract: "Copy run files to a project directory.",
            discussion: """
                By default, Guild copies run files into the current directory. To copy files to a different \
                directory, use `--target-dir DIR`. Guild checks that the run came from the current directory; \
                use `--target-dir` to skip that check. The command fails if any file would be replaced, unless \
                `--replace` is given or the file is committed to git unchanged (or staged). `--no-replace` \
                refuses any replacement.
                """)

        @OptionGroup var options: MergeOptions

        func run(_ context: GuildContext) async throws {
            let command = RunsOperation.typedCommand()
            let (selected, merge) = try options.plan(context, command: command)
            if let problem = try options.problem(merge) {
                let target = MergeOptions.targetDescription(merge, context: context)
                switch problem {
                case .replacing(let paths):
                    Console.error("guild: files in \(target) would be replaced:")
                    Console.error(paths.map { "  " + $0 }.joined(separator: "\n"))
                    Console.error("Use --replace to skip this check.")
                case .unstaged(let paths):
                    Console.error("guild: files in \(target) have unstaged changes:")
                    Console.error(paths.map { "  " + $0 }.joined(separator: "\n"))
                    Console.error("Stage or stash these changes or use --replace to skip this check.")
                }
                throw ExitCode(1)
            }
            let row = RunsOperation(context, filter: RunFilter()).previewTable([selected])
            if merge.toCopy.isEmpty && !options.preview {
                Console.error("Nothing to copy for the following run:")
                Console.write(row, to: 2)
                Console.error("Try '\(command) --preview' for a list of skipped files.")
                return
            }
            if options.preview || !options.yes {
                let target = MergeOptions.targetDescription(merge, context: context)
                Console.error(
                    options.preview
                        ? "Merge will copy files from the following run to \(target):"
                        : "You are about to copy files from the following run to \(target):")
                Console.write(row, to: 2)
                Console.error("Files:")
                let copying = merge.toCopy.map { $0.targetPath }.sorted()
                Console.write(copying.isEmpty ? "  nothing to copy\n" : copying.map { "  \($0)\n" }.joined(), to: 2)
                if !merge.toSkip.isEmpty {
                    if options.preview {
                        Console.error("Skipped:")
                        let skipped = merge.toSkip.sorted { $0.path < $1.path }
                        Console.write(TextTable.render(skipped.map { ["  " + $0.path, $0.reason.text(for: $0.type)] }), to: 2)
                    } else {
                        let count = merge.toSkip.count
                        Console.error(
                            "\(count == 1 ? "1 file" : "\(count) files") will not be copied (use --preview to show the full list)")
                    }
                }
                if options.preview { return }
                RunsOperation.ask("Continue?", defaultYes: false)
            }
            try merge.apply { Console.error("Copying \($0.targetPath)") }
        }
    }
}

extension Guild.Runs {
    typealias Merge = Guild.Merge
}

/// The options of `merge`, `runs merge` and `api merge`, and the merge they describe.
struct MergeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The run to merge (default is the latest).", valueName: "RUN")) var run: String?
    @Option(
        name: [.customShort("t"), .customLong("target-dir")],
        help: ArgumentHelp(
            "Directory to merge run files to (required if project directory cannot be determined for the run).",
            valueName: "DIR"))
    var targetDir: String?
    @Flag(
        name: [.customShort("s"), .customLong("sourcecode")],
        help: "Only copy run source code. Implies use of `--skip-deps`. Cannot be used with `--skip-sourcecode`.")
    var sourcecode = false
    @Flag(
        name: [.customShort("a"), .customLong("all")],
        help: "Copy all run files. May be used with `--skip-sourcecode`, `--skip-deps`, and `--exclude`.")
    var all = false
    @Flag(name: [.customShort("S"), .customLong("skip-sourcecode")], help: "Don't copy run source code.")
    var skipSourcecode = false
    @Flag(name: [.customShort("D"), .customLong("skip-deps")], help: "Don't copy project-local dependencies.")
    var skipDeps = false
    @Option(
        name: [.customShort("x"), .customLong("exclude")],
        help: ArgumentHelp("Exclude a file or pattern (may be used multiple times).", valueName: "PATTERN"))
    var exclude: [String] = []
    @Flag(name: .customLong("no-summary"), help: "Don't generate a run summary (none is written, as in Guild AI 0.9.0).")
    var noSummary = false
    @Option(
        name: .customLong("summary-name"),
        help: ArgumentHelp("Name used for the run summary (accepted; no summary is written).", valueName: "NAME"))
    var summaryName: String?
    @Flag(name: [.customShort("p"), .customLong("preview")], help: "Show what would happen on a merge.")
    var preview = false
    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Don't prompt before copying files.") var yes = false
    @Flag(name: .customLong("replace"), help: "Allow replacement of existing files. Cannot be used with --no-replace")
    var replace = false
    @Flag(
        name: .customLong("no-replace"),
        help: "Fail if any target file would be replaced, even if it is committed to git. Cannot be used with `--replace`.")
    var noReplace = false
    @OptionGroup(title: "Filters") var filters: RunFilterOptionsWithoutStatusChars

    /// The run, the target directory and the files to copy and skip.
    func plan(_ context: GuildContext, command: String) throws -> (RunSummary, RunMerge) {
        for (a, given, b, alsoGiven) in [
            ("--replace", replace, "--no-replace", noReplace),
            ("--sourcecode", sourcecode, "--skip-sourcecode", skipSourcecode),
        ] where given && alsoGiven {
            throw GuildError("\(a) and \(b) cannot both be specified\nTry '\(command) --help' for more information.")
        }
        let summary = try RunLookup(context: context, filter: try filters.filter()).selectOne(
            run, command: command.hasPrefix("guild ") ? String(command.dropFirst(6)) : command)
        let target: URL
        do {
            if let targetDir {
                target = URL(fileURLWithPath: targetDir, relativeTo: context.cwd).standardizedFileURL
            } else {
                let project = try RunMerge.projectDirectory(of: summary.run, opref: summary.opref, command: command)
                let cwd = context.cwd.standardizedFileURL
                guard cwd.resolvingSymlinksInPath().path == URL(fileURLWithPath: project).resolvingSymlinksInPath().path else {
                    throw GuildError(
                        "run \(summary.run.id) was created from a different project "
                            + "(\(PathDisplay.userPath(project, home: context.userHome.path))) - cannot merge to the current "
                            + "directory by default\nUse '--target-dir .' to override this check or try '\(command) --help' "
                            + "for more information.")
                }
                target = cwd
            }
            var mergeOptions = RunMerge.Options()
            mergeOptions.copyAll = all
            mergeOptions.skipSourcecode = skipSourcecode
            mergeOptions.skipDependencies = skipDeps || sourcecode
            mergeOptions.exclude = exclude
            return (summary, try RunMerge(run: summary.run, targetDirectory: target, options: mergeOptions))
        } catch let error as RunMerge.MergeError {
            throw GuildError(error.description)
        }
    }

    /// What replacing files would break, unless `--replace` or the target does not exist yet.
    func problem(_ merge: RunMerge) throws -> RunMerge.ReplaceProblem? {
        guard !replace, FileManager.default.fileExists(atPath: merge.targetDirectory.path) else { return nil }
        return merge.replaceProblem(noReplace: noReplace)
    }

    /// `the current directory`, or the target quoted.
    static func targetDescription(_ merge: RunMerge, context: GuildContext) -> String {
        merge.targetDirectory.path == context.cwd.standardizedFileURL.path ? "the current directory" : "'\(merge.targetDirectory.path)'"
    }
}
