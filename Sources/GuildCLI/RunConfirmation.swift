import Foundation
import GuildKit

/// The `Continue? (Y/n)` prompt shown before a run without `-y`.
enum RunConfirmation {
    static func confirm(_ prepared: PreparedRun, stage: Bool, restart: String?) -> Bool {
        var lines = ["You are about to \(stage ? "stage" : "run") \(prepared.operationName)"]
        for name in prepared.flags.keys.sorted() {
            lines.append("  \(name): \(prepared.flags[name]!.flowEncoded())")
        }
        return ask(lines)
    }

    /// Prints `lines` and `Continue? (Y/n) `; true for an empty answer, `y` or `yes`.
    static func ask(_ lines: [String]) -> Bool {
        Console.write(lines.joined(separator: "\n") + "\nContinue? (Y/n) ", to: 1)
        guard let answer = readLine() else { return false }
        let a = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return a.isEmpty || a == "y" || a == "yes"
    }
}
