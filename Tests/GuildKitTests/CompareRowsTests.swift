import Foundation
import Testing
@testable import GuildKit

struct CompareRowsTests {
    @Test("packed rows give back every value, stored in any order, under the headings of their layout")
    func packedRoundTrip() {
        let values: [YAMLValue] = [
            .bool(true), .bool(false), .int(0), .int(Int.min), .int(Int.max), .float(-0.0), .float(.infinity),
            .float(1e-300), .string(""), .string("é ☃ \u{0}"), .string(String(repeating: "x", count: 300)),
            .list([.int(1), .string("a")]), .map(["k": .float(0.5)]),
        ]
        var rows = PackedRows(count: 3)
        // Row 2 is stored first; its places 0...12 are headings 100...112.
        let places = values.enumerated().map { (place: $0.offset, value: $0.element) }
        rows.set(2, PackedRows.encode(places), layout: Array(100..<113))
        rows.set(0, PackedRows.encode([(1, .null), (0, .list([.null]))]), layout: [7, 8])
        var cells: [(Int, YAMLValue)] = []
        rows.forEachCell(of: 2) { cells.append(($0, $1)) }
        #expect(cells.map(\.0) == Array(100..<113))
        #expect(cells.map(\.1) == values)
        #expect(rows.value(of: 2, heading: 105).doubleValue?.sign == .minus)
        #expect(rows.value(of: 0, heading: 7) == .list([.null]))
        #expect(rows.value(of: 0, heading: 8) == .null)
        rows.forEachCell(of: 1) { _, _ in Issue.record("row 1 holds no cells") }
        var nan: YAMLValue = .null
        var one = PackedRows(count: 1)
        one.set(0, PackedRows.encode([(0, .float(.nan))]), layout: [0])
        one.forEachCell(of: 0) { nan = $1 }
        #expect(nan.doubleValue?.isNaN == true)
    }

    @Test("headings come section by section, each in the order of the first run (newest first) that has it, whatever order runs are met in")
    func headingOrder() {
        var headings = CompareHeadings(sections: 2)
        // Run 1 first: its headings are then placed after those of run 0, met later.
        _ = headings.ids(of: ["run", "lr"], section: 0, run: 1)
        _ = headings.ids(of: ["run", "x"], section: 0, run: 0)
        _ = headings.ids(of: ["loss", "lr"], section: 1, run: 0)
        _ = headings.ids(of: ["acc"], section: 1, run: 1)
        _ = headings.ids(of: ["run", "x"], section: 0, run: 2)
        #expect(headings.ordered().map { headings.names[$0] } == ["run", "x", "lr", "loss", "acc"])
        #expect(headings.ids(of: ["x", "run"], section: 0, run: 3) == [headings.ids(of: ["x"], section: 0, run: 3)[0], 0])
    }

    @Test("strings in the byte order of their UTF-8, shared prefix or not")
    func utf8Ordering() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "b", "/", "!", "é", "\u{0}", "☃", "0", "Z"]
        for prefix in ["", "/home/runs/", "/home/runs/abcdefgh"] {
            let strings = (0..<300).map { _ in
                prefix + (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement()! }.joined()
            }
            let order = utf8Order(strings)
            #expect(order.sorted() == Array(strings.indices))
            let sorted = order.map { strings[$0] }
            #expect(sorted == strings.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        }
        #expect(utf8Order([]) == [])
        #expect(utf8Less("ab", "ab\u{0}") && !utf8Less("b", "ab") && !utf8Less("", ""))
    }

    @Test("a table built from chunks met in any order is the table one chunk builds: headings, rows, sorting, -u")
    func chunksInAnyOrder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("compare-chunks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let flags: [[String: YAMLValue]] = [
            ["a": .int(1), "b": .float(0.5)], ["c": .string("x, y")], ["b": .float(0.25), "d": .bool(true)], [:],
            ["a": .int(2), "e": .list([.int(1)])], ["b": .null],
        ]
        for (n, flags) in flags.enumerated() {
            let writer = RunWriter(run: Run(id: "run\(n)", directory: root.appendingPathComponent("runs/run\(n)")))
            try writer.createDirectories()
            try writer.writeOpRef(try OpRef(parsing: "guildfile:/p/guild.yml 0 '' train"))
            try writer.writeAttribute("flags", .map(flags))
            try writer.writeAttribute("started", .int(1_700_000_000_000_000 + n * 1_000_000))
            try writer.finish(exitStatus: n == 3 ? 1 : 0, stopped: Date(timeIntervalSince1970: 1_700_000_100 + Double(n)))
        }
        let runs = RunStore(runsDirectory: root.appendingPathComponent("runs")).allRuns(
            withDetails: true, attributes: CompareTable.listedAttributes)
        #expect(runs.count == flags.count)
        let scalars: (Int) -> [ScalarSummary] = { n in
            n % 2 == 0 ? [ScalarSummary(directory: "", tag: "loss", value: Double(n), step: n)] : []
        }
        func table(_ options: CompareOptions, chunks: [[Int]]) throws -> CompareTable {
            try CompareTable.make(
                runs: runs, options: options, now: Date(timeIntervalSince1970: 1_800_000_000),
                scalars: { runs, body in
                    for chunk in chunks { try body(chunk, chunk.map { scalars(Int(runs[$0].id.dropFirst(3))!) }) }
                })
        }
        var variants = [CompareOptions()]
        variants.append(CompareOptions())
        variants[1].maxColumn = "b"
        variants[1].top = 4
        variants.append(CompareOptions())
        variants[2].skipUnchanged = true
        variants[2].columns = "=a as b,min loss"
        for options in variants {
            let whole = try table(options, chunks: [Array(runs.indices)])
            let reversed = try table(options, chunks: runs.indices.reversed().map { [$0] })
            let pairs = try table(options, chunks: [[4, 1], [5, 0], [3, 2]])
            for other in [reversed, pairs] {
                #expect(other.header == whole.header)
                #expect((0..<whole.rowCount).map(whole.row) == (0..<other.rowCount).map(other.row))
                #expect(other.runs.map(\.run.id) == whole.runs.map(\.run.id))
                #expect(other.csv() == whole.csv())
            }
        }
        let plain = try table(CompareOptions(), chunks: runs.indices.reversed().map { [$0] })
        // Newest first: run5's headings lead; each flag heading where the first run showing it puts it.
        #expect(plain.header == ["run", "operation", "started", "time", "status", "label", "b", "a", "e", "step", "loss", "d", "c"])
        #expect(plain.row(1)[plain.header.firstIndex(of: "e")!] == .list([.int(1)]))
        #expect(plain.csv().contains("\"x, y\""))
    }
}
