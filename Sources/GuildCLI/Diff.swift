import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild diff`: compares two runs with `diff -ru` or another command.
    struct Diff: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Diff two runs.",
            discussion: """
                Without RUN arguments the latest two runs are compared (RUN is 2, OTHER_RUN is 1). With --working \
                or --dir, one run (default 1) is compared with its working source code or a directory.
                """)

        @Argument(help: ArgumentHelp("The first run.", valueName: "RUN")) var run: String?
        @Argument(help: ArgumentHelp("The second run.", valueName: "OTHER_RUN")) var otherRun: String?
        @Flag(name: [.customShort("O"), .customLong("output")], help: "Diff run output.") var output = false
        @Flag(name: [.customShort("s"), .customLong("sourcecode")], help: "Diff run source code.") var sourcecode =
            false
        @Flag(name: [.customShort("e"), .customLong("env")], help: "Diff run environment.") var env = false
        @Flag(name: [.customShort("f"), .customLong("flags")], help: "Diff run flags.") var flags = false
        @Flag(name: [.customShort("a"), .customLong("attrs")], help: "Diff all run attributes.") var attrs = false
        @Flag(name: [.customShort("D"), .customLong("deps")], help: "Diff run dependencies.") var deps = false
        @Option(
            name: [.customShort("p"), .customLong("path")],
            help: ArgumentHelp("Diff specified path; may be used more than once.", valueName: "PATH"))
        var paths: [String] = []
        @Flag(
            name: [.customShort("w"), .customLong("working")],
            help: "Diff run sourcecode to the associated working directory.")
        var working = false
        @Option(
            name: [.customShort("d"), .customLong("dir")],
            help: ArgumentHelp("Diff run to the specified directory, relative to cwd.", valueName: "PATH"))
        var directory: String?
        @Option(
            name: [.customShort("c"), .customLong("cmd")],
            help: ArgumentHelp("Command used to diff runs (default: diff -ru).", valueName: "CMD"))
        var command: String?
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            if working && directory != nil { throw GuildError("--working and --dir cannot both be used") }
            if working && sourcecode { throw GuildError("--working and --sourcecode cannot both be used") }
            let lookup = RunLookup(context: context, filter: try filters.filter())
            let base = try Shlex.split(command ?? "diff -ru")
            guard !base.isEmpty else { throw GuildError("--cmd is empty") }
            for (a, b) in try pathPairs(lookup, context: context) {
                try Self.call(base + [a, b])
            }
        }

        private func pathPairs(_ lookup: RunLookup, context: GuildContext) throws -> [(String, String)] {
            if working || directory != nil {
                if otherRun != nil {
                    throw GuildError("cannot specify second RUN and --\(working ? "working" : "dir")")
                }
                let one = try lookup.one(run ?? "1")
                let pair: (String, String)
                if let directory {
                    pair = (one.path, URL(fileURLWithPath: directory, relativeTo: context.cwd).standardizedFileURL.path)
                } else {
                    guard let workingDirectory = RunDiff.workingDirectory(of: one) else {
                        throw GuildError(
                            "cannot find working source code directory for run \(one.shortId) (use --dir DIR to name one)"
                        )
                    }
                    pair = (RunDiff.sourceCodeDirectory(one), workingDirectory)
                }
                return paths.isEmpty ? [pair] : paths.map { (pair.0 + "/" + $0, pair.1 + "/" + $0) }
            }
            guard (run == nil) == (otherRun == nil) else {
                throw GuildError(
                    "diff requires two runs\nTry specifying a second RUN or 'guild diff --help' for more information.")
            }
            let (first, second) = try lookup.two(run ?? "2", otherRun ?? "1")
            var diff = RunDiff()
            (diff.attrs, diff.env, diff.flags, diff.deps) = (attrs, env, flags, deps)
            (diff.output, diff.sourcecode, diff.paths) = (output, sourcecode, paths)
            if attrs {
                for (on, name) in [(env, "env"), (flags, "flags"), (deps, "deps")] where on {
                    Console.error("WARNING: ignoring --\(name) (already included in --attrs)")
                }
            }
            return diff.pathPairs(first, second)
        }

        /// Runs the diff command with the terminal as its output; its exit status (1 when the
        /// files differ) is not an error, as in Guild AI.
        private static func call(_ argv: [String]) throws {
            ChildProcess.wait(try ChildProcess.start(argv))
        }
    }
}
