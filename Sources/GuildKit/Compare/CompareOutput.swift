import Foundation

extension CompareTable {
    /// The cells as `-t` shows them: empty for none, `yes`/`no`, floats cut to 6 decimals,
    /// ` [marked]` after a marked run's operation.
    public func formattedRows() -> [[String]] {
        let operation = header.firstIndex(of: "operation")
        let runs = runs
        return ParallelMap.map(Array(0..<rowCount)) { r in
            row(r).enumerated().map { i, value in
                var text: String
                switch value {
                case .null: text = ""
                case .bool(let b): text = b ? "yes" : "no"
                case .string(let s): text = s
                default: text = FlagFormatting.formatFlag(value, truncateFloats: 6)
                }
                if i == operation, runs[r].details?.isMarked ?? runs[r].run.isMarked { text += " [marked]" }
                return text
            }
        }
    }

    /// `--csv` as one text (`writeCSV`).
    public func csv() -> String {
        var text = ""
        writeCSV { text += $0 }
        return text
    }

    /// `--csv`: the header row, then raw values (none empty, floats as Python prints them),
    /// quoted as Python's csv module quotes (only fields with a comma, quote or line break);
    /// nothing at all without runs, as Guild AI. `write` gets the text a few thousand rows at
    /// a time.
    public func writeCSV(_ write: (String) -> Void) {
        guard rowCount > 0 else { return }
        write(header.map(CSVText.field).joined(separator: ",") + "\n")
        for chunk in chunkRanges(rowCount, size: compareChunkSize) {
            let lines = ParallelMap.map(Array(chunk)) { r in
                row(r).map { CSVText.field(Self.rawText($0)) }.joined(separator: ",") + "\n"
            }
            write(lines.joined())
        }
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
