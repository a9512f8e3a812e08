import Foundation
import GRDB

/// Remembers what each event file held — its per-tag summaries — keyed by path, size and
/// mtime, and where each run's event files are, keyed by the mtimes of the directories walked to
/// find them, in `GH/cache/scalars-v2.sqlite`: comparing many runs then reads only new or changed
/// event files and lists only changed directories. (Guild AI keeps its own index in
/// `GH/cache/runs/index_v1.db`; ours is separate.)
public struct ScalarIndex: Sendable {
    private let database: DatabaseQueue
    private let prefetched = Prefetch()
    /// Summarizes an event file the index does not hold (tests count the calls).
    var readEventFile: @Sendable (String) -> (summaries: [ScalarSummary], damaged: Bool) = {
        EventFileSummarizer.summarize(path: $0)
    }
    /// A walk is remembered only when every directory it read was last changed this long (ns)
    /// before the walk began: file times are coarser than the clock, so a directory changed in
    /// the same tick as the walk could change again without its mtime moving.
    var settledAge = 2_000_000_000

    /// Opens (or creates) the index in `cacheDirectory`.
    /// - Throws: when the database cannot be opened or created.
    public init(cacheDirectory: URL) throws {
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        for old in ["scalars-v1.sqlite", "scalars-v1.sqlite-journal"] {
            try? FileManager.default.removeItem(at: cacheDirectory.appendingPathComponent(old))
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabaseQueue(
            path: cacheDirectory.appendingPathComponent("scalars-v2.sqlite").path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS event_files (
                        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
                        damaged INTEGER NOT NULL, summaries BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS run_walks (run TEXT PRIMARY KEY, walk BLOB NOT NULL);
                    """)
        }
    }

    /// Starts reading the index on a thread of its own for the next `summaries`, so that a
    /// caller listing runs meanwhile overlaps the two.
    public func prefetch() {
        let database = database
        prefetched.start { try Self.load(database) }
    }

    /// Each run's summaries, as `RunScalars.read` gives them, from the index where the event
    /// files are unchanged; new and changed files are read and recorded.
    /// - Parameters:
    ///   - everyRun: `runs` are all the runs of the home: what the index holds for run
    ///     directories that no longer exist is dropped.
    ///   - damaged: called once with the path of each event file that could not be read to the
    ///     end (bad CRC, cut-off record); its good records are used.
    public func summaries(for runs: [Run], everyRun: Bool = false, damaged: (String) -> Void = { _ in }) throws
        -> [[ScalarSummary]]
    {
        let stored = try prefetched.take() ?? Self.load(database)
        let walkStart = Int(Date().timeIntervalSince1970 * 1e9)
        var found = ParallelMap.map(runs) { run in Self.eventFiles(of: run, stored: stored) }
        let settled = walkStart - settledAge
        let newWalks = found.compactMap(\.walk).filter { $0.scannedMtimes.allSatisfy { $0 < settled } }
        let read = readStaleFiles(&found)
        let forgotten = everyRun ? Self.missingRuns(Set(stored.walks.keys).subtracting(found.map(\.root))) : []
        if !read.isEmpty || !newWalks.isEmpty || !forgotten.isEmpty {
            try record(read, newWalks, forgetting: forgotten)
        }
        let merged = ParallelMap.map(found) { run in
            let pairs = zip(run.files, run.entries.map { $0! })
            return (
                summaries: ScalarSummary.merged(pairs.map { file, entry in (file.prefix, entry.summaries) }),
                damaged: pairs.filter { $0.1.damaged }.map { file, _ in file.path }
            )
        }
        for path in merged.flatMap(\.damaged) { damaged(path) }
        return merged.map(\.summaries)
    }

    /// Reads the event files the index does not hold unchanged, in parallel, into `found`.
    private func readStaleFiles(_ found: inout [RunEventFiles]) -> [(EventFile, Entry)] {
        let stale = found.indices.flatMap { run in
            found[run].entries.indices.filter { found[run].entries[$0] == nil }.map { (run: run, file: $0) }
        }
        guard !stale.isEmpty else { return [] }
        let readEventFile = readEventFile
        let files = stale.map { found[$0.run].files[$0.file] }
        let read = ParallelMap.map(files) { file in
            let (summaries, damaged) = readEventFile(file.path)
            return (file, Entry(summaries: summaries, damaged: damaged))
        }
        for (position, (_, entry)) in zip(stale, read) { found[position.run].entries[position.file] = entry }
        return read
    }

    struct EventFile: Sendable {
        var path: String
        var prefix: String
        var size: Int
        var mtime: Int
    }

    private struct Entry: Sendable {
        var summaries: [ScalarSummary]
        var damaged = false
    }

    /// What the database holds, as stored: blobs are decoded by the run's worker, in parallel.
    struct Stored: Sendable {
        var walks: [String: [UInt8]] = [:]
        var files: [String: (size: Int, mtime: Int, damaged: Bool, summaries: [UInt8])] = [:]
    }

    /// A run's event files and, for each, its summaries when the index holds them unchanged.
    private struct RunEventFiles: Sendable {
        var root: String
        var files: [EventFile]
        var entries: [Entry?]
        /// A new walk, to be remembered.
        var walk: RememberedWalk?
    }

    /// The event files of `run`, from its remembered walk while no directory of it changed,
    /// else from a new walk, with what the index holds of each.
    private static func eventFiles(of run: Run, stored: Stored) -> RunEventFiles {
        let root = PathText.normalize(run.path)
        var files: [EventFile]
        var newWalk: RememberedWalk? = nil
        if let blob = stored.walks[root], let walk = RememberedWalk(root: root, packed: blob),
            let current = walk.currentFiles()
        {
            files = current
        } else {
            let (directories, scanned) = EventFileWalker.walk(runDirectory: root)
            newWalk = RememberedWalk(root: root, scanned: scanned, directories: directories)
            files = directories.flatMap { directory in
                directory.files.map { file in
                    EventFile(
                        path: directory.path + "/" + file.name, prefix: directory.prefix, size: file.size,
                        mtime: file.mtime)
                }
            }
        }
        let entries = files.map { file -> Entry? in
            guard let row = stored.files[file.path], row.size == file.size, row.mtime == file.mtime,
                let summaries = unpackSummaries(row.summaries)
            else { return nil }
            return Entry(summaries: summaries, damaged: row.damaged)
        }
        return RunEventFiles(root: root, files: files, entries: entries, walk: newWalk)
    }

    private static func missingRuns(_ roots: Set<String>) -> [String] {
        roots.filter { !FastFile.exists($0) }
    }

    private static func load(_ database: DatabaseQueue) throws -> Stored {
        try database.read { db in
            var stored = Stored()
            let walks = try Row.fetchCursor(db, sql: "SELECT run, walk FROM run_walks")
            while let row = try walks.next() {
                stored.walks[row[0]] = try row.withUnsafeData(atIndex: 1) { Array($0 ?? Data()) }
            }
            let files = try Row.fetchCursor(db, sql: "SELECT path, size, mtime, damaged, summaries FROM event_files")
            while let row = try files.next() {
                let summaries = try row.withUnsafeData(atIndex: 4) { Array($0 ?? Data()) }
                stored.files[row[0]] = (row[1], row[2], row[3], summaries)
            }
            return stored
        }
    }

    /// The run directories whose walks the index remembers.
    func rememberedRuns() throws -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT run FROM run_walks ORDER BY run") }
    }

    private func record(_ read: [(EventFile, Entry)], _ walks: [RememberedWalk], forgetting roots: [String]) throws {
        try database.write { db in
            for (file, entry) in read {
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO event_files (path, size, mtime, damaged, summaries) VALUES (?, ?, ?, ?, ?)",
                    arguments: [file.path, file.size, file.mtime, entry.damaged, Data(Self.pack(entry.summaries))]
                )
            }
            for walk in walks {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO run_walks (run, walk) VALUES (?, ?)",
                    arguments: [walk.root, Data(walk.packed())])
            }
            for root in roots {
                try db.execute(sql: "DELETE FROM run_walks WHERE run = ?", arguments: [root])
                try db.execute(
                    sql: "DELETE FROM event_files WHERE substr(path, 1, ?) = ?",
                    arguments: [root.utf8.count + 1, root + "/"])
            }
        }
    }

    private static func pack(_ summaries: [ScalarSummary]) -> [UInt8] {
        var packer = BytePacker()
        packer.int(summaries.count)
        for s in summaries {
            packer.string(s.tag)
            for (value, step) in [(s.first, s.firstStep), (s.last, s.lastStep), (s.min, s.minStep), (s.max, s.maxStep)]
            {
                packer.double(value)
                packer.int(step)
            }
            packer.double(s.total)
            packer.int(s.count)
        }
        return packer.bytes
    }

    private static func unpackSummaries(_ bytes: [UInt8]) -> [ScalarSummary]? {
        var unpacker = ByteUnpacker(bytes)
        guard let count = unpacker.int(), count >= 0 else { return nil }
        var summaries: [ScalarSummary] = []
        for _ in 0..<count {
            guard let tag = unpacker.string(), let first = unpacker.double(), let firstStep = unpacker.int(),
                let last = unpacker.double(), let lastStep = unpacker.int(), let min = unpacker.double(),
                let minStep = unpacker.int(), let max = unpacker.double(), let maxStep = unpacker.int(),
                let total = unpacker.double(), let valueCount = unpacker.int()
            else { return nil }
            var s = ScalarSummary(directory: "", tag: tag, value: first, step: firstStep)
            (s.last, s.lastStep, s.min, s.minStep, s.max, s.maxStep) = (last, lastStep, min, minStep, max, maxStep)
            (s.total, s.count, s.avg) = (total, valueCount, total / Double(Swift.max(valueCount, 1)))
            summaries.append(s)
        }
        return unpacker.isAtEnd ? summaries : nil
    }
}

/// The index read on a thread of its own (`ScalarIndex.prefetch`).
private final class Prefetch: @unchecked Sendable {
    // `result` is written once by the reading thread before `done` is signalled, and read only
    // after waiting on `done`.
    private var result: Result<ScalarIndex.Stored, any Error>?
    private var started = false
    private let done = DispatchSemaphore(value: 0)

    func start(_ load: @escaping @Sendable () throws -> ScalarIndex.Stored) {
        guard !started else { return }
        started = true
        Thread.detachNewThread { [self] in
            result = Result(catching: load)
            done.signal()
        }
    }

    /// The prefetched index (once), or nil when none was started.
    func take() throws -> ScalarIndex.Stored? {
        guard started else { return nil }
        started = false
        done.wait()
        defer { result = nil }
        return try result?.get()
    }
}
