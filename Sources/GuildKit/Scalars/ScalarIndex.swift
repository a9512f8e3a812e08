import Foundation
import GRDB

/// Remembers what each event file held — its per-tag summaries — keyed by path, size and
/// mtime, in `GH/cache/scalars-v1.sqlite`, so comparing many runs reads only new or changed
/// event files. (Guild AI keeps its own index in `GH/cache/runs/index_v1.db`; ours is separate.)
public struct ScalarIndex: Sendable {
    private let database: DatabaseQueue
    /// Reads an event file the index does not hold (tests count the calls).
    var readEventFile: @Sendable (URL) -> EventFileReader.Contents = { EventFileReader.read(url: $0) }

    /// Opens (or creates) the index in `cacheDirectory`.
    /// - Throws: when the database cannot be opened or created.
    public init(cacheDirectory: URL) throws {
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabaseQueue(
            path: cacheDirectory.appendingPathComponent("scalars-v1.sqlite").path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS event_files (
                        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL, damaged INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS scalars (
                        path TEXT NOT NULL, tag TEXT NOT NULL, first REAL, first_step INTEGER, last REAL,
                        last_step INTEGER, min REAL, min_step INTEGER, max REAL, max_step INTEGER, total REAL,
                        count INTEGER, PRIMARY KEY (path, tag));
                    """)
        }
    }

    /// Each run's summaries, as `RunScalars.read` gives them, from the index where the event
    /// files are unchanged; new and changed files are read and recorded.
    /// - Parameter damaged: called once with the path of each event file that could not be read
    ///   to the end (bad CRC, cut-off record); its good records are used.
    public func summaries(for runs: [Run], damaged: (String) -> Void = { _ in }) throws -> [[ScalarSummary]] {
        let files = ParallelMap.map(runs) { run in
            EventFileWalker.directories(runDirectory: run.directory.path).flatMap { directory in
                directory.files.compactMap { name -> EventFile? in
                    let path = directory.path + "/" + name
                    guard let stat = FastFile.sizeAndModified(path) else { return nil }
                    return EventFile(path: path, prefix: directory.prefix, size: stat.size, mtime: stat.mtime)
                }
            }
        }
        var cached = try load()
        let stale = files.joined().filter { cached[$0.path]?.matches($0) != true }
        if !stale.isEmpty {
            let readEventFile = readEventFile
            let read = ParallelMap.map(stale) { file in
                (file, Self.summarize(file, readEventFile(URL(fileURLWithPath: file.path))))
            }
            try record(read)
            for (file, entry) in read { cached[file.path] = entry }
        }
        for file in files.joined() where cached[file.path]?.damaged == true { damaged(file.path) }
        return files.map { runFiles in
            Self.merge(runFiles.compactMap { file in cached[file.path].map { (file.prefix, $0.summaries) } })
        }
    }

    private struct EventFile: Sendable {
        var path: String
        var prefix: String
        var size: Int
        var mtime: Int
    }

    private struct Entry: Sendable {
        var size: Int
        var mtime: Int
        var summaries: [ScalarSummary]
        var damaged = false

        func matches(_ file: EventFile) -> Bool { size == file.size && mtime == file.mtime }
    }

    private static func summarize(_ file: EventFile, _ contents: EventFileReader.Contents) -> Entry {
        var byTag: [String: ScalarSummary] = [:]
        var order: [String] = []
        for s in contents.scalars {
            if byTag[s.tag] == nil {
                byTag[s.tag] = ScalarSummary(directory: file.prefix, tag: s.tag, value: s.value, step: s.step)
                order.append(s.tag)
            } else {
                byTag[s.tag]!.add(value: s.value, step: s.step)
            }
        }
        return Entry(
            size: file.size, mtime: file.mtime, summaries: order.map { byTag[$0]! }, damaged: contents.damaged)
    }

    /// Per-file summaries of a run, in file order, merged per (directory, tag) with the rules of
    /// `ScalarSummary.add`, then sorted as `RunScalars.read` sorts them.
    private static func merge(_ perFile: [(prefix: String, summaries: [ScalarSummary])]) -> [ScalarSummary] {
        var merged: [String: ScalarSummary] = [:]
        for (prefix, summaries) in perFile {
            for var s in summaries {
                s.directory = prefix
                s.prefix = prefix == ".guild" ? "" : prefix
                let key = prefix + "\u{0}" + s.tag
                if var existing = merged[key] {
                    existing.merge(s)
                    merged[key] = existing
                } else {
                    merged[key] = s
                }
            }
        }
        return ScalarSummary.sorted(Array(merged.values))
    }

    private func load() throws -> [String: Entry] {
        try database.read { db in
            var entries: [String: Entry] = [:]
            let files = try Row.fetchCursor(db, sql: "SELECT path, size, mtime, damaged FROM event_files")
            while let row = try files.next() {
                entries[row[0]] = Entry(size: row[1], mtime: row[2], summaries: [], damaged: row[3])
            }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT path, tag, first, first_step, last, last_step, min, min_step, max, max_step, total, count
                    FROM scalars ORDER BY rowid
                    """)
            while let row = try rows.next() {
                let path: String = row[0]
                guard entries[path] != nil else { continue }
                var s = ScalarSummary(directory: "", tag: row[1], value: row[2], step: row[3])
                s.last = row[4]
                s.lastStep = row[5]
                s.min = row[6]
                s.minStep = row[7]
                s.max = row[8]
                s.maxStep = row[9]
                s.total = row[10]
                s.count = row[11]
                s.avg = s.total / Double(max(s.count, 1))
                entries[path]!.summaries.append(s)
            }
            return entries
        }
    }

    private func record(_ read: [(EventFile, Entry)]) throws {
        try database.write { db in
            for (file, entry) in read {
                try db.execute(sql: "DELETE FROM scalars WHERE path = ?", arguments: [file.path])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO event_files (path, size, mtime, damaged) VALUES (?, ?, ?, ?)",
                    arguments: [file.path, file.size, file.mtime, entry.damaged])
                for s in entry.summaries {
                    try db.execute(
                        sql: """
                            INSERT INTO scalars (path, tag, first, first_step, last, last_step, min, min_step, max,
                                max_step, total, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            file.path, s.tag, s.first, s.firstStep, s.last, s.lastStep, s.min, s.minStep, s.max,
                            s.maxStep, s.total, s.count,
                        ])
                }
            }
        }
    }
}

extension ScalarSummary {
    /// Adds the summary of a later file of the same directory and tag, as if its values had
    /// been added one by one (`add`).
    mutating func merge(_ other: ScalarSummary) {
        if other.firstStep < firstStep {
            first = other.first
            firstStep = other.firstStep
        }
        if other.lastStep >= lastStep {
            last = other.last
            lastStep = other.lastStep
        }
        if other.min < min {
            min = other.min
            minStep = other.minStep
        }
        if other.max > max {
            max = other.max
            maxStep = other.maxStep
        }
        total += other.total
        count += other.count
        avg = total / Double(count)
    }
}
