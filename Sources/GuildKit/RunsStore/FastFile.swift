import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Small-file reads and existence checks with plain syscalls: listing 10,000 runs reads
/// about 50,000 tiny files, where Foundation's per-call overhead dominates.
enum FastFile {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The whole file as bytes, or nil when it cannot be opened.
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        let chunk = 4096
        while true {
            let start = result.count
            result.reserveCapacity(start + chunk)
            var n = 0
            result.append(contentsOf: repeatElement(0, count: chunk))
            result.withUnsafeMutableBytes { n = read(fd, $0.baseAddress! + start, chunk) }
            if n < 0 { return nil }
            result.removeLast(chunk - n)
            if n < chunk { break }  // a short read of a regular file is its end
        }
        return result
    }

    static func readString(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `text` to `path`, replacing what was there.
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
