import CFileStat
import Foundation

/// What we downloaded into the resource cache, beside the file (`.<name>.guild-download`: size,
/// mtime in ns and sha256), so that a cached file someone cut off or changed since is fetched
/// again instead of used: a cache never changes a result. Files without a record (Guild AI's,
/// which may be a cut-off download) are used as Guild AI uses them.
struct DownloadRecord {
    let size: Int
    let modified: Int
    let sha256: String

    static func path(for file: String) -> String {
        let url = URL(fileURLWithPath: file)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".guild-download"
    }

    /// The record of `file` as it is now; nil when it cannot be read.
    static func of(_ file: String, sha256: String? = nil) -> DownloadRecord? {
        guard let (size, modified) = Self.sizeAndTime(file),
            let sha = sha256 ?? Hashing.sha256(ofFile: URL(fileURLWithPath: file))
        else { return nil }
        return DownloadRecord(size: size, modified: modified, sha256: sha)
    }

    /// The record written when `file` was downloaded, if any.
    static func recorded(for file: String) -> DownloadRecord? {
        guard let text = FastFile.readString(path(for: file)) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 3, let size = Int(parts[0]), let modified = Int(parts[1]) else { return nil }
        return DownloadRecord(size: size, modified: modified, sha256: String(parts[2]))
    }

    /// Whether `file` is still what was downloaded: same size and time, or else the same content.
    /// True for a file without a readable record.
    static func stillMatches(_ file: String) -> Bool {
        guard let recorded = recorded(for: file) else { return true }
        guard let (size, modified) = sizeAndTime(file), size == recorded.size else { return false }
        if modified == recorded.modified { return true }
        return Hashing.sha256(ofFile: URL(fileURLWithPath: file)) == recorded.sha256
    }

    /// Writes the record; a cache that cannot be written only costs a check later.
    func write(for file: String) {
        try? "\(size) \(modified) \(sha256)\n".write(toFile: Self.path(for: file), atomically: true, encoding: .utf8)
    }

    private static func sizeAndTime(_ file: String) -> (Int, Int)? {
        var info = guild_file_info()
        guard guild_file_info_at(file, &info) == 0, info.isRegularFile else { return nil }
        return (Int(info.size), info.mtimeNanoseconds)
    }
}
