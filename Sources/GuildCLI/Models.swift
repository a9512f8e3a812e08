import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild models`: the named models of the project's guild.yml.
    struct Models: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "models", abstract: "Show available models.",
            discussion: """
                Shows the models defined in the current directory's guild.yml (there are no installed \
                packages here). Use one or more FILTER arguments to show only models that match them.
                """)

        @Argument(help: ArgumentHelp("Show models whose name or description contains FILTER.", valueName: "FILTER"))
        var filters: [String] = []
        @Flag(name: .shortAndLong, help: "Show all models including those designated as private.") var all = false
        @Flag(
            name: .shortAndLong,
            help: "Include operations installed from packages when running command from a project directory.")
        var installed = false
        @Flag(name: .shortAndLong, help: "Show model details.") var verbose = false

        func run(_ context: GuildContext) async throws {
            guard !installed, let path = Guildfile.find(in: context.cwd) else { return }
            let guildfile = try Guildfile.load(from: path)
            var models: [(name: String, summary: String, details: [String], model: ModelDef)] = []
            for model in guildfile.models where !model.name.isEmpty && (all || !model.name.hasPrefix("_")) {
                let lines = model.description.trimmingCharacters(in: .newlines).components(separatedBy: "\n")
                // Guild's split_description: the first line, then the rest with "" between lines.
                let details = lines.dropFirst().enumerated().flatMap { i, line in i > 0 ? ["", line] : [line] }
                let values = [model.name.lowercased(), lines[0].lowercased()]
                guard filters.allSatisfy({ f in values.contains { $0.contains(f.lowercased()) } }) else { continue }
                models.append((model.name, lines[0], details, model))
            }
            models.sort { $0.name < $1.name }
            if !verbose {
                return Console.outRaw(TextTable.render(models.map { [$0.name, $0.summary] }))
            }
            let width = models.map(\.name.count).max() ?? 0
            for model in models {
                let ops = model.model.operations.map(\.name).sorted().joined(separator: ", ")
                Console.out(model.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + model.summary)
                Console.out("  source: \(guildfile.path.path)")
                Console.out("  operations: \(ops)")
                Console.out("  details: " + pyRepr(.list(model.details.map(YAMLValue.string))))
            }
        }
    }
}
