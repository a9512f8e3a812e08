import CFileStat

/// Where a run's event files were, and the directories read to find them with their mtimes,
/// as the scalar index keeps it: while none of those directories changed, no event file was
/// added, removed or renamed, so only the files themselves need a `stat`.
struct RememberedWalk: Sendable {
    /// The run directory.
    let root: String
    /// Paths relative to `root` (`""` for the root itself) and mtimes (ns).
    private let scanned: [(path: String, mtime: Int)]
    /// Event directories (relative path, key prefix) and their event file names.
    private let directories: [(path: String, prefix: String, files: [String])]

    var scannedMtimes: [Int] { scanned.map(\.mtime) }

    init(root: String, scanned: [EventFileWalker.ScannedDirectory], directories: [EventFileWalker.Directory]) {
        self.root = root
        self.scanned = scanned.map { (Self.relative($0.path, to: root), $0.mtime) }
        self.directories = directories.map { (Self.relative($0.path, to: root), $0.prefix, $0.files.map(\.name)) }
    }

    /// The event files with their current sizes and mtimes, or nil when a directory changed or
    /// a file is gone.
    func currentFiles() -> [ScalarIndex.EventFile]? {
        var info = guild_file_info()
        for directory in scanned {
            guard guild_file_info_at(absolute(directory.path), &info) == 0, info.mtimeNanoseconds == directory.mtime
            else { return nil }
        }
        var files: [ScalarIndex.EventFile] = []
        for directory in directories {
            let base = absolute(directory.path)
            for name in directory.files {
                let path = base + "/" + name
                guard guild_file_info_at(path, &info) == 0 else { return nil }
                files.append(
                    ScalarIndex.EventFile(
                        path: path, prefix: directory.prefix, size: Int(info.size), mtime: info.mtimeNanoseconds))
            }
        }
        return files
    }

    private func absolute(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    private static func relative(_ path: String, to root: String) -> String {
        path == root ? "" : String(path.dropFirst(root.count + 1))
    }

    func packed() -> [UInt8] {
        var packer = BytePacker()
        packer.int(scanned.count)
        for directory in scanned {
            packer.string(directory.path)
            packer.int(directory.mtime)
        }
        packer.int(directories.count)
        for directory in directories {
            packer.string(directory.path)
            packer.string(directory.prefix)
            packer.int(directory.files.count)
            for name in directory.files { packer.string(name) }
        }
        return packer.bytes
    }

    /// Decodes `packed()`; nil for a damaged blob.
    init?(root: String, packed bytes: [UInt8]) {
        var unpacker = ByteUnpacker(bytes)
        guard let scannedCount = unpacker.int(), scannedCount >= 0 else { return nil }
        var scanned: [(String, Int)] = []
        for _ in 0..<scannedCount {
            guard let path = unpacker.string(), let mtime = unpacker.int() else { return nil }
            scanned.append((path, mtime))
        }
        guard let directoryCount = unpacker.int(), directoryCount >= 0 else { return nil }
        var directories: [(String, String, [String])] = []
        for _ in 0..<directoryCount {
            guard let path = unpacker.string(), let prefix = unpacker.string(), let count = unpacker.int(), count >= 0
            else { return nil }
            var files: [String] = []
            for _ in 0..<count {
                guard let name = unpacker.string() else { return nil }
                files.append(name)
            }
            directories.append((path, prefix, files))
        }
        guard unpacker.isAtEnd else { return nil }
        self.root = root
        self.scanned = scanned
        self.directories = directories
    }
}
