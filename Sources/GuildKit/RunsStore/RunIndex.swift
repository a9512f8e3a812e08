import CFileStat
import Foundation
import GRDB

/// Remembers what listing a run reads, in `GH/cache/runs-v2.sqlite`: its opref and start time,
/// so that listing a home in start order (`guild runs`, index forms such as `1` and `:3`) stats
/// one file per run instead of opening and parsing two; and its status, label, mark, tags,
/// flags and stop time (`RunIndexDetails`), so that listings that show or filter on them
/// (`runs -a`, filters, `compare`) stat those files instead of reading them.
///
/// Nothing here is trusted without checking the disk: the runs are those the runs directory
/// lists now, and each remembered value is used only while the file it was read from has the
/// inode, ctime and size recorded when it was read (Guild AI rewrites attrs in place, which no
/// directory mtime shows), and the directories listing which files exist have theirs. The opref
/// is kept as read: Guild writes it once, when the run is made. A running run's status is never
/// remembered: its pid's liveness is checked each time.
/// An index that cannot be read is rebuilt, one that is locked is bypassed, each with a warning.
struct RunIndex {
    private var database: DatabaseQueue
    private let path: String
    static let fileName = "runs-v2.sqlite"

    /// Opens (or creates) the index in `cacheDirectory`; an unreadable file is replaced.
    /// - Throws: when no usable index can be opened (a locked or read-only cache).
    init(cacheDirectory: URL, warn: (String) -> Void) throws {
        path = cacheDirectory.appendingPathComponent(Self.fileName).path
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        let previous = cacheDirectory.appendingPathComponent("runs-v1.sqlite").path
        if FastFile.exists(previous) {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(previous + suffix) }
        }
        do {
            database = try Self.open(path)
        } catch let error as DatabaseError where Self.isUnreadable(error) {
            database = try Self.rebuild(path, after: error, warn: warn)
        }
    }

    private static func isUnreadable(_ error: DatabaseError) -> Bool {
        [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode)
    }

    private static func rebuild(_ path: String, after error: DatabaseError, warn: (String) -> Void) throws
        -> DatabaseQueue
    {
        warn("WARNING: run index \(path) is unreadable (\(error.message ?? "\(error.resultCode)")); rebuilding it")
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
        return try open(path)
    }

    /// `load`, rebuilding an index whose pages turn out to be damaged only when they are read.
    mutating func loadOrRebuild(expectedCount: Int = 0, withDetails: Bool = false, warn: (String) -> Void) throws
        -> Stored
    {
        do {
            return try load(expectedCount: expectedCount, withDetails: withDetails)
        } catch let error as DatabaseError where Self.isUnreadable(error) {
            database = try Self.rebuild(path, after: error, warn: warn)
            return Stored()
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        // A cache: no fsync per commit (each costs milliseconds). A process killed mid-write
        // still rolls back from the journal; what a power loss could leave is caught as an
        // unreadable index and rebuilt, and no entry is trusted without its file keys matching.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS runs (
                        id TEXT PRIMARY KEY, opref TEXT NOT NULL, started INTEGER NOT NULL,
                        started_inode INTEGER NOT NULL, started_ctime INTEGER NOT NULL,
                        started_size INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS run_details (id TEXT PRIMARY KEY, details BLOB NOT NULL) WITHOUT ROWID;
                    """)
        }
        return database
    }

    struct Entry: Sendable {
        var opref: String
        var started: Int
        var key: FileKey
        /// `RunIndexDetails.encoded()` (encoded by the listing's workers, in parallel); nil when
        /// the run was listed without its details.
        var details: Data?
    }

    /// What identifies one version of a file: a rewrite in place changes its ctime, a
    /// replacement its inode.
    struct FileKey: Equatable, Sendable {
        var inode: Int64
        var ctime: Int64
        var size: Int64

        init(inode: Int64, ctime: Int64, size: Int64) {
            self.inode = inode
            self.ctime = ctime
            self.size = size
        }

        init(_ info: guild_file_info) {
            self.init(
                inode: Int64(bitPattern: info.inode), ctime: info.ctime_sec * 1_000_000_000 + info.ctime_nsec,
                size: info.size)
        }

        /// The key of `name` relative to the open directory `directoryFd`, nil when missing.
        static func of(_ name: String, in directoryFd: Int32) -> FileKey? {
            var info = guild_file_info()
            guard guild_file_info_in(directoryFd, name, 1, &info) == 0 else { return nil }
            return FileKey(info)
        }
    }

    /// Every remembered entry by run id, each opref text once: runs share a few oprefs.
    struct Stored {
        var entries: [String: StoredEntry] = [:]
        /// The distinct opref texts; `StoredEntry.opref` indexes them.
        var oprefs: [String] = []
    }

    struct StoredEntry: Sendable {
        var opref: Int
        var started: Int
        var key: FileKey
        /// `RunIndexDetails.encoded()`, decoded by the caller (in parallel, for the runs that
        /// need it); nil when not loaded or not stored.
        var details: [UInt8]?
    }

    /// Every remembered entry; `expectedCount` sizes the table (the runs directory's count).
    /// - Parameter withDetails: also load each run's details (else `StoredEntry.details` is nil).
    func load(expectedCount: Int = 0, withDetails: Bool = false) throws -> Stored {
        try database.read { db in
            var stored = Stored()
            stored.entries.reserveCapacity(expectedCount)
            // The details are a table of their own: a listing without them then reads a third
            // of the pages. Both tables are read in id order and merged (a join looks up each id).
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, opref, started, started_inode, started_ctime, started_size FROM runs ORDER BY id")
            let detailRows =
                withDetails ? try Row.fetchCursor(db, sql: "SELECT id, details FROM run_details ORDER BY id") : nil
            func nextDetails() throws -> (id: String, bytes: [UInt8])? {
                guard let row = try detailRows?.next() else { return nil }
                return (row[0], try row.withUnsafeData(atIndex: 1) { [UInt8]($0 ?? Data()) })
            }
            var pendingDetails = try nextDetails()
            // An opref is matched as bytes against the first texts seen, so that 100,000 rows do
            // not make 100,000 strings of the same few texts; past those, by its string.
            var firstOprefs: [[UInt8]] = []
            var byText: [String: Int] = [:]
            while let row = try rows.next() {
                let opref = try row.withUnsafeData(atIndex: 1) { data -> Int in
                    let bytes = data ?? Data()
                    // Compared through raw bytes: Data's own iterator costs 4% of a listing.
                    let known = bytes.withUnsafeBytes { raw in
                        firstOprefs.firstIndex { $0.count == raw.count && $0.elementsEqual(raw) }
                    }
                    if let known { return known }
                    let text = String(decoding: bytes, as: UTF8.self)
                    if let known = byText[text] { return known }
                    if firstOprefs.count < 16 { firstOprefs.append(Array(bytes)) }
                    byText[text] = stored.oprefs.count
                    stored.oprefs.append(text)
                    return stored.oprefs.count - 1
                }
                let id: String = row[0]
                var details: [UInt8]?
                // SQLite orders ids as bytes: so does this merge.
                while let pending = pendingDetails, !id.utf8.lexicographicallyPrecedes(pending.id.utf8) {
                    if pending.id == id { details = pending.bytes }
                    pendingDetails = try nextDetails()
                }
                stored.entries[id] = StoredEntry(
                    opref: opref, started: row[2], key: FileKey(inode: row[3], ctime: row[4], size: row[5]),
                    details: details)
            }
            return stored
        }
    }

    /// Stores `entries` and forgets `removed`, in one transaction.
    func save(_ entries: [(String, Entry)], removing removed: [String]) throws {
        try database.write { db in
            let insert = try db.makeStatement(sql: "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?)")
            let insertDetails = try db.makeStatement(sql: "INSERT OR REPLACE INTO run_details VALUES (?, ?)")
            let deleteDetails = try db.makeStatement(sql: "DELETE FROM run_details WHERE id = ?")
            for (id, entry) in entries {
                insert.setUncheckedArguments([
                    id, entry.opref, entry.started, entry.key.inode, entry.key.ctime, entry.key.size,
                ])
                try insert.execute()
                if let details = entry.details {
                    insertDetails.setUncheckedArguments([id, details])
                    try insertDetails.execute()
                } else {
                    try deleteDetails.execute(arguments: [id])
                }
            }
            let delete = try db.makeStatement(sql: "DELETE FROM runs WHERE id = ?")
            for id in removed {
                try delete.execute(arguments: [id])
                try deleteDetails.execute(arguments: [id])
            }
        }
    }
}
