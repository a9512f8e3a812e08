import Foundation
import GuildKit

/// What every run-management command shares (reference 0.1-0.3, Guild AI's `runs_op`): the runs
/// selected by RUN arguments among those passing the filters, the preview table, the `(Y/n)`
/// prompt, and the exit statuses (0 with a note when nothing is selected, 4 on a no, 1 on EOF).
struct RunsOperation {
    let context: GuildContext
    /// The command as typed (`guild runs rm`), for the `Try '... --help'` line.
    let command: String
    var lookup: RunLookup

    init(_ context: GuildContext, filters: RunFilterOptions, runsDirectory: URL? = nil) throws {
        self.init(context, filter: try filters.filter(), runsDirectory: runsDirectory)
    }

    init(_ context: GuildContext, filter: RunFilter, runsDirectory: URL? = nil) {
        self.context = context
        self.command = Self.typedCommand()
        self.lookup = RunLookup(context: context, filter: filter, runsDirectory: runsDirectory)
    }

    /// The runs `specs` select (`defaultSpec` when there are none), with their status, label and
    /// mark. None: `nothing` is printed and guild exits 0.
    func select(_ specs: [String], defaultSpec: String, nothing: String) throws -> [RunSummary] {
        let runs = try selectAllowingNone(specs, defaultSpec: defaultSpec)
        if runs.isEmpty {
            Console.error(nothing)
            exit(0)
        }
        return runs
    }

    /// The runs `specs` select, maybe none.
    func selectAllowingNone(_ specs: [String], defaultSpec: String) throws -> [RunSummary] {
        do {
            if !specs.isEmpty && specs.allSatisfy(RunSelector.isIdPrefix) {
                return try lookup.selectOrAll(specs, withDetails: true)
            }
            return try RunSelector.select(specs, from: try lookup.all(withDetails: true), defaultSpec: defaultSpec)
        } catch let error as GuildError where error.description.hasPrefix("could not find a run matching") {
            let spec = error.description.split(separator: "\n")[0]
            throw GuildError(
                "\(spec)\nTry 'guild runs list' for a list or '\(command) --help' for more information.")
        }
    }

    /// Shows `preview` and the runs, then asks `question`; a no exits 4, EOF exits 1.
    func confirm(_ preview: String, question: String, defaultYes: Bool, runs: [RunSummary]) {
        Console.error(preview)
        Console.write(previewTable(runs), to: 2)
        Self.ask(question, defaultYes: defaultYes)
    }

    /// The runs as the preview shows them: `  [id]  op  started  status  label`.
    func previewTable(_ runs: [RunSummary]) -> String {
        RunsTable.render(runs, context: context, simplified: false, index: .bracketed, indent: "  ")
    }

    /// Asks `question` with `(Y/n)` or `(y/N)`; a no exits 4, EOF exits 1.
    static func ask(_ question: String, defaultYes: Bool) {
        Console.write(question + (defaultYes ? " (Y/n) " : " (y/N) "), to: 2)
        guard let answer = readLine() else {
            Console.error("")
            exit(1)
        }
        let normalized = answer.trimmingCharacters(in: .whitespaces).lowercased()
        if normalized == "y" || normalized == "yes" || (defaultYes && normalized.isEmpty) { return }
        exit(4)
    }

    /// Guild's "missing one of" check: at least one of `options` was given.
    func requireOne(of options: [(String, Bool)]) throws {
        guard !options.contains(where: \.1) else { return }
        throw GuildError(
            "missing one of: \(options.map(\.0).joined(separator: ", "))\nTry `\(command) --help` for more information.")
    }

    /// Guild's "cannot both be specified" check over pairs of options.
    func refuse(_ pairs: [((String, Bool), (String, Bool))]) throws {
        for (first, second) in pairs where first.1 && second.1 {
            throw GuildError(
                "\(first.0) and \(second.0) cannot both be specified\nTry '\(command) --help' for more information.")
        }
    }

    /// `guild runs rm` for `guild -H h runs rm 1`: the command words as the user typed them.
    static func typedCommand() -> String {
        let arguments = GlobalArguments.commandArguments(Array(CommandLine.arguments.dropFirst()))
        return ((try? ClickSyntax.commandPath(arguments).typed) ?? ["guild"]).joined(separator: " ")
    }
}
