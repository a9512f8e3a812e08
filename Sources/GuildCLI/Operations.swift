import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild operations` / `guild ops`: lists the project's operations.
    struct Operations: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "operations", abstract: "Show model operations.", aliases: ["ops"])

        @Argument(help: ArgumentHelp("Show operations whose name or description contains FILTER.", valueName: "FILTER"))
        var filters: [String] = []
        @Flag(name: .shortAndLong, help: "Show private operations (names starting with _).") var all = false
        @Flag(name: .shortAndLong, help: "Show operation details.") var verbose = false

        func run(_ context: GuildContext) async throws {
            guard let path = Guildfile.find(in: context.cwd) else { return }
            let guildfile = try Guildfile.load(from: path)
            var rows: [[String]] = []
            var details: [String] = []
            let ops = guildfile.models.sorted { $0.name < $1.name }.flatMap { model in
                model.operations.sorted { $0.name < $1.name }.map { (model, $0) }
            }
            for (model, op) in ops {
                let name = model.name.isEmpty ? op.name : "\(model.name):\(op.name)"
                if op.name.hasPrefix("_") && !all { continue }
                let summary = op.description.split(separator: "\n").first.map(String.init) ?? ""
                let matches =
                    filters.isEmpty
                    || filters.contains { f in
                        name.lowercased().contains(f.lowercased())
                            || op.description.lowercased().contains(f.lowercased())
                    }
                guard matches else { continue }
                if verbose {
                    details.append(name + ":")
                    details.append("  description: \(summary)")
                    details.append("  main: \(op.main ?? op.exec ?? "")")
                    details.append("  flags:")
                    for flag in op.flags {
                        let def =
                            flag.defaultValue.isNull
                            ? "" : " (default is \(FlagFormatting.formatFlag(flag.defaultValue)))"
                        details.append("    \(flag.name): \(flag.description)\(def)".trimmingTrailingSpaces())
                    }
                } else {
                    rows.append([name, summary])
                }
            }
            Console.outRaw(
                verbose ? details.map { $0 + "\n" }.joined() : TextTable.render(rows).trimmingTrailingSpacesPerLine())
        }
    }
}

extension String {
    func trimmingTrailingSpacesPerLine() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailingSpaces() }
            .joined(separator: "\n")
    }
}
