import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild cat`: prints a run file or the run output.
    struct Cat: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "cat", abstract: "Show contents of a run file.")

        @Argument(help: ArgumentHelp("The run (default is the latest).", valueName: "RUN")) var run: String?
        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("The file to show, relative to the run directory.", valueName: "path"))
        var path: String?
        @Flag(name: .shortAndLong, help: "Resolve PATH under the source code destination.") var sourcecode = false
        @Flag(name: [.customShort("O"), .customLong("output")], help: "Show the run output.") var output = false

        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func validate() throws {
            if path == nil && !output { throw ValidationError("one of --path or --output is required") }
        }

        func run(_ context: GuildContext) async throws {
            let summary = try RunLookup(context: context, filter: try filters.filter()).selectOne(run, command: "cat")
            let runDir = summary.run.directory
            let file: URL
            if output {
                file = runDir.appendingPathComponent(".guild/output")
            } else {
                var rel = path!
                try RunPathCheck.check(rel, in: runDir, command: "cat")
                if sourcecode {
                    let dest = summary.run.sourceCodeDest
                    if dest != "." { rel = dest + "/" + rel }
                }
                file = runDir.appendingPathComponent(rel)
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDir), !isDir.boolValue else {
                throw GuildError("\(file.path) does not exist")
            }
            Console.write(try RegularFile.read(file), to: 1)
        }
    }
}
