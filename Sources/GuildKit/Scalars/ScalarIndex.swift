import Foundation
import GRDB

/// Remembers what each event file held — its per-tag summaries — keyed by path, size and
/// mtime, and where each run's event files are, keyed by the mtimes of the directories walked to
/// find them, in `GH/cache/scalars-v3.sqlite`: comparing many runs then reads only new or changed
/// event files and lists only changed directories. (Guild AI keeps its own index in
/// `GH/cache/runs/index_v1.db`; ours is separate.)
public struct ScalarIndex: Sendable {
    private let database: DatabaseQueue
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
        for old in ["scalars-v1.sqlite", "scalars-v1.sqlite-journal", "scalars-v2.sqlite", "scalars-v2.sqlite-journal"] {
            try? FileManager.default.removeItem(at: cacheDirectory.appendingPathComponent(old))
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabaseQueue(
            path: cacheDirectory.appendingPathComponent("scalars-v3.sqlite").path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS event_files (
                        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
                        damaged INTEGER NOT NULL, summaries BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS run_walks (run TEXT PRIMARY KEY, walk BLOB NOT NULL) WITHOUT ROWID;
                    """)
        }
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
        var all = [[ScalarSummary]](repeating: [], count: runs.count)
        try forEachChunk(of: runs, everyRun: everyRun, damaged: damaged) { positions, summaries in
            for (position, summaries) in zip(positions, summaries) { all[position] = summaries }
        }
        return all
    }

    /// Each run's summaries as `summaries(for:)` gives them, a chunk of runs at a time: `body`
    /// gets the positions in `runs` of a chunk's runs and their summaries. Chunks follow the
    /// runs' directories in byte order and each reads only its own range of the index, so
    /// memory stays that of one chunk however many runs there are.
    public func forEachChunk(
        of runs: [Run], everyRun: Bool = false, chunkSize: Int = compareChunkSize, damaged: (String) -> Void = { _ in },
        _ body: (_ positions: [Int], _ summaries: [[ScalarSummary]]) throws -> Void
    ) throws {
        let roots = ParallelMap.map(runs) { PathText.normalize($0.path) }
        let chunks = Self.chunks(of: roots, size: chunkSize)
        let settled = Int(Date().timeIntervalSince1970 * 1e9) - settledAge
        let database = database
        var pending = Writes()
        // Each chunk's part of the index is read while the chunk before it is worked on.
        var next = BackgroundResult { try Self.load(database, chunks[0].range) }
        for (number, chunk) in chunks.enumerated() {
            let stored = try next.take()
            if number + 1 < chunks.count {
                let range = chunks[number + 1].range
                next = BackgroundResult { try Self.load(database, range) }
            }
            let chunkRoots = chunk.positions.map { roots[$0] }
            var found = ParallelMap.map(chunkRoots) { Self.eventFiles(of: $0, stored: stored) }
            pending.walks += found.compactMap(\.walk).filter { $0.scannedMtimes.allSatisfy { $0 < settled } }
            pending.read += readStaleFiles(&found)
            if everyRun { pending.forgotten += Self.missingRuns(Set(stored.walks.keys).subtracting(chunkRoots)) }
            // Written a few chunks at a time: each write is a transaction, synced to disk.
            if pending.read.count + pending.walks.count >= 16384 || number == chunks.count - 1 {
                if !pending.isEmpty { try record(pending) }
                pending = Writes()
            }
            let merged = ParallelMap.map(found) { run in
                let pairs = zip(run.files, run.entries.map { $0! })
                return (
                    summaries: ScalarSummary.merged(pairs.map { file, entry in (file.prefix, entry.summaries) }),
                    damaged: pairs.filter { $0.1.damaged }.map { file, _ in file.path }
                )
            }
            for path in merged.flatMap(\.damaged) { damaged(path) }
            try body(chunk.positions, merged.map(\.summaries))
        }
    }

    /// Runs (by position in `roots`) in chunks of `size`, in the byte order of their directories,
    /// each with its range of keys. The ranges partition the keys, so every stored walk falls in
    /// one chunk: a run directory that no longer exists is found whichever chunk it falls in.
    /// No runs make one empty chunk of every key.
    private static func chunks(of roots: [String], size: Int) -> [(positions: [Int], range: KeyRange)] {
        let order = utf8Order(roots)
        let ranges = order.isEmpty ? [0..<0] : chunkRanges(order.count, size: size)
        return ranges.map { chunk in
            let range = KeyRange(
                lower: chunk.lowerBound == 0 ? nil : roots[order[chunk.lowerBound]],
                upper: chunk.upperBound == order.count ? nil : roots[order[chunk.upperBound]])
            return (Array(order[chunk]), range)
        }
    }

    /// What a pass has to write to the index.
    private struct Writes {
        var read: [(EventFile, Entry)] = []
        var walks: [RememberedWalk] = []
        /// Run directories to forget.
        var forgotten: [String] = []

        var isEmpty: Bool { read.isEmpty && walks.isEmpty && forgotten.isEmpty }
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
        var files: [EventFile]
        var entries: [Entry?]
        /// A new walk, to be remembered.
        var walk: RememberedWalk?
    }

    /// The event files of the run in `root`, from its remembered walk while no directory of it changed,
    /// else from a new walk, with what the index holds of each.
    private static func eventFiles(of root: String, stored: Stored) -> RunEventFiles {
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
        return RunEventFiles(files: files, entries: entries, walk: newWalk)
    }

    private static func missingRuns(_ roots: Set<String>) -> [String] {
        roots.filter { !FastFile.exists($0) }
    }

    /// Keys from `lower` (inclusive) to `upper` (exclusive); nil is unbounded.
    struct KeyRange: Sendable {
        var lower: String?
        var upper: String?

        func condition(_ column: String) -> (sql: String, arguments: StatementArguments) {
            switch (lower, upper) {
            case let (lower?, upper?): return ("WHERE \(column) >= ? AND \(column) < ?", [lower, upper])
            case let (lower?, nil): return ("WHERE \(column) >= ?", [lower])
            case let (nil, upper?): return ("WHERE \(column) < ?", [upper])
            case (nil, nil): return ("", [])
            }
        }
    }

    /// What the index holds for the run directories and event file paths in `range`. A run's
    /// event files sort after its directory and before the next one (`<dir>/...`), except
    /// where one directory's name begins another's: those few are read again, never wrong.
    private static func load(_ database: DatabaseQueue, _ range: KeyRange) throws -> Stored {
        try database.read { db in
            var stored = Stored()
            let walkRange = range.condition("run")
            let walks = try Row.fetchCursor(
                db, sql: "SELECT run, walk FROM run_walks \(walkRange.sql)", arguments: walkRange.arguments)
            while let row = try walks.next() {
                stored.walks[row[0]] = try row.withUnsafeData(atIndex: 1) { Array($0 ?? Data()) }
            }
            let fileRange = range.condition("path")
            let files = try Row.fetchCursor(
                db, sql: "SELECT path, size, mtime, damaged, summaries FROM event_files \(fileRange.sql)",
                arguments: fileRange.arguments)
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

    private func record(_ writes: Writes) throws {
        try database.write { db in
            for (file, entry) in writes.read {
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO event_files (path, size, mtime, damaged, summaries) VALUES (?, ?, ?, ?, ?)",
                    arguments: [file.path, file.size, file.mtime, entry.damaged, Data(Self.pack(entry.summaries))]
                )
            }
            for walk in writes.walks {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO run_walks (run, walk) VALUES (?, ?)",
                    arguments: [walk.root, Data(walk.packed())])
            }
            for root in writes.forgotten {
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
