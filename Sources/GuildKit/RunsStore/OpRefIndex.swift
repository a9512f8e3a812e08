import CFileStat
import Foundation

/// Remembers each run's opref line in `GH/cache/opref-index`, so finding one op's runs among
/// thousands reads one file instead of one per run. A run's opref never changes, so an entry
/// stays right for as long as its run directory exists. The file's first line holds the runs
/// directory's mtime when it was written, and the length and checksum of the entries: while the
/// mtime is unchanged no run was added or removed and the file is used as is; otherwise the
/// directory is listed, new runs' oprefs are read, and the file is rewritten (atomically, by
/// rename). A file whose entries do not match its header is rebuilt from the run directories.
struct OpRefIndex {
    let runsDirectory: URL
    var now: @Sendable () -> Date = { Date() }

    private var indexPath: String {
        runsDirectory.deletingLastPathComponent().appendingPathComponent("cache/opref-index").path
    }

    /// Calls `body` with the id and opref line of every run that has an opref and whose line
    /// ends with `lineSuffix` (checked on bytes: decoding 10,000 lines as Characters costs more
    /// than reading them).
    func forEach(lineSuffix: String? = nil, _ body: (String, String) -> Void) {
        guard let stamp = Self.mtime(runsDirectory.path) else { return }
        let file = FastFile.readAll(indexPath) ?? []
        var entries: ArraySlice<UInt8>
        switch Self.verified(file) {
        case let (fileStamp, verifiedBody)? where fileStamp == Self.stampText(stamp):
            entries = verifiedBody
        case let (_, verifiedBody)?:
            entries = refreshed(verifiedBody, stamp: stamp)
        case nil:
            // Missing, truncated or altered: a cache never changes a result, so it is rebuilt.
            entries = refreshed([], stamp: stamp)
        }
        let suffix = Array((lineSuffix ?? "").utf8)
        Self.forEachEntry(Array(entries)) { id, line in
            guard line.count > suffix.count, suffix.isEmpty || line.suffix(suffix.count).elementsEqual(suffix) else {
                return
            }
            body(String(decoding: id, as: UTF8.self), String(decoding: line, as: UTF8.self))
        }
    }

    /// The file's stamp and entries when its header (`# v2 STAMP LENGTH FNV`) matches the
    /// entries that follow it; nil otherwise.
    static func verified(_ file: [UInt8]) -> (String, ArraySlice<UInt8>)? {
        guard let newline = file.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let words = String(decoding: file[..<newline], as: UTF8.self).split(separator: " ")
        guard words.count == 5, words[0] == "#", words[1] == "v2", let length = Int(words[3]) else { return nil }
        let entries = file[(newline + 1)...]
        guard entries.count == length, String(fnv1a(entries), radix: 16) == words[4] else { return nil }
        return (String(words[2]), entries)
    }

    private func refreshed(_ old: ArraySlice<UInt8>, stamp: Stamp) -> ArraySlice<UInt8> {
        var known = Set<String>()
        Self.forEachEntry(Array(old)) { id, _ in known.insert(String(decoding: id, as: UTF8.self)) }
        let names = FastFile.directoryNames(runsDirectory.path)
        let base = runsDirectory.path
        let missing = names.filter { !known.contains($0) }
        let read = ParallelMap.map(missing) { name -> String? in
            guard let text = FastFile.readString(base + "/" + name + "/.guild/opref") else { return nil }
            let line = text.trimmingCharacters(in: .newlines)
            return line.isEmpty || line.contains("\n") ? nil : line
        }
        let added = zip(missing, read).compactMap { name, line in line.map { "\(name) \($0)\n" } }.joined()
        // The stamp is not trusted when a run still being created has no opref yet, or when the
        // directory changed so recently that a coarse mtime could hide a later change: the next
        // search lists the directory again.
        let settled = now().timeIntervalSince1970 - Double(stamp.seconds) > 2
        let trusted = settled && read.allSatisfy { $0 != nil }
        var entries: [UInt8] = []
        if known.count + missing.count == names.count {
            // Nothing was removed: keep the old entries as they are and add the new ones.
            entries = Array(old)
        } else {
            let present = Set(names)
            Self.forEachEntry(Array(old)) { id, line in
                guard present.contains(String(decoding: id, as: UTF8.self)) else { return }
                entries += Array(id) + [UInt8(ascii: " ")] + Array(line) + [UInt8(ascii: "\n")]
            }
        }
        entries += Array(added.utf8)
        let header =
            "# v2 \(trusted ? Self.stampText(stamp) : "unsettled") \(entries.count) "
            + String(Self.fnv1a(entries[...]), radix: 16) + "\n"
        save(Array(header.utf8) + entries)
        return entries[...]
    }

    /// 64-bit FNV-1a: enough to tell a cut-off or altered file from the one written.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private func save(_ bytes: [UInt8]) {
        try? FileManager.default.createDirectory(
            atPath: PathText.dirname(indexPath), withIntermediateDirectories: true)
        let temp = indexPath + ".\(getpid()).tmp"
        guard (try? FastFile.write(bytes, to: temp)) != nil else { return }
        if rename(temp, indexPath) != 0 { unlink(temp) }
    }

    /// Each `<id> <opref line>` of the file's bytes (comment lines skipped).
    private static func forEachEntry(
        _ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        bytes.withUnsafeBufferPointer { buf in
            var start = 0
            for end in 0..<buf.count where buf[end] == UInt8(ascii: "\n") {
                defer { start = end + 1 }
                let line = UnsafeBufferPointer(rebasing: buf[start..<end])
                guard line.first != UInt8(ascii: "#"), let space = line.firstIndex(of: UInt8(ascii: " ")) else {
                    continue
                }
                body(UnsafeBufferPointer(rebasing: line[..<space]), UnsafeBufferPointer(rebasing: line[(space + 1)...]))
            }
        }
    }

    struct Stamp {
        var seconds: Int64
        var nanoseconds: Int64
    }

    private static func stampText(_ stamp: Stamp) -> String { "\(stamp.seconds).\(stamp.nanoseconds)" }

    private static func mtime(_ path: String) -> Stamp? {
        var info = guild_file_info()
        guard guild_file_info_at(path, &info) == 0 else { return nil }
        return Stamp(seconds: info.mtime_sec, nanoseconds: info.mtime_nsec)
    }
}
