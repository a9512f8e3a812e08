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
        second.readEventFile = { url in
            reads.withLock { $0 += 1 }
            return EventFileReader.read(url: url)
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
}
