import Foundation

/// The rows of `guild compare`: one per run, columns merged by heading (reference 7.3). Rows
/// are built a chunk of runs at a time and kept packed, so a comparison of many runs holds a
/// few bytes a cell and one chunk's scalars at a time.
public struct CompareTable: Sendable {
    public private(set) var header: [String]
    /// The runs compared, in listing order; rows refer to them by position.
    private let listing: [RunSummary]
    private let cells: PackedRows
    /// For each heading id, its column in `header`, or nil when the column is not shown.
    private var columnOfHeading: [Int?]
    /// The listing position of each row, in row order.
    private var order: [Int]

    /// The runs, in row order.
    public var runs: [RunSummary] { order.map { listing[$0] } }

    public var rowCount: Int { order.count }

    /// Row `i`'s values, one per column of `header`.
    public func row(_ i: Int) -> [YAMLValue] {
        var row = [YAMLValue](repeating: .null, count: header.count)
        cells.forEachCell(of: order[i]) { heading, value in
            if let column = columnOfHeading[heading] { row[column] = value }
        }
        return row
    }

    static let coreColumns = ".run,.operation,.started,.time,.status,.label"

    /// The attrs every row reads: list the runs with these (`RunLookup.selectOrAll`) to read
    /// them in the listing pass.
    public static let listedAttributes = ["flags", "started", "stopped"]

    /// Hands the scalar summaries of `runs` to `body` a chunk at a time: the positions in `runs`
    /// of the chunk's runs and their summaries (`ScalarIndex.forEachChunk`).
    public typealias ScalarChunks = (
        _ runs: [Run], _ body: (_ positions: [Int], _ summaries: [[ScalarSummary]]) throws -> Void
    ) throws -> Void

    /// Builds the table for `runs` (newest first).
    /// - Parameters:
    ///   - scalars: the scalar summaries of the runs, chunk by chunk.
    ///   - warn: told about bad `compare:` column specs in a guildfile.
    /// - Throws: `GuildError` for a bad column spec.
    public static func make(
        runs: [RunSummary], options: CompareOptions, now: Date = Date(),
        warn: @escaping @Sendable (String) -> Void = { _ in },
        scalars: ScalarChunks = readScalarChunks
    ) throws -> CompareTable {
        let strict = options.strictColumns != nil
        let core =
            try CompareColumn.parse(options.skipCore || strict ? ".run" : coreColumns)
            + (options.extraColumns ? try CompareColumn.parse(".sourcecode") : [])
        let user = try CompareColumn.parse(options.strictColumns ?? options.columns ?? "")
        // Not copied when there is nothing to leave out (23 MB at 100,000 runs).
        let included = options.includeBatch || !runs.contains(where: \.isBatch) ? runs : runs.filter { !$0.isBatch }
        let allScalars = options.allScalars
        let opColumns = OperationCompareColumns(warn: warn)
        var headings = CompareHeadings(sections: 3)
        var cells = PackedRows(count: included.count)
        try scalars(included.map(\.run)) { positions, summaries in
            let rows = ParallelMap.map(Array(zip(positions, summaries))) { position, scalars in
                let summary = included[position]
                let flags = summary.attribute("flags")?.mapValue ?? [:]
                let values = RunColumnValues(summary: summary, flags: flags, scalars: scalars, now: now)
                let op =
                    strict
                    ? []
                    : opColumns.columns(for: summary.opref) ?? defaultOperationColumns(values, allScalars: allScalars)
                return resolvedRow([core, op, user].map { $0.map { ($0.header, values.value($0)) } })
            }
            for (position, row) in zip(positions, rows) {
                let layout = row.headings.indices.flatMap { section in
                    headings.ids(of: row.headings[section], section: section, run: position)
                }
                cells.set(position, row.cells, layout: layout)
            }
        }
        let shown = headings.ordered()
        var columnOfHeading = [Int?](repeating: nil, count: shown.count)
        for (column, id) in shown.enumerated() { columnOfHeading[id] = column }
        let packed = cells
        var table = CompareTable(
            header: shown.map { headings.names[$0] }, listing: included, cells: packed,
            columnOfHeading: columnOfHeading, order: Array(included.indices))
        if let column = options.minColumn ?? options.maxColumn {
            guard let index = table.header.firstIndex(of: column) else {
                throw GuildError("no such column '\(column)' - columns are: \(table.header.joined(separator: ", "))")
            }
            let heading = shown[index]
            let values = ParallelMap.map(Array(included.indices)) { packed.value(of: $0, heading: heading) }
            let descending = options.maxColumn != nil
            table.order.sort { less(values[$0], values[$1], descending: descending) }
        }
        if let top = options.top { table.order = Array(table.order.prefix(top)) }
        if options.skipUnchanged { table.dropUnchangedColumns() }
        return table
    }

    /// A run's headings, section by section (core, op, user), and its cells: under each
    /// heading, the cell of the last section holding a non-null cell of that name; within a
    /// section, the leftmost. Cells name their heading by place among the run's headings.
    private static func resolvedRow(_ sections: [[(String, YAMLValue)]]) -> (
        headings: [[String]], cells: PackedRows.Encoded
    ) {
        var firstPlace = 0
        let firstPlaces = sections.map { section in
            defer { firstPlace += section.count }
            return firstPlace
        }
        var resolved: [(place: Int, value: YAMLValue)] = []
        var filled: [String] = []
        for (cells, firstPlace) in zip(sections, firstPlaces).reversed() {
            for (offset, (name, value)) in cells.enumerated() where !value.isNull && !filled.contains(name) {
                filled.append(name)
                resolved.append((firstPlace + offset, value))
            }
        }
        return (sections.map { $0.map(\.0) }, PackedRows.encode(resolved))
    }

    /// Each run's scalars read from its event files, without an index.
    public static func readScalars(_ runs: [Run]) -> [[ScalarSummary]] {
        ParallelMap.map(runs) { RunScalars.read(runDirectory: $0.directory).summaries }
    }

    /// `readScalars`, a chunk of runs at a time.
    public static func readScalarChunks(
        _ runs: [Run], _ body: (_ positions: [Int], _ summaries: [[ScalarSummary]]) throws -> Void
    ) throws {
        for chunk in chunkRanges(runs.count, size: compareChunkSize) {
            try body(Array(chunk), readScalars(Array(runs[chunk])))
        }
    }

    /// Without `compare:` columns in the op's guildfile: every flag (`=name`), then `<loss, else
    /// the first scalar> step as step`, then each scalar tag.
    static func defaultOperationColumns(_ values: RunColumnValues, allScalars: Bool) -> [CompareColumn] {
        let flags = values.flags.keys.sorted(by: naturalLess).map { CompareColumn.flag(name: $0, header: $0) }
        let tags = Set(values.scalars.map(\.tag).filter { allScalars || !$0.hasPrefix("sys/") }).sorted(by: naturalLess)
        guard let stepTag = tags.contains("loss") ? "loss" : tags.first else { return flags }
        let step = CompareColumn.scalar(qualifier: .last, key: stepTag, step: true, header: "step")
        return flags + [step] + tags.map { CompareColumn.scalar(qualifier: .last, key: $0, step: false, header: $0) }
    }

    /// Sorting for `--min`/`--max`: missing values last; numbers by value, anything else as text.
    private static func less(_ a: YAMLValue, _ b: YAMLValue, descending: Bool) -> Bool {
        if a.isNull || b.isNull { return !a.isNull && b.isNull }
        if let x = a.doubleValue, let y = b.doubleValue { return descending ? x > y : x < y }
        let x = a.stringValue ?? a.flowEncoded()
        let y = b.stringValue ?? b.flowEncoded()
        return descending ? pyLess(y, x) : pyLess(x, y)
    }

    /// `-u`: keeps the columns whose value is not the same in every row.
    private mutating func dropUnchangedColumns() {
        guard rowCount > 1 else { return }
        let first = row(0)
        var changed = [Bool](repeating: false, count: header.count)
        for i in 1..<rowCount {
            for (column, value) in row(i).enumerated() where !changed[column] && value != first[column] {
                changed[column] = true
            }
        }
        let kept = header.indices.filter { changed[$0] }
        var newColumn = [Int?](repeating: nil, count: header.count)
        for (new, old) in kept.enumerated() { newColumn[old] = new }
        columnOfHeading = columnOfHeading.map { $0.flatMap { newColumn[$0] } }
        header = kept.map { header[$0] }
    }
}

/// Natural order: digit runs compare as numbers (`x2` before `x10`), as Guild's natsort does;
/// like natsort's split into text and number chunks, a text chunk that ends where the other
/// goes on comes first (`op3.py` before `op.py`).
func naturalLess(_ a: String, _ b: String) -> Bool {
    var i = a.utf8.makeIterator()
    var j = b.utf8.makeIterator()
    var x = i.next()
    var y = j.next()
    while let c = x, let d = y {
        if isDigit(c) && isDigit(d) {
            var m = 0
            var n = 0
            var cx: UInt8? = c
            var dy: UInt8? = d
            while let v = cx, isDigit(v) {
                m = m &* 10 &+ Int(v - 48)
                cx = i.next()
            }
            while let v = dy, isDigit(v) {
                n = n &* 10 &+ Int(v - 48)
                dy = j.next()
            }
            if m != n { return m < n }
            x = cx
            y = dy
            continue
        }
        if isDigit(c) != isDigit(d) { return isDigit(c) }
        if c != d { return c < d }
        x = i.next()
        y = j.next()
    }
    return x == nil && y != nil
}

private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
