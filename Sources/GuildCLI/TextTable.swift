import Foundation
/// Left-justified columns padded to their widest cell plus two spaces; the last column is
/// not padded (Guild's `cli.table`).
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 {
                widths[i] = max(widths[i], cell.count)
            }
        }
        var out = ""
        for row in rows {
            for (i, cell) in row.enumerated() {
                out += cell
                if i < columns - 1 {
                    out += String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            out += "\n"
        }
        return out
    }
}
