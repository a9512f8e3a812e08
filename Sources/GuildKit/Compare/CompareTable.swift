import Foundation

/// The rows of `guild compare`: one per run, columns merged by heading (reference 7.3).
public struct CompareTable: Sendable {
    public var header: [String]
    public var rows: [[YAMLValue]]
    /// The runs, in row order.
    public var runs: [RunSummary]

    static let coreColumns = ".run,.operation,.started,.time,.status,.label"

    /// The attrs every row reads: list the runs with these (`RunLookup.selectOrAll`) to read
    /// them in the listing pass.
    public static let listedAttributes = ["flags", "started", "stopped"]

    /// Builds the table for `runs` (newest first).
    /// - Parameters:
    ///   - scalars: the scalar summaries of a run.
    ///   - warn: told about bad `compare:` column specs in a guildfile.
    /// - Throws: `GuildError` for a bad column spec.
    public static func make(
        runs: [RunSummary], options: CompareOptions, now: Date = Date(),
        warn: @escaping @Sendable (String) -> Void = { _ in },
        scalars: ([Run]) throws -> [[ScalarSummary]] = readScalars
    ) throws -> CompareTable {
        let strict = options.strictColumns != nil
        let core =
            try CompareColumn.parse(options.skipCore || strict ? ".run" : coreColumns)
            + (options.extraColumns ? try CompareColumn.parse(".sourcecode") : [])
        let user = try CompareColumn.parse(options.strictColumns ?? options.columns ?? "")
        let included = options.includeBatch ? runs : runs.filter { !$0.isBatch }
        let runScalars = try scalars(included.map(\.run))
        let allScalars = options.allScalars
        let opColumns = OperationCompareColumns(warn: warn)
        // Each run's cells, section by section (core, op, user).
        let cells = ParallelMap.map(Array(zip(included, runScalars))) { summary, scalars in
            let flags = summary.attribute("flags")?.mapValue ?? [:]
            let values = RunColumnValues(summary: summary, flags: flags, scalars: scalars, now: now)
            let op =
                strict
                ? [] : opColumns.columns(for: summary.opref) ?? defaultOperationColumns(values, allScalars: allScalars)
            return [core, op, user].map { $0.map { ($0.header, values.value($0)) } }
        }
        let header = headings(of: cells)
        let position = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        var rows = ParallelMap.map(cells) { run in row(of: run, header: position) }
        var ordered = included
        if let column = options.minColumn ?? options.maxColumn {
            guard let index = header.firstIndex(of: column) else {
                throw GuildError("no such column '\(column)' - columns are: \(header.joined(separator: ", "))")
            }
            let order = rows.indices.sorted {
                less(rows[$0][index], rows[$1][index], descending: options.maxColumn != nil)
            }
            rows = order.map { rows[$0] }
            ordered = order.map { ordered[$0] }
        }
        if let top = options.top {
            rows = Array(rows.prefix(top))
            ordered = Array(ordered.prefix(top))
        }
        var table = CompareTable(header: header, rows: rows, runs: ordered)
        if options.skipUnchanged { table.dropUnchangedColumns() }
        return table
    }

    /// Each run's scalars read from its event files, without an index.
    public static func readScalars(_ runs: [Run]) -> [[ScalarSummary]] {
        ParallelMap.map(runs) { RunScalars.read(runDirectory: $0.directory).summaries }
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

    /// The headings of each section (core, op, user) over all runs before the next section's.
    private static func headings(of cells: [[[(String, YAMLValue)]]]) -> [String] {
        var header: [String] = []
        var seen: Set<String> = []
        for section in 0..<3 {
            for run in cells {
                for (name, _) in run[section] where seen.insert(name).inserted { header.append(name) }
            }
        }
        return header
    }

    /// A run's row: under each heading, the cell of the last section holding a non-null cell of
    /// that name; within a section, the leftmost.
    private static func row(of sections: [[(String, YAMLValue)]], header position: [String: Int]) -> [YAMLValue] {
        var row = [YAMLValue](repeating: .null, count: position.count)
        var filled = [Bool](repeating: false, count: position.count)
        for section in sections.reversed() {
            for (name, value) in section where !value.isNull {
                let i = position[name]!
                if !filled[i] {
                    row[i] = value
                    filled[i] = true
                }
            }
        }
        return row
    }

    /// Sorting for `--min`/`--max`: missing values last; numbers by value, anything else as text.
    private static func less(_ a: YAMLValue, _ b: YAMLValue, descending: Bool) -> Bool {
        if a.isNull || b.isNull { return !a.isNull && b.isNull }
        if let x = a.doubleValue, let y = b.doubleValue { return descending ? x > y : x < y }
        let x = a.stringValue ?? a.flowEncoded()
        let y = b.stringValue ?? b.flowEncoded()
        return descending ? pyLess(y, x) : pyLess(x, y)
    }

    private mutating func dropUnchangedColumns() {
        guard rows.count > 1 else { return }
        let keep = header.indices.filter { i in Set(rows.map { $0[i] }).count > 1 }
        header = keep.map { header[$0] }
        rows = rows.map { row in keep.map { row[$0] } }
    }
}

/// Natural order: digit runs compare as numbers (`x2` before `x10`), as Guild's natsort does.
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
        if c != d { return c < d }
        x = i.next()
        y = j.next()
    }
    return x == nil && y != nil
}

private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
