import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild select`: prints run ids, paths or attributes.
    struct Select: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "select", abstract: "Select a run and show its id or an attribute.")

        @Argument(help: ArgumentHelp("Runs to select (default is the latest).", valueName: "RUN")) var runs: [String] =
            []
        @Flag(name: [.short, .customLong("short-id")], help: "Show the short id.") var shortId = false
        @Flag(name: [.short, .customLong("path"), .customLong("dir")], help: "Show the run directory.") var path = false
        @Option(
            name: [.customShort("a"), .customLong("attr")],
            help: ArgumentHelp("Show attribute NAME.", valueName: "name"))
        var attr: String?
        @Flag(name: [.customShort("A"), .customLong("all")], help: "Show all selected runs.") var all = false
        @Option(
            name: .customLong("min"), help: ArgumentHelp("Select the run with the lowest COLUMN.", valueName: "COLUMN"))
        var minColumn: String?
        @Option(
            name: .customLong("max"), help: ArgumentHelp("Select the run with the highest COLUMN.", valueName: "COLUMN")
        )
        var maxColumn: String?

        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func validate() throws {
            if minColumn != nil && maxColumn != nil {
                throw ValidationError("--min and --max cannot both be specified")
            }
        }

        func run(_ context: GuildContext) async throws {
            let lookup = RunLookup(context: context, filter: try filters.filter())
            let selected: [RunSummary]
            if let column = minColumn ?? maxColumn {
                selected = [try best(column, maximize: maxColumn != nil, lookup: lookup)]
            } else if runs.count <= 1 && !all {
                let one = try lookup.select(runs.first, command: "select")
                if one.count > 1 {
                    let ids = one.map { "  \($0.run.shortId)" }.joined(separator: "\n")
                    throw GuildError("'\(runs.first ?? "1")' matches multiple runs:\n\(ids)")
                }
                selected = one
            } else if runs.isEmpty {
                // `-A` without RUN: every run, as in Guild AI.
                selected = try lookup.select(["1:"])
            } else {
                selected = try lookup.select(runs)
            }
            var out = ""
            for summary in selected {
                out += try value(for: summary, context: context) + "\n"
            }
            Console.outRaw(out)
        }

        /// `--min/--max COLUMN`: the run (of RUN..., else all) with the lowest or highest value,
        /// COLUMN being a compare column spec (`loss`, `max val#acc`, `=lr`).
        private func best(_ column: String, maximize: Bool, lookup: RunLookup) throws -> RunSummary {
            let candidates = try lookup.selectOrAll(runs, attributes: CompareTable.listedAttributes)
            guard let header = try CompareColumn.parse(column).first?.header else {
                throw GuildError("invalid column spec '\(column)'")
            }
            var options = CompareOptions()
            options.strictColumns = column
            options.minColumn = maximize ? nil : header
            options.maxColumn = maximize ? header : nil
            let index = try? ScalarIndex(cacheDirectory: lookup.context.cacheDirectory)
            let table = try CompareTable.make(runs: candidates, options: options, warn: { Console.error($0) }) {
                runs, body in
                if let index { try index.forEachChunk(of: runs, body) } else { try CompareTable.readScalarChunks(runs, body) }
            }
            guard let column = table.header.firstIndex(of: header), table.rowCount > 0,
                !table.row(0)[column].isNull
            else {
                throw GuildError("no run has a value for '\(header)'")
            }
            return table.runs[0]
        }

        private func value(for summary: RunSummary, context: GuildContext) throws -> String {
            let run = summary.run
            if let attr {
                if let formatted = formattedField(attr, summary) { return formatted }
                guard let value = run.attribute(attr) else { throw GuildError("no such run attribute '\(attr)'") }
                var text = value.attrEncoded()
                if text.hasSuffix("\n") { text.removeLast() }
                return text
            }
            if path { return run.directory.path }
            return shortId ? run.shortId : run.id
        }

        private func formattedField(_ name: String, _ summary: RunSummary) -> String? {
            let run = summary.run
            switch name {
            case "id": return run.id
            case "short_id": return run.shortId
            case "run_dir": return run.directory.path
            case "status": return run.status.rawValue
            case "operation": return summary.operationDisplay
            case "op_name": return summary.opref.operationName
            case "model": return summary.opref.modelName
            case "pkg_name": return summary.opref.packageName
            case "label": return run.label
            case "marked": return run.isMarked ? "yes" : "no"
            case "started", "stopped": return run.attribute(name)?.intValue.map(Timestamp.format) ?? ""
            case "exit_status": return run.attribute(name)?.intValue.map(String.init) ?? ""
            case "sourcecode_digest", "vcs_commit": return run.attribute(name)?.stringValue ?? ""
            case "command": return RunDataEncoder.commandLine(run.attribute("cmd"))
            case "pid": return run.status == .running ? run.lockPid.map(String.init) ?? "" : ""
            default: return nil
            }
        }
    }
}
