import Foundation
import GuildKit

/// The text of `guild run OP --help-op` (reference 8.7).
enum OperationHelp {
    static func text(for prepared: PreparedRun) -> String {
        let opdef = prepared.resolved.opdef
        var lines = ["Usage: guild run [OPTIONS] \(prepared.operationName) [FLAG]...", ""]
        if !opdef.description.isEmpty {
            lines += opdef.description.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
            lines.append("")
        }
        lines += ["Use 'guild run --help' for a list of options.", ""]
        let defs = prepared.flagDefs.filter { !$0.name.hasPrefix("_") }
        guard !defs.isEmpty else {
            lines.append("Flags:")
            lines.append("  This operation has no flags.")
            return lines.joined(separator: "\n")
        }
        lines.append("Flags:")
        let width = min(defs.map(\.name.count).max() ?? 0, 20)
        for def in defs {
            var desc = def.description.split(separator: "\n").first.map(String.init) ?? ""
            let suffix: String
            if def.required && def.defaultValue.isNull {
                suffix = "(required)"
            } else if def.defaultValue.isNull {
                suffix = def.nullLabel.map { "(default is \($0))" } ?? ""
            } else {
                suffix = "(default is \(FlagFormatting.formatFlag(def.defaultValue)))"
            }
            if !suffix.isEmpty { desc = desc.isEmpty ? suffix : "\(desc) \(suffix)" }
            let name = def.name.padding(toLength: max(width, def.name.count), withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(desc)".trimmingTrailingSpaces())
            if !def.choices.isEmpty {
                let indent = String(repeating: " ", count: width + 4)
                if def.choices.allSatisfy({ $0.description.isEmpty }) {
                    lines.append(indent + "Choices: " + def.choices.map { FlagFormatting.formatFlag($0.value) }.joined(separator: ", "))
                } else {
                    lines.append("")
                    lines.append(indent + "Choices:")
                    for choice in def.choices {
                        lines.append(indent + "  " + FlagFormatting.formatFlag(choice.value) + "  " + choice.description)
                    }
                    lines.append("")
                }
            }
        }
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
