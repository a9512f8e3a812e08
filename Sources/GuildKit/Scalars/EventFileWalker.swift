import CFileStat
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finds the event files under a run directory with `readdir`: comparing thousands of runs
/// spends most of its time here, and FileManager's listing and URL handling cost several times
/// more. Every directory is visited (symlinked ones only when they point to another run, as for
/// the trial links of a batch), each real directory once.
enum EventFileWalker {
    struct Directory {
        /// The directory relative to the run directory (`""`, `.guild`, `val`, ...).
        var prefix: String
        var path: String
        /// Names of the event files TensorBoard's loader reads there, sorted.
        var files: [String]
    }

    static func directories(runDirectory: String) -> [Directory] {
        var result: [Directory] = []
        var visited: Set<String> = []
        let root = PathText.normalize(runDirectory)
        walk(root, real: realPath(root) ?? root, prefix: "", visited: &visited, into: &result)
        return result
    }

    private static func walk(
        _ path: String, real: String, prefix: String, visited: inout Set<String>, into result: inout [Directory]
    ) {
        guard visited.insert(real).inserted, let dir = opendir(path) else { return }
        var subdirs: [(name: String, real: String)] = []
        var candidates: [String] = []
        var hasEvents = false
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR):
                subdirs.append((name, real + "/" + name))
            case Int32(DT_REG):
                note(name, candidates: &candidates, hasEvents: &hasEvents)
            default:
                // A link or an unknown type: look at what it points to.
                var info = guild_file_info()
                guard guild_file_info_at(child, &info) == 0 else { continue }
                if info.mode & 0o170000 == 0o040000 {
                    if access(child + "/.guild/opref", F_OK) == 0, let target = realPath(child) {
                        subdirs.append((name, target))
                    }
                } else {
                    note(name, candidates: &candidates, hasEvents: &hasEvents)
                }
            }
        }
        closedir(dir)
        if hasEvents {
            let files = candidates.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            result.append(Directory(prefix: prefix, path: path, files: files))
        }
        for (name, childReal) in subdirs.sorted(by: { $0.name < $1.name }) {
            walk(
                path + "/" + name, real: childReal, prefix: prefix.isEmpty ? name : "\(prefix)/\(name)",
                visited: &visited, into: &result)
        }
    }

    private static func note(_ name: String, candidates: inout [String], hasEvents: inout Bool) {
        // Byte search: Foundation's `contains` on every name of every run costs more than the walk.
        let bytes = Array(name.utf8)
        guard let at = firstIndex(of: tfevents, in: bytes) else { return }
        if at > 0 && bytes[at - 1] == 0x2E && at + tfevents.count < bytes.count && bytes[at + tfevents.count] == 0x2E {
            hasEvents = true
        } else if firstIndex(of: dotted, in: bytes) != nil {
            hasEvents = true
        }
        if !name.hasSuffix(".profile-empty") { candidates.append(name) }
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

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
