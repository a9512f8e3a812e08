import CSV
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

    /// `--csv`: the header row, then raw values (none empty, floats as Python prints them).
    public func csv() throws -> String {
        let writer = try CSVWriter(stream: .toMemory(), newline: .lf)
        try writer.write(row: header)
        for row in rows {
            try writer.write(row: row.map(Self.rawText))
        }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
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
