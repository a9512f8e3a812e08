import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild export` / `guild runs export`: copies or moves runs to a directory or a `.zip`
    /// (reference 1.11).
    struct Export: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Export one or more runs.",
            discussion: """
                LOCATION is a directory, or a file ending in '.zip' (an existing zip is merged). Runs \
                already there are skipped. Without RUN, every run passing the filters is exported.
                """)

        @Argument(help: ArgumentHelp("Where to export the runs.", valueName: "LOCATION")) var location: String
        @Argument(help: ArgumentHelp("Runs to export.", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Move exported runs rather than copy.") var move = false
        @Flag(
            name: [.customShort("r"), .customLong("copy-resources")],
            help: "Copy resources for each run (the files links point to).")
        var copyResources = false
        @Flag(name: .shortAndLong, help: "Do not prompt before exporting.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let operation = try RunsOperation(context, filters: filters)
            let selected = try operation.select(runs, defaultSpec: ":", nothing: "No runs to export.")
            if !yes {
                operation.confirm(
                    "You are about to \(move ? "move" : "copy") the following runs to '\(location)':",
                    question: "Continue?", defaultYes: true, runs: selected)
                if copyResources { Export.confirmCopyResources() }
            }
            let exported = try RunArchive.export(
                selected.map(\.run), to: location, move: move, copyResources: copyResources, log: Console.error)
            Console.error("Exported \(exported.count) run(s) to \(location)")
        }

        static func confirmCopyResources() {
            Console.error("WARNING: You specified --copy-resources, which will copy resources used by each run.")
            RunsOperation.ask("Really copy resources exported runs?", defaultYes: false)
        }
    }

    /// `guild import` / `guild runs import`: copies or moves runs from an export directory or zip
    /// into the Guild home (reference 1.12).
    struct Import: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import one or more runs from an archive.",
            discussion: """
                ARCHIVE is a directory of runs (as 'guild export' writes it) or a zip file. Runs \
                already in the Guild home are skipped. Without RUN, every run passing the filters is \
                imported.
                """)

        @Argument(help: ArgumentHelp("Directory or zip file to import from.", valueName: "ARCHIVE")) var archive: String
        @Argument(help: ArgumentHelp("Runs to import.", valueName: "RUN")) var runs: [String] = []
        @Flag(name: .shortAndLong, help: "Move imported runs rather than copy.") var move = false
        @Flag(name: .customLong("copy-resources"), help: "Copy resources for each run (the files links point to).")
        var copyResources = false
        @Flag(name: .shortAndLong, help: "Do not prompt before importing.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            if RunArchive.isZip(archive) && move && FileManager.default.fileExists(atPath: archive) {
                throw GuildError("'--move' cannot be used with zip archives")
            }
            let opened: RunArchive.Opened
            do {
                opened = try RunArchive.open(archive)
            } catch let error as RunArchive.UnreadableZip {
                Console.error("ERROR: \(error)")
                Console.error("No runs to import.")
                return
            }
            let operation = try RunsOperation(context, filters: filters, runsDirectory: opened.runsDirectory)
            let selected = try operation.select(runs, defaultSpec: ":", nothing: "No runs to import.")
            if !yes {
                operation.confirm(
                    "You are about to import (\(move ? "move" : "copy")) the following runs from '\(archive)':",
                    question: "Continue?", defaultYes: true, runs: selected)
                if copyResources { Export.confirmCopyResources() }
            }
            let imported = try RunArchive.importRuns(
                selected.map(\.run), into: context.runsDirectory, move: move, copyResources: copyResources,
                log: Console.error)
            Console.error("Imported \(imported.count) run(s) from \(archive)")
            withExtendedLifetime(opened) {}  // its unpacked zip stays until the runs are copied
        }
    }
}
