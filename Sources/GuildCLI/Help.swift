import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild help`: the project's operations and their flags (reference 1.15).
    struct Help: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "help", abstract: "Show help for a path or package.",
            discussion: "PATH is a project directory or a guild.yml; default is the current directory.")

        @Argument(help: ArgumentHelp("Project directory or guild.yml.", valueName: "PATH")) var path: String?
        @Flag(name: [.customShort("n"), .customLong("no-pager")], help: "Do not use a pager when showing help.")
        var noPager = false

        func run(_ context: GuildContext) async throws {
            let target = URL(fileURLWithPath: path ?? ".", relativeTo: context.cwd).standardizedFileURL
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory)
            let file = isDirectory.boolValue ? Guildfile.find(in: target) : target
            guard let file, FileManager.default.fileExists(atPath: file.path) else {
                throw GuildError(
                    "the current directory does not contain a Guild file (guild.yml)\n"
                        + "Try specifying a project path or package name or 'guild help --help' for help.")
            }
            let guildfile = try Guildfile.load(from: file)
            let directory = file.deletingLastPathComponent().standardizedFileURL.path
            let description =
                directory == context.cwd.standardizedFileURL.path
                ? "the current directory" : "'\(Self.relative(directory, to: context.cwd.standardizedFileURL.path))'"
            // Flags as `guild run` sees them: imported from scripts and standing for dependencies too.
            Console.out(
                ProjectHelp.text(guildfile, location: description) { model, op in
                    (try? ResolvedOperation(guildfile: guildfile, model: model, opdef: op)
                        .effectiveFlagDefs(cacheDirectory: context.cacheDirectory)) ?? op.flags
                })
        }

        private static func relative(_ path: String, to base: String) -> String {
            let parts = path.split(separator: "/"), baseParts = base.split(separator: "/")
            let common = zip(parts, baseParts).prefix { $0 == $1 }.count
            let up = Array(repeating: "..", count: baseParts.count - common)
            let rel = (up + parts.dropFirst(common).map(String.init)).joined(separator: "/")
            return rel.hasPrefix(".") ? rel : "./" + rel
        }
    }
}

/// Guild's console help of a guild.yml: click's help formatter (78 columns, 2-space indent
/// steps), sections OVERVIEW, BASE OPERATIONS (ops without a model) and MODELS.
enum ProjectHelp {
    static func text(
        _ guildfile: Guildfile, location: String, flagDefs: (ModelDef, OpDef) -> [FlagDef] = { $1.flags }
    ) -> String {
        var out = HelpWriter()
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
        let anonymous = guildfile.models.first { $0.name.isEmpty }
        let named = guildfile.models.filter { !$0.name.isEmpty }.sorted {
            ($0.name.hasPrefix("_") ? "\u{FF}" + $0.name : $0.name) < ($1.name.hasPrefix("_") ? "\u{FF}" + $1.name : $1.name)
        }
        if let anonymous, !anonymous.operations.isEmpty {
            out.startSection("BASE OPERATIONS")
            if !anonymous.description.isEmpty {
                out.writeDescription(anonymous.description.trimmingCharacters(in: .whitespacesAndNewlines))
                out.paragraph()
            }
            writeOperations(anonymous.operations, to: &out) { flagDefs(anonymous, $0) }
        }
        if !named.isEmpty {
            out.startSection("MODELS")
            for (i, model) in named.enumerated() {
                if i > 0 { out.paragraph() }
                out.writeText(model.name)
                out.indent += 2
                let description = model.description.trimmingCharacters(in: .whitespacesAndNewlines)
                if !description.isEmpty {
                    out.paragraph()
                    out.writeDescription(description)
                }
                out.paragraph()
                out.writeText("Operations:")
                out.paragraph()
                out.indent += 2
                if model.operations.isEmpty {
                    out.writeText("No operations defined for this model")
                } else {
                    writeOperations(model.operations, to: &out) { flagDefs(model, $0) }
                }
                out.indent -= 2
                out.paragraph()
                out.indent -= 2
            }
        }
        return out.buffer
    }

    private static func writeOperations(
        _ operations: [OpDef], to out: inout HelpWriter, flagDefs: (OpDef) -> [FlagDef]
    ) {
        var first = true
        for op in operations.sorted(by: { $0.name < $1.name }) where !op.name.hasPrefix("_") {
            if !first { out.paragraph() }
            first = false
            out.writeText(op.name)
            out.indent += 2
            let description = op.description.trimmingCharacters(in: .whitespacesAndNewlines)
            if !description.isEmpty { out.writeDescription(description) }
            let flags = flagDefs(op).filter { !$0.name.hasPrefix("_") }.sorted { $0.name < $1.name }
            if !flags.isEmpty {
                if !description.isEmpty { out.paragraph() }
                out.writeText("Flags:")
                out.indent += 2
                let maxNameLength = flags.map(\.name.count).max() ?? 0
                out.buffer += OperationHelp.definitionList(
                    flags.map { ($0.name, OperationHelp.flagDescription($0, maxNameLength: maxNameLength)) },
                    indent: out.indent, width: OperationHelp.width)
                out.indent -= 2
            }
            out.indent -= 2
        }
    }
}

/// The parts of click's `HelpFormatter` Guild's help uses.
struct HelpWriter {
    var buffer = ""
    var indent = 0
    private var inSection = false

    mutating func startSection(_ title: String) {
        if inSection {
            indent -= 4
            paragraph()
        }
        writeText(title)
        paragraph()
        indent += 4
        inSection = true
    }

    mutating func paragraph() {
        if !buffer.isEmpty { buffer += "\n" }
    }

    mutating func writeText(_ text: String) {
        let prefix = String(repeating: " ", count: indent)
        let wrapped = OperationHelp.wrapText(text, width: OperationHelp.width - indent)
        buffer += wrapped.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n") + "\n"
    }

    mutating func writeDescription(_ text: String) {
        for (i, paragraphText) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { paragraph() }
            writeText(String(paragraphText))
        }
    }
}
