import Foundation

extension CompareTable {
    /// The cells as `-t` shows them: empty for none, `yes`/`no`, floats cut to 6 decimals,
    /// ` [marked]` after a marked run's operation.
    public func formattedRows() -> [[String]] {
        let operation = header.firstIndex(of: "operation")
        return zip(rows, runs).map { row, summary in
            row.enumerated().map { i, value in
                var text: String
                switch value {
                case .null: text = ""
                case .bool(let b): text = b ? "yes" : "no"
                case .string(let s): text = s
                default: text = FlagFormatting.formatFlag(value, truncateFloats: 6)
                }
                if i == operation, summary.details?.isMarked ?? summary.run.isMarked { text += " [marked]" }
                return text
            }
        }
    }

    /// `--csv`: the header row, then raw values (none empty, floats as Python prints them),
    /// quoted as Python's csv module quotes (only fields with a comma, quote or line break);
    /// nothing at all without runs, as Guild AI.
    public func csv() -> String {
        guard !rows.isEmpty else { return "" }
        let lines = ParallelMap.map(rows) { row in row.map { Self.quoted(Self.rawText($0)) }.joined(separator: ",") }
        return ([header.map(Self.quoted).joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
    }

    private static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func rawText(_ value: YAMLValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return pyFloatRepr(d)
        case .string(let s): return s
        default: return pyRepr(value)
        }
    }
}
