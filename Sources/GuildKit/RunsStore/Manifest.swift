import Foundation

/// One line of `.guild/manifest` (reference 2.7).
public struct ManifestEntry: Sendable, Equatable {
    /// `s` source code, `d` dependency, `i` internal.
    public enum Kind: String, Sendable { case sourcecode = "s", dependency = "d", internalFile = "i" }
    public var kind: Kind
    public var path: String
    public var sha1: String?
    public var source: String
    public var subpath: String?

    public init(kind: Kind, path: String, sha1: String?, source: String, subpath: String? = nil) {
        self.kind = kind
        self.path = path
        self.sha1 = sha1
        self.source = source
        self.subpath = subpath
    }

    /// The line as written, with its trailing newline.
    public var line: String {
        var words = [kind.rawValue, path, sha1 ?? "-", source]
        if let subpath { words.append(subpath) }
        return Shlex.join(words) + "\n"
    }
}

/// Reads and appends manifest files.
public enum Manifest {
    /// The entries of a run's manifest; unreadable lines are skipped.
    public static func read(runDirectory: URL) -> [ManifestEntry] {
        let url = runDirectory.appendingPathComponent(".guild/manifest")
        guard let bytes = FastFile.readRegularFile(url.path) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            guard let words = try? Shlex.split(String(line)), words.count >= 3,
                let kind = ManifestEntry.Kind(rawValue: words[0])
            else { return nil }
            return ManifestEntry(
                kind: kind, path: words[1], sha1: words[2] == "-" ? nil : words[2],
                source: words.count > 3 ? words[3] : "", subpath: words.count > 4 ? words[4] : nil)
        }
    }

    /// Appends entries to a run's manifest, creating it if needed.
    public static func append(_ entries: [ManifestEntry], runDirectory: URL) throws {
        let url = runDirectory.appendingPathComponent(".guild/manifest")
        let data = Data(entries.map(\.line).joined().utf8)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FastFile.write(Array(data), to: url.path)
            return
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }
}
