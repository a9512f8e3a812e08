import Foundation
import GRDB
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

    /// What a listing with details shows of each run, and the attrs it read.
    private func detailed(_ store: RunStore, _ warnings: inout [String]) -> [String] {
        let attributes = ["flags", "tags", "stopped", "started", "sourcecode_digest"]
        var seen: [String] = []
        let result = store.allRuns(withDetails: true, attributes: attributes) { seen.append($0) }
        warnings += seen
        return result.map { summary in
            let details = summary.details!
            let attrs = attributes.map { name in
                "\(name)=\(summary.preloaded.text(of: name) == nil ? "?" : summary.attribute(name)?.flowEncoded() ?? "-")"
            }
            return ["\(summary.run.id)", details.status.rawValue, details.label, "\(details.isMarked)", "\(summary.isBatch)"]
                .joined(separator: " ") + " " + attrs.joined(separator: " ")
        }
    }

    private var freshStore: RunStore {
        var store = RunStore(runsDirectory: runs)
        store.indexedFrom = Int.max
        return store
    }

    @Test("status, label, mark, tags, flags and batch kind changed behind the index list as a fresh read lists them")
    func detailsFollowTheirFiles() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try makeRun("aaa", op: "train", started: 100)
        try rewrite("aaa", "exit_status", "0\n")
        try rewrite("aaa", "flags", "lr: 0.1\n")
        try makeRun("bbb", op: "train", started: 200)
        try rewrite("bbb", "exit_status", "1\n")
        try rewrite("bbb", "label", "first\n")
        var warnings: [String] = []
        let steps: [(String, () throws -> Void)] = [
            ("nothing changed", {}),
            ("label rewritten in place", { try self.rewrite("bbb", "label", "other\n") }),
            ("label made", { try self.rewrite("aaa", "label", "new one\n") }),
            ("label removed", { try FileManager.default.removeItem(atPath: self.attr("bbb", "label")) }),
            ("marked", { try self.rewrite("aaa", "marked", "true\n") }),
            ("tags made", { try self.rewrite("bbb", "tags", "- x\n- y\n") }),
            ("flags rewritten", { try self.rewrite("aaa", "flags", "lr: 0.2\n") }),
            ("exit status rewritten", { try self.rewrite("bbb", "exit_status", "-15\n") }),
            ("stopped made", { try self.rewrite("bbb", "stopped", "300\n") }),
            ("digest made (not remembered)", { try self.rewrite("aaa", "sourcecode_digest", "abc\n") }),
            ("exit status removed", { try FileManager.default.removeItem(atPath: self.attr("aaa", "exit_status")) }),
            ("locked by this live process", { try self.guildFile("aaa", "LOCK", "\(getpid())") }),
            ("locked by a dead pid", { try self.guildFile("aaa", "LOCK", "999999999") }),
            ("unlocked", { try FileManager.default.removeItem(atPath: self.runs.path + "/aaa/.guild/LOCK") }),
            ("staged", { try self.guildFile("bbb", "STAGED", "") }),
            ("made a batch", {
                try FileManager.default.createDirectory(
                    atPath: self.runs.path + "/aaa/.guild/proto", withIntermediateDirectories: true)
            }),
        ]
        for (step, change) in steps {
            // File times are coarser than the clock: let each change land in a later tick.
            Thread.sleep(forTimeInterval: 0.02)
            try change()
            let indexed = detailed(store, &warnings)
            #expect(indexed == detailed(freshStore, &warnings), "after: \(step)")
            #expect(detailed(store, &warnings) == indexed, "listed again from the index after: \(step)")
        }
        #expect(detailed(store, &warnings).first?.hasPrefix("bbb staged  false false") == true)
        #expect(warnings.isEmpty)
    }

    @Test("a run with an attr too long to remember is listed from its files every time")
    func longAttrsAreNotRemembered() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try makeRun("aaa", op: "train", started: 100)
        try makeRun("bbb", op: "train", started: 200)
        try rewrite("aaa", "label", String(repeating: "x", count: RunIndexDetails.maxRememberedSize + 1) + "\n")
        var warnings: [String] = []
        let first = detailed(store, &warnings)
        #expect(first == detailed(freshStore, &warnings))
        let entries = try storedEntries(&warnings)
        #expect(entries["aaa"] != nil && entries["aaa"]?.details == nil)
        #expect(entries["bbb"]?.details != nil)
        try rewrite("aaa", "label", "short\n")
        #expect(detailed(store, &warnings).last?.contains(" short ") == true)
        #expect(warnings.isEmpty)
    }

    @Test("stored details that do not decode are read again, not trusted")
    func garbledDetailsAreReadAgain() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try makeRun("aaa", op: "train", started: 100)
        try rewrite("aaa", "label", "kept\n")
        var warnings: [String] = []
        let first = detailed(store, &warnings)
        let stored = try storedEntries(&warnings)["aaa"]!
        for bytes in [[], [1, 2, 3], Array(stored.details!.dropLast()), stored.details! + [0]] as [[UInt8]] {
            #expect(RunIndexDetails(encoded: bytes) == nil)
        }
        #expect(RunIndexDetails(encoded: stored.details!) != nil)
        #expect(detailed(store, &warnings) == first)
        #expect(warnings.isEmpty)
    }

    /// What the index file holds now, details included.
    private func storedEntries(_ warnings: inout [String]) throws -> [String: RunIndex.StoredEntry] {
        var seen: [String] = []
        let entries = try RunIndex(cacheDirectory: home.appendingPathComponent("cache")) { seen.append($0) }
            .load(withDetails: true).entries
        warnings += seen
        return entries
    }

    private func attr(_ id: String, _ name: String) -> String { runs.path + "/\(id)/.guild/attrs/\(name)" }

    private func guildFile(_ id: String, _ name: String, _ text: String) throws {
        try text.write(toFile: runs.path + "/\(id)/.guild/\(name)", atomically: false, encoding: .utf8)
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

    @Test("an index damaged past its first page is rebuilt with a warning when its rows are read")
    func damagedPagesAreRebuilt() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        for i in 0..<300 { try makeRun(String(format: "run%03d", i), op: "train", started: i) }
        var warnings: [String] = []
        let first = listing(&warnings)
        let before = detailed(store, &warnings)
        // Garble every page but the first (the header and schema), as a power loss might.
        var bytes = try Data(contentsOf: indexFile)
        #expect(bytes.count > 8192)
        for i in stride(from: 4096, to: bytes.count, by: 7) { bytes[i] = 0xa5 }
        try bytes.write(to: indexFile)
        #expect(detailed(store, &warnings) == before)
        #expect(warnings.count == 1 && warnings.first?.contains("is unreadable") == true, "\(warnings)")
        warnings = []
        #expect(listing(&warnings) == first)
        #expect(detailed(store, &warnings) == before)
        #expect(warnings.isEmpty, "\(warnings)")
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

    @Test("an index another process holds locked is bypassed with a warning, after the busy timeout")
    func lockedIndexIsBypassed() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        for (i, id) in ["aaa", "bbb"].enumerated() { try makeRun(id, op: "train", started: i) }
        var warnings: [String] = []
        let first = listing(&warnings)
        let holder = try DatabaseQueue(path: indexFile.path)
        try holder.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            #expect(listing(&warnings) == first)
            #expect(detailed(store, &warnings).count == 2)
            try db.execute(sql: "ROLLBACK")
        }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.contains("cannot be used") && $0.contains("reading every run") })
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
