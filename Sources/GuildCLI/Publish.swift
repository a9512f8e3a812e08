import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild publish` / `guild runs publish`: the runs' pages and data in a directory.
    struct Publish: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish", abstract: "Publish one or more runs.",
            discussion: """
                Each run gets a directory under DEST (default `published-runs`) with `README.md` (the default \
                template), `run.yml`, `flags.yml`, `scalars.csv`, `output.txt`, `sourcecode.csv`, \
                `runfiles.csv`, a copy of its source code, and with `--files` or `--all-files` its run files \
                under `runfiles`. `DEST/README.md` lists every run published there. Custom templates (`-t`, `-i`, \
                an op's `publish: template:`) are Jinja2 templates rendered by Python's jinja2.
                """)

        @Argument(help: ArgumentHelp("Runs to publish (default is all).", valueName: "RUN")) var runs: [String] = []
        @Option(name: [.customShort("d"), .customLong("dest")], help: ArgumentHelp("Destination to publish runs.", valueName: "DIR"))
        var dest: String?
        @Option(name: [.customShort("t"), .customLong("template")], help: ArgumentHelp("Run template used to publish runs.", valueName: "VAL"))
        var template: String?
        @Option(
            name: [.customShort("i"), .customLong("index-template")],
            help: ArgumentHelp("Index template used to publish runs.", valueName: "VAL"))
        var indexTemplate: String?
        @Flag(
            name: [.customShort("f"), .customLong("files")],
            help: "Publish default run files (those the op's `publish: files:` select, all by default).")
        var files = false
        @Flag(name: [.customShort("a"), .customLong("all-files")], help: "Publish all run files.") var allFiles = false
        @Flag(name: [.customShort("L"), .customLong("include-links")], help: "Include links when publishing files. Implies --files.")
        var includeLinks = false
        @Flag(name: .customLong("no-md5"), help: "Do not calculate MD5 digests for run files.") var noMD5 = false
        @Flag(name: .customLong("include-batch"), help: "Include batch runs.") var includeBatch = false
        @Flag(name: [.customShort("r"), .customLong("refresh-index")], help: "Refresh runs index.") var refreshIndex = false
        @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not prompt before publishing.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            if files && allFiles { throw GuildError("--files and --all-files cannot both be used") }
            let destination = dest ?? "published-runs"
            var publisher = RunPublisher(
                destination: URL(fileURLWithPath: destination, relativeTo: context.cwd), workingDirectory: context.cwd,
                cacheDirectory: context.cacheDirectory)
            publisher.template = template
            publisher.fileCopy = allFiles ? .all : files || includeLinks ? .selected : .none
            publisher.includeLinks = includeLinks
            publisher.md5s = !noMD5
            if let indexTemplate {
                var url = URL(fileURLWithPath: indexTemplate, relativeTo: context.cwd).standardizedFileURL
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                    throw GuildError("index template '\(url.path)' does not exist")
                }
                if isDirectory.boolValue {
                    url = url.appendingPathComponent("README.md")
                    guard FileManager.default.fileExists(atPath: url.path) else {
                        throw GuildError("index template '\(url.deletingLastPathComponent().path)' is missing README.md")
                    }
                }
                publisher.indexTemplate = url
            }
            if refreshIndex {
                Console.out("Refreshing runs index in \(destination)")
                try refresh(publisher)
            } else {
                let operation = try RunsOperation(context, filters: filters)
                var selected = try operation.select(runs, defaultSpec: ":", nothing: "No runs to publish.")
                if !includeBatch { selected.removeAll(where: \.isBatch) }
                if selected.isEmpty {
                    Console.error("No runs to publish.")
                    return
                }
                if !yes {
                    operation.confirm(
                        "You are about to publish the following run(s) to \(destination):", question: "Continue?",
                        defaultYes: true, runs: selected)
                }
                for run in selected {
                    Console.outRaw("Publishing [\(run.run.shortId)] \(run.operationDisplay)... ")
                    do {
                        try publisher.publish(run)
                    } catch {
                        Console.out("")
                        throw GuildError("error publishing run \(run.run.id):\n\(error)")
                    }
                    let size = RunPublisher.directorySize(publisher.destination.appendingPathComponent(run.run.id))
                    Console.out("using \(RunPublisher.formatBytes(size))")
                }
                Console.out("Refreshing runs index")
                try refresh(publisher)
            }
            Console.out("Published runs using \(RunPublisher.formatBytes(RunPublisher.directorySize(publisher.destination)))")
        }

        private func refresh(_ publisher: RunPublisher) throws {
            do {
                try publisher.refreshIndex()
            } catch {
                throw GuildError("error refreshing index: \(error)")
            }
        }
    }
}

extension Guild.Runs {
    typealias Publish = Guild.Publish
}
