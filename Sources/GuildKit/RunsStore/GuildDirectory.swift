import CFileStat
#if canImport(Glibc)
import Glibc
#endif

/// An open `RD/.guild` directory whose files are read relative to it: listing 10,000 runs
/// reads about 50,000 small files, and resolving each full path again dominates that cost.
struct GuildDirectory: ~Copyable {
    private let fd: Int32

    /// Opens `guildPath` (a run's `.guild`); reads fail quietly when it cannot be opened.
    init(_ guildPath: String) {
        fd = open(guildPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    /// Opens `relativePath` (`<run id>/.guild`) in the open directory `directoryFd` (the runs
    /// directory): a listing then resolves the runs directory's own path once, not per run.
    init(_ relativePath: String, in directoryFd: Int32) {
        fd = openat(directoryFd, relativePath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The key of `relativePath` (`.` for the directory itself), nil when missing.
    func key(_ relativePath: String) -> RunIndex.FileKey? {
        guard fd >= 0 else { return nil }
        if relativePath == "." {
            var info = guild_file_info()
            return guild_file_info_fd(fd, &info) == 0 ? RunIndex.FileKey(info) : nil
        }
        return RunIndex.FileKey.of(relativePath, in: fd)
    }

    /// The file's text with its key, taken once it is open and before it is read; nil when it
    /// is missing.
    func readStringWithKey(_ relativePath: String) -> (text: String, key: RunIndex.FileKey)? {
        guard fd >= 0 else { return nil }
        let file = openat(fd, relativePath, FastFile.readFlags)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = guild_file_info()
        guard guild_file_info_fd(file, &info) == 0, let text = FastFile.readString(fileDescriptor: file) else {
            return nil
        }
        return (text, RunIndex.FileKey(info))
    }

    func exists(_ relativePath: String) -> Bool {
        fd >= 0 && faccessat(fd, relativePath, F_OK, 0) == 0
    }

    /// The file's text, or nil when it is missing.
    func readString(_ relativePath: String) -> String? {
        guard fd >= 0 else { return nil }
        let file = openat(fd, relativePath, FastFile.readFlags)
        guard file >= 0 else { return nil }
        defer { close(file) }
        return FastFile.readString(fileDescriptor: file)
    }
}
