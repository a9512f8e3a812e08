import ArgumentParser
import Testing

@testable import GuildCLI

/// `ClickSyntax.optionTable` is what ArgumentParser says each command's options are.
@Suite struct ClickOptionTableTests {
    /// The command paths that `ClickSyntax.commandPath` resolves to: every command without subcommands.
    static func leafPaths(_ command: any ParsableCommand.Type = Guild.self, _ prefix: [String] = []) -> [[String]] {
        let subcommands = command.configuration.subcommands
        guard !subcommands.isEmpty else { return [prefix] }
        return subcommands.flatMap { sub in
            leafPaths(sub, prefix + [sub.configuration.commandName ?? String(describing: sub).lowercased()])
        }
    }

    static func swiftLines(_ specs: [ClickSyntax.OptionSpec], indent: String) -> String {
        specs.map { spec in
            let names = spec.names.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(indent).init(names: [\(names)], takesValue: \(spec.takesValue)),\n"
        }.joined()
    }

    /// The table's source: the run filters are the options every command that takes `-F` ends with.
    static func swiftSource(_ table: [(String, [ClickSyntax.OptionSpec])]) -> String {
        // Commands with the status filters too (`stop` and `watch` have only the others).
        let filtered = table.map(\.1).filter { $0.contains { $0.names.contains("-Sr") } }
        var filters = filtered.first ?? []
        while !filters.isEmpty && !filtered.allSatisfy({ $0.reversed().starts(with: filters.reversed()) }) {
            filters.removeFirst()
        }
        let entries = table.map { path, specs in
            let ownsFilters = !filters.isEmpty && specs.reversed().starts(with: filters.reversed())
            let own = ownsFilters ? Array(specs.dropLast(filters.count)) : specs
            return "        \"\(path)\": [\n" + swiftLines(own, indent: "            ")
                + "        ]\(ownsFilters ? " + runFilterOptions" : ""),\n"
        }
        return "    static let optionTable: [String: [OptionSpec]] = [\n" + entries.joined() + "    ]\n\n"
            + "    static let runFilterOptions: [OptionSpec] = [\n" + swiftLines(filters, indent: "        ") + "    ]"
    }

    @Test func theTableMatchesArgumentParsersDescriptionOfEveryCommand() throws {
        let paths = Self.leafPaths()
        #expect(paths.contains(["run"]) && paths.contains(["runs", "list"]) && paths.count >= 10)
        var described: [(String, [ClickSyntax.OptionSpec])] = []
        for path in paths {
            let commandPath = ClickSyntax.CommandPath(typed: ["guild"] + path, resolved: path, argumentsStart: 0)
            let specs = try ClickSyntax.describedOptionSpecs(commandPath)
            #expect(specs.count > ClickSyntax.builtInOptions.count, "\(path) describes no options")
            described.append((path.joined(separator: " "), Array(specs.dropLast(ClickSyntax.builtInOptions.count))))
        }
        let table = ClickSyntax.optionTable
        let same = table.count == described.count && described.allSatisfy { table[$0.0] == $0.1 }
        #expect(same, "Sources/GuildCLI/ClickOptionTable.swift is out of date; its tables are now:\n\(Self.swiftSource(described))")
        #expect(!ClickSyntax.runFilterOptions.isEmpty && Self.swiftSource(described).contains("] + runFilterOptions,"))
    }
}
