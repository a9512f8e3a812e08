import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild ls`: lists the files of a run.
    struct Ls: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List run files.")

        @Argument(help: ArgumentHelp("The run (default is the latest).", valueName: "RUN")) var run: String?
        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("Only show files matching PATH (a glob or a subtree).", valueName: "path"))
        var path: String?
        @Flag(name: .shortAndLong, help: "Show hidden files and .guild.") var all = false
        @Flag(name: .shortAndLong, help: "Show source code files.") var sourcecode = false
        @Flag(name: .shortAndLong, help: "Show dependencies.") var dependencies = false
        @Flag(name: .shortAndLong, help: "Show generated files.") var generated = false
        @Flag(name: [.customShort("f"), .customLong("full-path")], help: "Show full paths.") var fullPath = false
        @Flag(
            name: [.customShort("n"), .customLong("no-format")], help: "Show paths only, without a header or indent.")
        var noFormat = false
        @Flag(name: [.customShort("L"), .customLong("follow-links")], help: "Follow links.") var followLinks = false

        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let summary = try RunLookup(context: context, filter: try filters.filter()).selectOne(run, command: "ls")
            let runDir = summary.run.directory
            if let path { try RunPathCheck.check(path, in: runDir, command: "ls") }
            var classes = Set<RunFileClass>()
            if sourcecode { classes.insert(.sourcecode) }
            if dependencies { classes.insert(.dependency) }
            if generated { classes.insert(.generated) }
            let files = RunFiles.list(
                runDirectory: runDir, includeHidden: all, followLinks: followLinks, classes: classes, path: path)
            var out = ""
            if !fullPath && !noFormat {
                out += PathDisplay.userPath(runDir.path, home: context.userHome.path) + ":\n"
            }
            for file in files {
                if fullPath {
                    out += runDir.path + "/" + file + "\n"
                } else {
                    out += (noFormat ? "" : "  ") + file + "\n"
                }
            }
            Console.outRaw(out)
        }
    }
}

extension RunLookup {
    /// The run for an optional RUN argument, with Guild's command-specific "not found" hint.
    func selectOne(_ spec: String?, command: String) throws -> RunSummary {
        try select(spec, command: command)[0]
    }

    /// The runs for an optional RUN argument (a range may give several).
    func select(_ spec: String?, command: String) throws -> [RunSummary] {
        do {
            let runs = try select(spec.map { [$0] } ?? [])
            guard !runs.isEmpty else { throw GuildError("no matching runs") }
            return runs
        } catch let error as GuildError where error.description.hasPrefix("could not find a run matching") {
            throw GuildError(
                "could not find a run matching '\((spec ?? "1").escapedForMessage)'\nTry 'guild runs list' for a list or "
                    + "'guild \(command) --help' for more information.")
        }
    }
}
