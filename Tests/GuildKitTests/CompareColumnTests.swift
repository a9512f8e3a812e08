import Testing
@testable import GuildKit

struct CompareColumnTests {
    @Test("flags, attrs and scalars with qualifiers, steps, prefixes and headings")
    func parse() throws {
        #expect(
            try CompareColumn.parse("=lr, flag:epochs,.status, attr:label as L") == [
                .flag(name: "lr", header: "lr"), .flag(name: "epochs", header: "epochs"),
                .attr(name: "status", header: "status"), .attr(name: "label", header: "L"),
            ])
        #expect(
            try CompareColumn.parse("loss, min loss as best, max val#acc step, scalar:count loss, 'last' loss") == [
                .scalar(qualifier: .last, key: "loss", step: false, header: "loss"),
                .scalar(qualifier: .min, key: "loss", step: false, header: "best"),
                .scalar(qualifier: .max, key: "val#acc", step: true, header: "val acc step"),
                .scalar(qualifier: .count, key: "loss", step: false, header: "loss"),
                .scalar(qualifier: .last, key: "loss", step: false, header: "loss"),
            ])
        #expect(try CompareColumn.parse("") == [])
    }

    @Test("a part that is not a column is an error naming it")
    func errors() {
        #expect(throws: GuildError.self) { try CompareColumn.parse("loss,foo bar baz") }
        #expect(
            throws: GuildError(
                "invalid column spec 'avg loss step': step is only available for first, last, min and max")
        ) { try CompareColumn.parse("avg loss step") }
        #expect(throws: GuildError.self) { try CompareColumn.parse("'loss") }
    }

    @Test("natural order puts x2 before x10, and a text chunk that ends first before one that goes on")
    func natural() {
        #expect(["x10", "x2", "a"].sorted(by: naturalLess) == ["a", "x2", "x10"])
        // natsort 8.4's order (Guild AI's), checked with it.
        let names = ["op.py", "op3.py", "a-1", "a1", "a10", "a2", "x", "x1", "1a", "a", "B", "b", "a b", "a_1", "a.1"]
        #expect(
            names.sorted(by: naturalLess) == [
                "1a", "B", "a", "a1", "a2", "a10", "a b", "a-1", "a.1", "a_1", "b", "op3.py", "op.py", "x", "x1",
            ])
    }
}
