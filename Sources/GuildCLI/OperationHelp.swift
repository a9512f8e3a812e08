import Foundation
import GuildKit

/// The text of `guild run OP --help-op` (reference 8.7): Guild's click help formatter output,
/// with its 2-space indent, 78-column wrapping and paragraph rules.
enum OperationHelp {
    /// Click's default formatter width (80 columns less 2).
    static let width = 78

    static func text(for prepared: PreparedRun) -> String {
        let opdef = prepared.resolved.opdef
        var out = "Usage: guild run [OPTIONS] \(prepared.operationName) [FLAG]...\n"
        if !opdef.description.isEmpty {
            out += "\n" + wrapText(opdef.description.replacingOccurrences(of: "\n", with: "\n\n"), width: width) + "\n"
        }
        out += "\nUse 'guild run --help' for a list of options.\n"
        // `dvcstage:S` flags are ours (Guild AI has none), so its help does not list them.
        let defs = prepared.flagDefs.filter { !$0.name.hasPrefix("_") && !$0.name.hasPrefix("dvcstage:") }
        if !defs.isEmpty {
            out += "\nFlags:\n"
            let maxNameLength = defs.map(\.name.count).max() ?? 0
            out += definitionList(
                defs.map { ($0.name, flagDescription($0, maxNameLength: maxNameLength)) }, indent: 2, width: width)
        }
        // Console.out adds the final newline.
        if out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// The second column for a flag: description lines as paragraphs, the default, the choices.
    static func flagDescription(_ def: FlagDef, maxNameLength: Int) -> String {
        var lines = def.description.components(separatedBy: "\n")
        let suffix: String
        if !def.defaultValue.isNull {
            suffix = "(default is \(FlagFormatting.formatFlag(def.defaultValue)))"
        } else if def.required {
            suffix = "(required)"
        } else if let label = def.nullLabel {
            suffix = "(default is \(FlagFormatting.formatFlag(.string(label))))"
        } else {
            suffix = ""
        }
        if !lines[0].isEmpty { lines[0] += " " }
        lines[0] += suffix
        if !def.choices.isEmpty { lines.append(choicesText(def.choices, maxNameLength: maxNameLength)) }
        return lines.count > 1 ? lines.joined(separator: "\n\n") : lines[0]
    }

    /// A `\b` (no rewrap) paragraph listing the choices: aliases are shown in place of values.
    private static func choicesText(_ choices: [FlagChoice], maxNameLength: Int) -> String {
        let shown = choices.map { $0.alias ?? $0.value }
        if choices.contains(where: { !$0.description.isEmpty }) {
            let rows = zip(shown, choices).map { value, choice in
                (
                    value.flowEncoded(),
                    choice.description.trimmingCharacters(in: .whitespacesAndNewlines)
                        .components(separatedBy: "\n").joined(separator: "\n\n")
                )
            }
            let inner = "Choices:\n" + definitionList(rows, indent: 2, width: width - maxNameLength - 4)
            return "\n\u{8}\n" + inner
        }
        var list = YAMLValue.list(shown).flowEncoded()
        if list.hasPrefix("[") && list.hasSuffix("]") { list = String(list.dropFirst().dropLast()) }
        let inner = definitionList([("Choices:", list)], indent: 0, width: width - maxNameLength - 4 - 8)
        return "\n\u{8}\n" + inner
    }

    /// Guild's patched click `write_dl` with `preserve_paragraphs`.
    static func definitionList(_ rows: [(String, String)], indent: Int, width: Int) -> String {
        let colMax = 30, colSpacing = 2
        let firstCol = min(rows.map(\.0.count).max() ?? 0, colMax) + colSpacing
        let pad = String(repeating: " ", count: firstCol + indent)
        var out = ""
        for (first, second) in rows {
            out += String(repeating: " ", count: indent) + first
            if second.isEmpty {
                out += "\n"
                continue
            }
            if first.count <= firstCol - colSpacing {
                out += String(repeating: " ", count: firstCol - first.count)
            } else {
                out += "\n" + pad
            }
            let lines = wrapText(second, width: max(width - firstCol - 2, 10)).components(separatedBy: "\n")
            out += lines[0] + "\n"
            for line in lines.dropFirst() { out += pad + line + "\n" }
            if lines.count > 1 { out += "\n" }
        }
        return out
    }

    /// click's `wrap_text(preserve_paragraphs=True)`: blank lines separate paragraphs, a
    /// paragraph starting with a `\b` line is kept as is, others are re-wrapped to `width`.
    static func wrapText(_ text: String, width: Int) -> String {
        var paragraphs: [String] = []
        var buffer: [String] = []
        var indent: Int?
        func flush() {
            guard !buffer.isEmpty else { return }
            if buffer[0].trimmingCharacters(in: .whitespaces) == "\u{8}" {
                paragraphs.append(buffer.dropFirst().joined(separator: "\n"))
            } else {
                let prefix = String(repeating: " ", count: indent ?? 0)
                paragraphs.append(fill(buffer.joined(separator: " "), width: width, prefix: prefix))
            }
            buffer.removeAll()
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty {
                flush()
                indent = nil
            } else {
                var line = line
                if indent == nil {
                    let stripped = String(line.drop { $0 == " " || $0 == "\t" })
                    indent = line.count - stripped.count
                    line = stripped
                }
                buffer.append(line)
            }
        }
        flush()
        return paragraphs.joined(separator: "\n\n")
    }

    /// Greedy word wrap, as Python's `textwrap.fill` does for plain words.
    private static func fill(_ text: String, width: Int, prefix: String) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if current.isEmpty {
                current = prefix + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = prefix + word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
