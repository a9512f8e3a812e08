import Crypto
import Foundation

/// Digests Guild records: sha1 of files in the manifest, md5 of guild.yml and source code.
enum Hashing {
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out = ""
        out.reserveCapacity(40)
        for byte in digest {
            out += String(byte, radix: 16).leftPadded(to: 2)
        }
        return out
    }

    /// sha1 hex of a file's contents, or nil when it cannot be read (directories, missing files).
    static func sha1(ofFile url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = Insecure.SHA1()
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    static func md5(_ data: Data) -> String {
        hex(Insecure.MD5.hash(data: data))
    }
}

/// Incremental md5, for digests over many files.
struct MD5Hasher {
    private var hasher = Insecure.MD5()
    mutating func update(_ data: Data) { hasher.update(data: data) }
    mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }
    mutating func finalizeHex() -> String { Hashing.hex(hasher.finalize()) }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Hashing {
    /// sha256 hex of a file's contents, or nil when it cannot be read.
    static func sha256(ofFile url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// sha256 hex of a string's UTF-8 bytes.
    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }
}

extension Hashing {
    /// sha1 hex of a string's UTF-8 bytes.
    static func sha1(_ text: String) -> String {
        hex(Insecure.SHA1.hash(data: Data(text.utf8)))
    }
}
