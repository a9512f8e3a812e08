import Foundation
import GuildKit

/// Guild's help of a guild.yml in its three forms: the console text (click's help formatter,
/// 78 columns, 2-space indent steps), Markdown (`--markdown`) and reStructuredText
/// (`--package-description`); sections Base Operations (ops without a model) and Models.
enum ProjectHelp {
    typealias FlagDefs = (ModelDef, OpDef) -> [FlagDef]

    static func text(_ guildfile: Guildfile, location: String, flagDefs: FlagDefs = { $1.flags }) -> String {
        var out: any HelpFormatter = ConsoleHelpFormatter()
        out.startSection("OVERVIEW")
        out.writeText(
            """
            You are viewing help for operations defined in \(location).

            To run an operation use 'guild run OPERATION' where OPERATION is one of options listed \
            below. If an operation is associated with a model, include the model name as \
            MODEL:OPERATION.

            To list available operations, run 'guild operations'.

            Set operation flags using 'FLAG=VALUE' arguments to the run command. Refer to the \
            operations below for a list of supported flags.

            For more information on running operations, try 'guild run --help'.

            For general information, try 'guild --help'.
            """)
        write(guildfile, to: &out, sectionTitle: { $0.uppercased() }, flagDefs: flagDefs)
        return out.buffer
    }

    /// `--markdown`: the title (if any) at `baseHeadingLevel`, sections one level below.
    static func markdown(_ guildfile: Guildfile, title: String, baseHeadingLevel: Int, flagDefs: FlagDefs) -> String {
        var out: any HelpFormatter = MarkdownHelpFormatter(level: baseHeadingLevel)
        if !title.isEmpty {
            out.writeHeading(title)
            out.indent()
            out.paragraph()
        }
        out.startSection("Overview")
        // Guild AI 0.9.0 re-wraps the two commands below into one line with their fences
        // (``` $ pip install guildai ```); here they stay code blocks.
        out.writeText(
            """
            Guild AI supported models and operations are listed below. To run an operation, you must \
            first install Guild AI by running:

            \u{8}
            ```
            $ pip install guildai
            ```

            Refer to [Install Guild AI](https://guild.ai/install) for detailed instructions.

            To run a model operation use:

            \u{8}
            ```
            $ guild run [MODEL:]OPERATION
            ```

            `MODEL` is one of the model names listed below and `OPERATION` is an associated model \
            operation or base operation.

            You may set operation flags using `FLAG=VALUE` arguments to the run command. Refer to the \
            operations below for a list of supported flags.

            For additional help using Guild, see [Guild AI Documentation](https://guild.ai/docs).
            """)
        write(guildfile, to: &out, sectionTitle: { $0 }, flagDefs: flagDefs)
        return out.buffer
    }

    /// `--package-description`: reStructuredText, as a package's long description.
    static func packageDescription(_ guildfile: Guildfile, flagDefs: FlagDefs) -> String {
        var out: any HelpFormatter = RSTHelpFormatter()
        write(guildfile, to: &out, sectionTitle: { $0 }, flagDefs: flagDefs)
        return out.buffer
    }

    private static func write(
        _ guildfile: Guildfile, to out: inout any HelpFormatter, sectionTitle: (String) -> String, flagDefs: FlagDefs
    ) {
        let anonymous = guildfile.models.first { $0.name.isEmpty }
        let named = guildfile.models.filter { !$0.name.isEmpty }.sorted {
            ($0.name.hasPrefix("_") ? "\u{FF}" + $0.name : $0.name) < ($1.name.hasPrefix("_") ? "\u{FF}" + $1.name : $1.name)
        }
        if let anonymous, !anonymous.operations.isEmpty {
            out.startSection(sectionTitle("Base Operations"))
            let description = anonymous.description.trimmingCharacters(in: .whitespacesAndNewlines)
            if !description.isEmpty {
                out.writeDescription(description)
                out.paragraph()
            }
            writeOperations(anonymous.operations, to: &out) { flagDefs(anonymous, $0) }
        }
        guard !named.isEmpty else { return }
        out.startSection(sectionTitle("Models"))
        for (i, model) in named.enumerated() {
            if i > 0 { out.paragraph() }
            out.writeHeading(model.name)
            out.indent()
            let description = model.description.trimmingCharacters(in: .whitespacesAndNewlines)
            if !description.isEmpty {
                out.paragraph()
                out.writeDescription(description)
            }
            out.paragraph()
            out.writeSubheading("Operations")
            out.paragraph()
            out.indent()
            if model.operations.isEmpty {
                out.writeText("No operations defined for this model")
            } else {
                writeOperations(model.operations, to: &out) { flagDefs(model, $0) }
            }
            out.dedent()
            out.paragraph()
            out.dedent()
        }
    }

    private static func writeOperations(
        _ operations: [OpDef], to out: inout any HelpFormatter, flagDefs: (OpDef) -> [FlagDef]
    ) {
        var first = true
        for op in operations.sorted(by: { $0.name < $1.name }) where !op.name.hasPrefix("_") {
            if !first { out.paragraph() }
            first = false
            out.writeHeading(op.name)
            out.indent()
            let description = op.description.trimmingCharacters(in: .whitespacesAndNewlines)
            if !description.isEmpty { out.writeDescription(description) }
            let flags = flagDefs(op).filter { !$0.name.hasPrefix("_") }.sorted { $0.name < $1.name }
            if !flags.isEmpty {
                if !description.isEmpty { out.paragraph() }
                out.writeSubheading("Flags")
                out.indent()
                let maxNameLength = flags.map(\.name.count).max() ?? 0
                out.writeDefinitions(flags.map { ($0.name, OperationHelp.flagDescription($0, maxNameLength: maxNameLength)) })
                out.dedent()
            }
            out.dedent()
        }
    }
}
