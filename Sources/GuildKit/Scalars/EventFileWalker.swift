import CFileStat
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finds the event files under a run directory with `readdir`, opening each directory relative
/// to its parent: comparing thousands of runs spends most of its time here, and FileManager's
/// listing, full-path lookups and `realpath` cost several times more. Every directory is visited
/// (symlinked ones only when they point to another run, as for the trial links of a batch, and
/// each run once). `.guild/attrs` is skipped: it holds only Guild's attr files.
enum EventFileWalker {
    struct Directory {
        /// The directory relative to the run directory (`""`, `.guild`, `val`, ...).
        var prefix: String
        var path: String
        /// The event files TensorBoard's loader reads there, sorted by name.
        var files: [File]
    }

    struct File {
        var name: String
        var size: Int
        /// Modification time in ns since the epoch.
        var mtime: Int
    }

    /// A directory the walk read, with its modification time (ns) when it was read: while no
    /// such time changes, a new walk would find the same files.
    struct ScannedDirectory: Equatable {
        var path: String
        var mtime: Int
    }

    static func directories(runDirectory: String) -> [Directory] {
        walk(runDirectory: runDirectory).directories
    }

    /// The event directories under `runDirectory` and every directory read to find them.
    static func walk(runDirectory: String) -> (directories: [Directory], scanned: [ScannedDirectory]) {
        let root = PathText.normalize(runDirectory)
        var walk = Walk()
        walk.directory(open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), path: root, prefix: "")
        return (walk.result, walk.scanned)
    }

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private struct Walk {
        var result: [Directory] = []
        var scanned: [ScannedDirectory] = []
        /// Only run directories are reached through links, so a loop can only pass through one:
        /// those are the directories to remember.
        var visitedRuns: Set<FileIdentity> = []

        /// Walks the directory open as `fd`, which it closes.
        mutating func directory(_ fd: Int32, path: String, prefix: String) {
            guard fd >= 0 else { return }
            defer { close(fd) }
            var info = guild_file_info()
            guard guild_file_info_fd(fd, &info) == 0 else { return }
            if prefix.isEmpty { visitedRuns.insert(FileIdentity(device: info.device, inode: info.inode)) }
            scanned.append(ScannedDirectory(path: path, mtime: info.mtimeNanoseconds))
            var subdirs: [String] = []
            var candidates: [File] = []
            var hasEvents = false
            _ = FastFile.forEachDirectoryEntry(fd) { name, entryType in
                var type = Int32(entryType)
                if type == Int32(DT_UNKNOWN) {
                    guard guild_file_info_in(fd, name, 0, &info) == 0 else { return }
                    type = typeOf(mode: info.mode)
                }
                switch type {
                case Int32(DT_DIR):
                    if !(prefix == ".guild" && name == "attrs") { subdirs.append(name) }
                case Int32(DT_REG):
                    note(name, in: fd, candidates: &candidates, hasEvents: &hasEvents)
                case Int32(DT_LNK):
                    guard guild_file_info_in(fd, name, 1, &info) == 0 else { return }
                    if typeOf(mode: info.mode) != Int32(DT_DIR) {
                        note(name, in: fd, candidates: &candidates, hasEvents: &hasEvents)
                    } else if faccessat(fd, name + "/.guild/opref", F_OK, 0) == 0,
                        visitedRuns.insert(FileIdentity(device: info.device, inode: info.inode)).inserted
                    {
                        subdirs.append(name)
                    }
                default: return
                }
            }
            if hasEvents {
                let files = candidates.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
                result.append(Directory(prefix: prefix, path: path, files: files))
            }
            for name in subdirs.sorted() {
                directory(
                    openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC), path: path + "/" + name,
                    prefix: prefix.isEmpty ? name : "\(prefix)/\(name)")
            }
        }
    }

    private static func typeOf(mode: UInt32) -> Int32 {
        switch mode & 0o170000 {
        case 0o040000: return Int32(DT_DIR)
        case 0o100000: return Int32(DT_REG)
        case 0o120000: return Int32(DT_LNK)
        default: return Int32(DT_UNKNOWN)
        }
    }

    private static func note(_ name: String, in dirFd: Int32, candidates: inout [File], hasEvents: inout Bool) {
        // Byte search: Foundation's `contains` on every name of every run costs more than the walk.
        let bytes = Array(name.utf8)
        guard let at = firstIndex(of: tfevents, in: bytes) else { return }
        if at > 0 && bytes[at - 1] == 0x2E && at + tfevents.count < bytes.count && bytes[at + tfevents.count] == 0x2E {
            hasEvents = true
        } else if firstIndex(of: dotted, in: bytes) != nil {
            hasEvents = true
        }
        var info = guild_file_info()
        guard !name.hasSuffix(".profile-empty"), guild_file_info_in(dirFd, name, 1, &info) == 0 else { return }
        candidates.append(
            File(name: name, size: Int(info.size), mtime: info.mtimeNanoseconds))
    }

    private static let tfevents = Array("tfevents".utf8)
    private static let dotted = Array(".tfevents.".utf8)

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
