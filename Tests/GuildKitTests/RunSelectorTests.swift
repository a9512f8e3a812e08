import Foundation
import Testing

@testable import GuildKit

@Suite struct RunSelectorTests {
    private let runs: [RunSummary] = ["aaaa1111", "aaaa2222", "bbbb3333", "cccc4444"].enumerated().map { i, id in
        RunSummary(
            run: Run(id: id + String(repeating: "0", count: 24), directory: URL(fileURLWithPath: "/r/\(id)")),
            opref: OpRef(
                packageType: "guildfile", packageName: "/p/guild.yml", packageVersion: "x", modelName: "",
                operationName: "t"),
            timestamp: 100 - i)
    }

    private func ids(_ specs: [String], defaultSpec: String = "1") throws -> [String] {
        try RunSelector.select(specs, from: runs, defaultSpec: defaultSpec).map { String($0.run.id.prefix(8)) }
    }

    @Test func indexesAndRanges() throws {
        #expect(try ids([]) == ["aaaa1111"])
        #expect(try ids(["2"]) == ["aaaa2222"])
        #expect(try ids(["2:3"]) == ["aaaa2222", "bbbb3333"])
        #expect(try ids([":2"]) == ["aaaa1111", "aaaa2222"])
        #expect(try ids(["3:"]) == ["bbbb3333", "cccc4444"])
        #expect(try ids([], defaultSpec: ":").count == 4)
    }

    @Test func prefixes() throws {
        #expect(try ids(["bbbb"]) == ["bbbb3333"])
        #expect(throws: GuildError.self) { try ids(["aaaa"]) }
        #expect(throws: GuildError.self) { try ids(["zzzz"]) }
        #expect(try ids(["cccc4444"]) == ["cccc4444"])
    }

    @Test func sortsNewestFirstWithUntimedRunsLast() {
        let shuffled = [runs[2], runs[0], runs[3], runs[1]]
        let untimed = RunSummary(
            run: Run(id: "zz", directory: URL(fileURLWithPath: "/z")), opref: runs[0].opref, timestamp: nil)
        var sorted = shuffled + [untimed]
        RunStore.sortNewestFirst(&sorted)
        #expect(sorted.map(\.run.id) == runs.map(\.run.id) + ["zz"])
    }
}
