import CFileStat
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

    /// `open(2)` flags for reading a file of a run or project: a fifo where a file should be
    /// opens without waiting for a writer, and reads as empty instead of blocking.
    static let readFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK

    /// Reads stop, failing, past this size: a link to a device (`/dev/zero`) never ends.
    static let maxReadSize = 1 << 30

    /// The whole file as bytes, or nil when it cannot be opened.
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, readFlags)
        if fd < 0 { return nil }
        defer { close(fd) }
        return readBytes(fileDescriptor: fd)
    }

    /// Whether `path` is a regular file (links followed).
    static func isRegularFile(_ path: String) -> Bool {
        var info = guild_file_info()
        return guild_file_info_at(path, &info) == 0 && info.isRegularFile
    }

    /// The whole file when it is a regular file (links followed); nil for a missing, unreadable
    /// or odd file (a fifo, a device, a directory), never blocking.
    static func readRegularFile(_ path: String) -> [UInt8]? {
        let fd = open(path, readFlags)
        if fd < 0 { return nil }
        defer { close(fd) }
        var info = guild_file_info()
        guard guild_file_info_fd(fd, &info) == 0, info.isRegularFile else { return nil }
        return readBytes(fileDescriptor: fd, chunk: 1 << 16)
    }

    /// The rest of an open file, read in `chunk`-byte reads.
    static func readBytes(fileDescriptor fd: Int32, chunk: Int = 4096) -> [UInt8]? {
        var result: [UInt8] = []
        while true {
            if result.count > maxReadSize { return nil }
            let start = result.count
            result.append(contentsOf: repeatElement(0, count: chunk))
            var n = 0
            result.withUnsafeMutableBytes { n = read(fd, $0.baseAddress! + start, chunk) }
            if n < 0 {
                result.removeLast(chunk)
                if errno == EINTR { continue }
                // EAGAIN: a fifo with a writer but nothing written; it is not a file to read.
                return nil
            }
            result.removeLast(chunk - n)
            if n < chunk { break } // a short read of a regular file is its end
        }
        return result
    }

    static func readString(fileDescriptor fd: Int32) -> String? {
        readBytes(fileDescriptor: fd).map { String(decoding: $0, as: UTF8.self) }
    }

    static func readString(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `text` to `path`, replacing what was there. No fsync, as with Guild AI:
    /// Foundation's `Data.write` syncs every file, which costs milliseconds per attr.
    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw posixError("cannot write", path) }
        defer { close(fd) }
        try write(bytes, to: fd, path: path)
    }

    /// Creates `path` with `bytes`; false, with nothing written, when it already exists.
    static func create(_ bytes: [UInt8], at path: String) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw posixError("cannot write", path)
        }
        defer { close(fd) }
        try write(bytes, to: fd, path: path)
        return true
    }

    private static func write(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw posixError("cannot write", path)
                }
                offset += n
            }
        }
    }

    /// Copies a regular file's bytes and permission bits; copying a file onto itself is refused
    /// before anything is truncated.
    static func copy(from source: String, to target: String) throws {
        var info = guild_file_info()
        guard guild_file_info_at(source, &info) == 0, let bytes = readAll(source) else {
            throw posixError("cannot read", source)
        }
        var targetInfo = guild_file_info()
        if guild_file_info_at(target, &targetInfo) == 0 && targetInfo.device == info.device
            && targetInfo.inode == info.inode
        {
            throw GuildError("cannot copy \(source) onto itself")
        }
        unlink(target) // replace a file or link in place, never write through a link
        try write(bytes, to: target, mode: mode_t(info.mode & 0o7777))
    }

    /// The names in a directory but dot files, unsorted; empty when it cannot be read.
    static func directoryNames(_ path: String) -> [String] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { return [] }
        defer { close(fd) }
        var names: [String] = []
        _ = forEachDirectoryEntry(fd) { name, _ in if !name.hasPrefix(".") { names.append(name) } }
        return names
    }

    /// The names in a directory that start with one of `prefixes`, unsorted; the other names are
    /// compared as bytes and never made into strings (a Guild home's runs directory holds
    /// 100,000 of them).
    static func directoryNames(_ path: String, withPrefixes prefixes: [String]) -> [String] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { return [] }
        defer { close(fd) }
        let wanted = prefixes.map { Array($0.utf8) }
        var names: [String] = []
        _ = forEachDirectoryEntryName(fd) { name, _ in
            guard name[0] != UInt8(ascii: "."),
                wanted.contains(where: { prefix in
                    prefix.withUnsafeBufferPointer { strncmp(name, $0.baseAddress!, prefix.count) == 0 }
                })
            else { return }
            names.append(String(cString: name))
        }
        return names
    }

    /// Calls `body` with the name and `d_type` of each entry of the open directory `fd` but `.`
    /// and `..`; false when reading the directory failed.
    static func forEachDirectoryEntry(_ fd: Int32, _ body: (String, UInt8) -> Void) -> Bool {
        forEachDirectoryEntryName(fd) { name, type in
            let name = String(cString: name)
            if name != "." && name != ".." { body(name, type) }
        }
    }

    /// Calls `body` with the NUL-terminated name (valid during the call) and `d_type` of each
    /// entry of the open directory `fd`, `.` and `..` included; false when reading failed.
    private static func forEachDirectoryEntryName(
        _ fd: Int32, _ body: (UnsafePointer<UInt8>, UInt8) -> Void
    ) -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32768, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = guild_read_directory(fd, buffer.baseAddress, UInt(buffer.count))
            if count == 0 { return true }
            if count < 0 { return false }
            var offset = 0
            while offset < count {
                let record = buffer.baseAddress! + offset
                offset += Int(record.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
                body((record + 19).assumingMemoryBound(to: UInt8.self), record.load(fromByteOffset: 18, as: UInt8.self))
            }
        }
    }

    /// The size of a file, or nil when it does not exist. `attributesOfItem` would also look
    /// up the owner's name, through NSS, for every file.
    static func size(_ path: String) -> Int? {
        info(path).map { Int($0.size) }
    }

    /// What `stat` says of the file (links followed), or nil when it does not exist.
    static func info(_ path: String) -> guild_file_info? {
        var info = guild_file_info()
        return guild_file_info_at(path, &info) == 0 ? info : nil
    }

    /// The whole file, for files of any size.
    static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, readFlags)
        if fd < 0 { return nil }
        defer { close(fd) }
        return readBytes(fileDescriptor: fd, chunk: 1 << 16)
    }

    private static func posixError(_ what: String, _ path: String) -> GuildError {
        GuildError("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}

extension guild_file_info {
    /// The modification time in ns since the epoch.
    var mtimeNanoseconds: Int { Int(mtime_sec) * 1_000_000_000 + Int(mtime_nsec) }
    var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
}
