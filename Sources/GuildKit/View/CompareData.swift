/// Compare's rows as Guild View's `/compare` and `guild api compare` give them: the header,
/// then one row of raw values per run, the full run id in the first column.
public enum CompareData {
    public static func json(runs: [RunSummary], includeBatch: Bool, warn: @escaping @Sendable (String) -> Void) throws -> JSONValue {
        var options = CompareOptions()
        options.includeBatch = includeBatch
        options.columns = ".id"
        let table = try CompareTable.make(runs: runs, options: options, warn: warn)
        guard table.rowCount > 0 else { return .array([]) }
        // `.id` is the last column: it takes the short id's place.
        let relocate = { (row: [JSONValue]) -> [JSONValue] in [row.last!] + Array(row.dropFirst().dropLast()) }
        let header = relocate(table.header.map(JSONValue.string))
        let rows: [JSONValue] = (0..<table.rowCount).map { .array(relocate(table.row($0).map(JSONValue.init))) }
        return .array([.array(header)] + rows)
    }
}
