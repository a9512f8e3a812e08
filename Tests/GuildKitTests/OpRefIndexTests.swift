import Foundation
import Testing

@testable import GuildKit

@Suite struct OpRefIndexTests {
    private func makeRun(_ runs: URL, _ id: String, op: String) throws {
        let dir = runs.appendingPathComponent("\(id)/.guild")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "guildfile:/p/guild.yml abc '' \(op)\n".write(
            to: dir.appendingPathComponent("opref"), atomically: true, encoding: .utf8)
    }

    private func entries(_ index: OpRefIndex, suffix: String? = nil) -> [String: String] {
        var out: [String: String] = [:]
        index.forEach(lineSuffix: suffix) { out[$0] = $1 }
        return out
    }

    @Test func addedAndRemovedRunsAreSeenAndOtherOpsFilteredByLineEnd() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("opref-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let runs = home.appendingPathComponent("runs")
        try makeRun(runs, "aaa", op: "prepare")
        try makeRun(runs, "bbb", op: "train")
        // A clock 10 s ahead lets the index trust the directory's mtime at once.
        let index = OpRefIndex(runsDirectory: runs, now: { Date().addingTimeInterval(10) })
        #expect(
            entries(index) == [
                "aaa": "guildfile:/p/guild.yml abc '' prepare", "bbb": "guildfile:/p/guild.yml abc '' train",
            ])
        let file = home.appendingPathComponent("cache/opref-index").path
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# v2 "))
        #expect(!(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# v2 unsettled ")))

        try makeRun(runs, "ccc", op: "prepare")
        #expect(entries(index, suffix: " prepare").keys.sorted() == ["aaa", "ccc"])
        try FileManager.default.removeItem(at: runs.appendingPathComponent("aaa"))
        #expect(entries(index).keys.sorted() == ["bbb", "ccc"])

        // Without a settled mtime the next search lists the directory again.
        let fresh = OpRefIndex(runsDirectory: runs)
        try makeRun(runs, "ddd", op: "train")
        #expect(entries(fresh).count == 3)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# v2 unsettled "))
    }

    @Test("a truncated or altered index is rebuilt: a cache never changes which runs are found")
    func damagedIndexIsRebuilt() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("opref-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let runs = home.appendingPathComponent("runs")
        for (id, op) in [("aaa", "prepare"), ("bbb", "prepare"), ("ccc", "train")] { try makeRun(runs, id, op: op) }
        let index = OpRefIndex(runsDirectory: runs, now: { Date().addingTimeInterval(10) })
        let all = entries(index)
        #expect(all.count == 3)
        let file = home.appendingPathComponent("cache/opref-index").path
        let written = try #require(FileManager.default.contents(atPath: file))
        // Cut in the middle of the last entry: the header still names the runs directory's mtime.
        try written.prefix(written.count - 12).write(to: URL(fileURLWithPath: file))
        #expect(entries(index) == all)
        // One entry altered to name another op.
        let altered = String(decoding: written, as: UTF8.self).replacingOccurrences(of: "'' train", with: "'' prepare")
        try altered.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(entries(index, suffix: " prepare").keys.sorted() == ["aaa", "bbb"])
        #expect(OpRefIndex.verified(Array(try #require(FileManager.default.contents(atPath: file)))) != nil)
    }
}
