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
}
