import Foundation
import Testing

@testable import GuildKit

/// The run index never changes what a listing shows: runs added, deleted and rewritten in
/// place behind its back, and a damaged index file, give the listing a fresh read would.
@Suite struct RunIndexTests {
    private let home = FileManager.default.temporaryDirectory.appendingPathComponent("run-index-\(UUID().uuidString)")
    private var runs: URL { home.appendingPathComponent("runs") }
    private var indexFile: URL { home.appendingPathComponent("cache/\(RunIndex.fileName)") }

    private func makeRun(_ id: String, op: String, started: Int) throws {
        let dir = runs.appendingPathComponent("\(id)/.guild/attrs")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "guildfile:/p/guild.yml abc '' \(op)\n".write(
            to: dir.deletingLastPathComponent().appendingPathComponent("opref"), atomically: false, encoding: .utf8)
        try rewrite(id, "started", "\(started)\n")
    }

    /// Writes attr `name` in place, as Guild AI does (no rename, so no directory mtime change).
    private func rewrite(_ id: String, _ name: String, _ text: String) throws {
        let path = runs.appendingPathComponent("\(id)/.guild/attrs/\(name)").path
        let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)!
        }()
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// The store as `guild runs` uses it, indexing from the first run and trusting what it just read.
    private var store: RunStore {
        var store = RunStore(runsDirectory: runs)
        store.indexedFrom = 0
        store.indexSettledAge = 0
        return store
    }

    private func listing(_ warnings: inout [String]) -> [String] {
        var seen: [String] = []
        let result = store.allRuns { seen.append($0) }
        warnings += seen
        return result.map { "\($0.run.id) \($0.opref.operationName) \($0.timestamp ?? -1)" }
    }

    private func freshListing() -> [String] {
        var store = RunStore(runsDirectory: runs)
        store.indexedFrom = Int.max
        return store.allRuns().map { "\($0.run.id) \($0.opref.operationName) \($0.timestamp ?? -1)" }
    }

    @Test func addedDeletedAndRewrittenRunsListAsAFreshReadListsThem() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try makeRun("aaa", op: "prepare", started: 100)
        try makeRun("bbb", op: "train", started: 200)
        var warnings: [String] = []
        #expect(listing(&warnings) == ["bbb train 200", "aaa prepare 100"])
        #expect(FileManager.default.fileExists(atPath: indexFile.path))

        try makeRun("ccc", op: "train", started: 150)
        #expect(listing(&warnings) == ["bbb train 200", "ccc train 150", "aaa prepare 100"])

        try FileManager.default.removeItem(at: runs.appendingPathComponent("bbb"))
        #expect(listing(&warnings) == ["ccc train 150", "aaa prepare 100"])

        // A restart rewrites `started` in place: same length, later value, after the tick moved.
        Thread.sleep(forTimeInterval: 0.02)
        try rewrite("aaa", "started", "300\n")
        #expect(listing(&warnings) == ["aaa prepare 300", "ccc train 150"])
        #expect(listing(&warnings) == freshListing())

        // A staged run has no `started`: it lists by `initialized` and is read every time.
        try FileManager.default.createDirectory(
            at: runs.appendingPathComponent("ddd/.guild/attrs"), withIntermediateDirectories: true)
        try "guildfile:/p/guild.yml abc '' train\n".write(
            to: runs.appendingPathComponent("ddd/.guild/opref"), atomically: false, encoding: .utf8)
        try rewrite("ddd", "initialized", "50\n")
        #expect(listing(&warnings) == ["aaa prepare 300", "ccc train 150", "ddd train 50"])
        try rewrite("ddd", "started", "400\n")
        #expect(listing(&warnings) == ["ddd train 400", "aaa prepare 300", "ccc train 150"])
        #expect(warnings.isEmpty)
    }

    @Test("runs of many ops (more than the index matches as bytes) list with their own ops from the index")
    func manyOperations() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        for i in 0..<40 { try makeRun(String(format: "r%02d", i), op: "op\(i % 20)", started: 1000 + i) }
        var warnings: [String] = []
        let first = listing(&warnings)
        #expect(first == freshListing())
        #expect(listing(&warnings) == first) // now from the index
        #expect(first.first == "r39 op19 1039" && first.last == "r00 op0 1000")
        #expect(warnings.isEmpty)
    }

    @Test("a garbage index file is rebuilt with a warning; the listing is unchanged")
    func damagedIndexIsRebuilt() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        for (i, id) in ["aaa", "bbb", "ccc"].enumerated() { try makeRun(id, op: "train", started: i) }
        var warnings: [String] = []
        let first = listing(&warnings)
        try Data(repeating: 0x5a, count: 4096).write(to: indexFile)
        #expect(listing(&warnings) == first)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("is unreadable") == true)
        #expect(warnings.first?.contains(indexFile.path) == true)
        warnings = []
        #expect(listing(&warnings) == first)
        #expect(warnings.isEmpty)
    }

    @Test("an index that cannot be opened is bypassed with a warning")
    func unusableIndexIsBypassed() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try makeRun("aaa", op: "train", started: 1)
        try FileManager.default.createDirectory(at: indexFile, withIntermediateDirectories: true)
        var warnings: [String] = []
        #expect(listing(&warnings) == ["aaa train 1"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("reading every run") == true)
    }

    @Test("runs by id prefix: only names that start with a prefix are read, dot entries never")
    func runsByIdPrefix() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        for (i, id) in ["abc1", "abd2", "bcd3", ".abc4"].enumerated() { try makeRun(id, op: "train", started: i) }
        let store = RunStore(runsDirectory: runs)
        #expect(store.runs(idPrefixes: ["ab"]).map(\.run.id) == ["abd2", "abc1"])
        #expect(store.runs(idPrefixes: ["abc", "bc"]).map(\.run.id) == ["bcd3", "abc1"])
        #expect(store.runs(idPrefixes: [""]).count == 3)
        #expect(store.runs(idPrefixes: [".a", "x"]).isEmpty)
    }
}
