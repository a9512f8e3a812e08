import Foundation
import Synchronization
import Testing
@testable import GuildKit

struct ScalarIndexTests {
    @Test("the index gives what reading the files gives, and rereads a file whose size changed")
    func invalidation() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scalar-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = Run(id: "r1", directory: root.appendingPathComponent("runs/r1"))
        let events = run.guildDirectory
        try FileManager.default.createDirectory(at: events, withIntermediateDirectories: true)
        let val = run.directory.appendingPathComponent("val")
        try FileManager.default.createDirectory(at: val, withIntermediateDirectories: true)
        let writer = try EventFileWriter(directory: events)
        for step in 0..<5 { writer.addScalar(tag: "loss", value: Double(5 - step), step: step) }
        writer.flush()
        let valWriter = try EventFileWriter(directory: val)
        valWriter.addScalar(tag: "acc", value: 0.5, step: 1)
        valWriter.close()

        let index = try ScalarIndex(cacheDirectory: root.appendingPathComponent("cache"))
        let first = try index.summaries(for: [run])[0]
        #expect(first == RunScalars.read(runDirectory: run.directory).summaries)
        #expect(first.map(\.key) == ["loss", "val#acc"])
        #expect(first[0].last == 1 && first[0].lastStep == 4 && first[0].min == 1 && first[0].count == 5)

        // A second index on the same files answers from the database, reading none of them.
        let reads = Mutex(0)
        var second = try ScalarIndex(cacheDirectory: root.appendingPathComponent("cache"))
        second.readEventFile = { path in
            reads.withLock { $0 += 1 }
            return EventFileSummarizer.summarize(path: path)
        }
        #expect(try second.summaries(for: [run])[0] == first)
        #expect(reads.withLock { $0 } == 0)

        writer.addScalar(tag: "loss", value: 0.25, step: 9)
        writer.close()
        let updated = try second.summaries(for: [run])[0]
        #expect(reads.withLock { $0 } == 1)
        #expect(updated[0].last == 0.25 && updated[0].lastStep == 9 && updated[0].count == 6)
        #expect(updated == RunScalars.read(runDirectory: run.directory).summaries)
    }

    @Test("a remembered walk is reused while the run's directories keep their mtimes, and redone when one changes")
    func rememberedWalks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scalar-walks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let anHourAgo = Date(timeIntervalSinceNow: -3600)
        let run = try runWithLoss("r1", under: root, changed: anHourAgo)

        let index = try ScalarIndex(cacheDirectory: root.appendingPathComponent("cache"))
        #expect(try index.summaries(for: [run])[0].map(\.key) == ["loss"])
        #expect(try index.rememberedRuns() == [run.path])

        // A new event directory whose parent gets its old mtime back stays unseen: the walk is
        // not redone.
        let val = run.directory.appendingPathComponent("val")
        try FileManager.default.createDirectory(at: val, withIntermediateDirectories: true)
        let valWriter = try EventFileWriter(directory: val)
        valWriter.addScalar(tag: "acc", value: 0.5, step: 1)
        valWriter.close()
        try setModified(anHourAgo, run.directory)
        #expect(try index.summaries(for: [run])[0].map(\.key) == ["loss"])

        try setModified(Date(timeIntervalSinceNow: -1800), run.directory)
        #expect(try index.summaries(for: [run])[0].map(\.key) == ["loss", "val#acc"])
        #expect(try index.summaries(for: [run])[0] == RunScalars.read(runDirectory: run.directory).summaries)
    }

    @Test("a walk of a directory changed just now is not remembered; every-run summaries forget removed runs")
    func unsettledAndRemovedRuns() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scalar-forget-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let runs = try ["r1", "r2"].map { id in
            let run = Run(id: id, directory: root.appendingPathComponent("runs/\(id)"))
            try FileManager.default.createDirectory(at: run.guildDirectory, withIntermediateDirectories: true)
            let writer = try EventFileWriter(directory: run.guildDirectory)
            writer.addScalar(tag: "loss", value: 1, step: 1)
            writer.close()
            return run
        }
        let index = try ScalarIndex(cacheDirectory: root.appendingPathComponent("cache"))
        _ = try index.summaries(for: runs)
        #expect(try index.rememberedRuns().isEmpty)

        try setModified(Date(timeIntervalSinceNow: -3600), runs[0].directory, runs[0].guildDirectory)
        try setModified(Date(timeIntervalSinceNow: -3600), runs[1].directory, runs[1].guildDirectory)
        _ = try index.summaries(for: runs)
        #expect(try index.rememberedRuns() == runs.map(\.path))

        try FileManager.default.removeItem(at: runs[1].directory)
        _ = try index.summaries(for: [runs[0]])
        #expect(try index.rememberedRuns() == runs.map(\.path))
        _ = try index.summaries(for: [runs[0]], everyRun: true)
        #expect(try index.rememberedRuns() == [runs[0].path])
    }

    @Test("chunk by chunk, each run gets what one pass gives, reads of the index stay in their chunk, and runs removed between and around chunks are forgotten")
    func chunks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scalar-chunks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let ids = ["a0", "b1", "b2", "c3", "d4", "d5", "e6", "f7"]
        let runs = try ids.enumerated().map { n, id in
            let run = Run(id: id, directory: root.appendingPathComponent("runs/\(id)"))
            try FileManager.default.createDirectory(at: run.guildDirectory, withIntermediateDirectories: true)
            let writer = try EventFileWriter(directory: run.guildDirectory)
            for step in 0...n { writer.addScalar(tag: "loss", value: Double(n * 10 + step), step: step) }
            writer.close()
            try setModified(Date(timeIntervalSinceNow: -3600), run.directory, run.guildDirectory)
            return run
        }
        let reads = Mutex(0)
        var index = try ScalarIndex(cacheDirectory: root.appendingPathComponent("cache"))
        index.readEventFile = { path in
            reads.withLock { $0 += 1 }
            return EventFileSummarizer.summarize(path: path)
        }
        let expected = runs.map { RunScalars.read(runDirectory: $0.directory).summaries }
        // Shuffled: chunks follow the directories' order, positions say where each run was.
        let shuffled = [5, 2, 7, 0, 3, 6, 1, 4].map { runs[$0] }
        var seen: [Int] = []
        try index.forEachChunk(of: shuffled, chunkSize: 3) { positions, summaries in
            #expect(positions.count <= 3)
            for (position, summaries) in zip(positions, summaries) {
                #expect(summaries == RunScalars.read(runDirectory: shuffled[position].directory).summaries)
            }
            seen += positions
        }
        #expect(seen.sorted() == Array(0..<8))
        #expect(seen.map { shuffled[$0].id } == ids)
        #expect(reads.withLock { $0 } == 8)
        // A second pass in chunks of another size reads every file from the index.
        #expect(try index.summaries(for: runs) == expected)
        var again: [[ScalarSummary]] = Array(repeating: [], count: 8)
        try index.forEachChunk(of: runs, chunkSize: 2) { positions, summaries in
            for (position, summaries) in zip(positions, summaries) { again[position] = summaries }
        }
        #expect(again == expected)
        #expect(reads.withLock { $0 } == 8)
        #expect(try index.rememberedRuns() == runs.map(\.path))

        // Removed: the first, two between chunk boundaries and the last.
        for id in ["a0", "b2", "c3", "f7"] {
            try FileManager.default.removeItem(at: root.appendingPathComponent("runs/\(id)"))
        }
        let left = runs.filter { ["b1", "d4", "d5", "e6"].contains($0.id) }
        try index.forEachChunk(of: left, everyRun: true, chunkSize: 1) { _, _ in }
        #expect(try index.rememberedRuns() == left.map(\.path))
        #expect(try index.summaries(for: left) == left.map { RunScalars.read(runDirectory: $0.directory).summaries })
        #expect(reads.withLock { $0 } == 8)
    }

    @Test("no runs, every run: what the index holds of removed runs is forgotten")
    func noRunsLeft() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scalar-none-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try runWithLoss("r1", under: root)
        let index = try ScalarIndex(cacheDirectory: root.appendingPathComponent("cache"))
        _ = try index.summaries(for: [run])
        #expect(try index.rememberedRuns() == [run.path])
        try FileManager.default.removeItem(at: run.directory)
        var calls = 0
        try index.forEachChunk(of: [], everyRun: true) { positions, _ in
            #expect(positions.isEmpty)
            calls += 1
        }
        #expect(calls == 1)
        #expect(try index.rememberedRuns().isEmpty)
    }

    /// A run under `root/runs` with one `loss` in `.guild`, its directories last changed at
    /// `changed` (an hour ago: settled, its walk is remembered).
    private func runWithLoss(_ id: String, under root: URL, changed: Date = Date(timeIntervalSinceNow: -3600))
        throws -> Run
    {
        let run = Run(id: id, directory: root.appendingPathComponent("runs/\(id)"))
        try FileManager.default.createDirectory(at: run.guildDirectory, withIntermediateDirectories: true)
        let writer = try EventFileWriter(directory: run.guildDirectory)
        writer.addScalar(tag: "loss", value: 1, step: 1)
        writer.close()
        try setModified(changed, run.directory, run.guildDirectory)
        return run
    }

    private func setModified(_ date: Date, _ urls: URL...) throws {
        for url in urls { try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path) }
    }
}
