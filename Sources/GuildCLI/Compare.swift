import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild compare`: runs as rows with their flags and scalars (reference 7.3).
    struct Compare: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare run results.",
            discussion: "Without -t or --csv the table is printed, as with -t (there is no interactive view).")

        @Argument(help: ArgumentHelp("Runs to compare (default is all).", valueName: "RUN")) var runs: [String] = []
        @Option(
            name: .customLong("min"),
            help: ArgumentHelp("Show the lowest values for COLUMN first.", valueName: "COLUMN"))
        var minColumn: String?
        @Option(
            name: .customLong("max"),
            help: ArgumentHelp("Show the highest values for COLUMN first.", valueName: "COLUMN"))
        var maxColumn: String?
        @Option(
            name: [.customShort("n"), .customLong("limit"), .customLong("top")],
            help: ArgumentHelp("Only show the top N runs.", valueName: "N"))
        var top: Int?
        @Flag(
            name: [.customShort("e"), .customLong("extra-cols")], help: "Show extra columns such as source code hash.")
        var extraColumns = false
        @Flag(name: [.customShort("s"), .customLong("all-scalars")], help: "Include system scalars (sys/*).")
        var allScalars = false
        @Option(
            name: [.customShort("c"), .customLong("cols")],
            help: ArgumentHelp("Comma delimited list of additional columns.", valueName: "COLUMNS"))
        var columns: String?
        @Option(
            name: [.customLong("cc", withSingleDash: true), .customLong("strict-cols")],
            help: ArgumentHelp("Comma delimited list of the columns to compare.", valueName: "COLUMNS"))
        var strictColumns: String?
        @Flag(name: [.customShort("r"), .customLong("skip-core")], help: "Don't show core columns.") var skipCore =
            false
        @Flag(name: [.customShort("u"), .customLong("skip-unchanged")], help: "Don't show columns that do not change.")
        var skipUnchanged = false
        @Flag(name: [.customShort("t"), .customLong("table")], help: "Show comparison data as a table.") var table =
            false
        @Option(
            name: .customLong("csv"),
            help: ArgumentHelp("Write comparison data as CSV to PATH ('-' for stdout).", valueName: "PATH"))
        var csv: String?
        @Flag(name: .customLong("include-batch"), help: "Include batch runs.") var includeBatch = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        private static func warnDamaged(_ path: String) {
            Console.error("WARNING: \(path) is damaged (bad checksum or cut-off record): only its readable records are used")
        }

        func validate() throws {
            if columns != nil && strictColumns != nil {
                throw ValidationError("--cols and --strict-cols cannot be used together")
            }
            if minColumn != nil && maxColumn != nil { throw ValidationError("--min and --max cannot be used together") }
            if let top, top < 1 {
                throw ValidationError("Invalid value for '-n' / '--limit' / '--top': \(top) is not in the range x>=1.")
            }
        }

        func run(_ context: GuildContext) async throws {
            var options = CompareOptions()
            options.columns = columns
            options.strictColumns = strictColumns
            options.skipCore = skipCore
            options.extraColumns = extraColumns
            options.allScalars = allScalars
            options.skipUnchanged = skipUnchanged
            options.includeBatch = includeBatch
            options.minColumn = minColumn
            options.maxColumn = maxColumn
            options.top = top
            let index = try? ScalarIndex(cacheDirectory: context.cacheDirectory)
            let filter = try filters.filter()
            let selected = try RunLookup(context: context, filter: filter).selectOrAll(
                runs, withDetails: true, attributes: CompareTable.listedAttributes)
            let result: CompareTable
            if let index {
                let everyRun = runs.isEmpty && filter.isEmpty
                result = try CompareTable.make(runs: selected, options: options, warn: { Console.error($0) }) {
                    chunk, body in
                    try index.forEachChunk(of: chunk, everyRun: everyRun, damaged: Self.warnDamaged, body)
                }
            } else {
                Console.error(
                    "WARNING: cannot open the scalar index in \(context.cacheDirectory.path): reading every event file")
                result = try CompareTable.make(runs: selected, options: options, warn: { Console.error($0) })
            }
            if let csv {
                if csv == "-" {
                    result.writeCSV { Console.outRaw($0) }
                } else {
                    do { try result.csv().write(toFile: csv, atomically: true, encoding: .utf8) } catch {
                        throw GuildError("error opening \(csv): \(error.localizedDescription)")
                    }
                    Console.error("Wrote \(result.rowCount) row(s) to \(csv)")
                }
            } else if result.rowCount > 0 {
                Console.outRaw(TextTable.render([result.header] + result.formattedRows()))
            }
            // Everything is written: ending here spares freeing every row and run one by one,
            // which takes tens of milliseconds for 10,000 runs.
            Foundation.exit(0)
        }
    }
}
