import CFileStat
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The rule for every path a user or a file gives us (`target-path`, `rename`, `-p`, archive
/// members, link targets): it is read lexically against its base directory and must stay in it
/// (no `..` out, not absolute), and nothing is written through a symlink on the way to it.
public enum ContainedPath {
    /// `relative` under `base`, normalized; nil when it is absolute or leaves `base`.
    public static func resolve(_ relative: String, in base: String) -> String? {
        guard !relative.hasPrefix("/") else { return nil }
        let normalizedBase = PathText.normalize(base)
        let path = PathText.normalize(normalizedBase + "/" + relative)
        return isInside(path, base: normalizedBase) ? path : nil
    }

    /// Whether the normalized `path` is `base` or below it.
    public static func isInside(_ path: String, base: String) -> Bool {
        let base = base.hasSuffix("/") ? String(base.dropLast()) : base
        return path == base || path.hasPrefix(base + "/")
    }

    /// The first directory between `base` (exclusive) and `path` (exclusive) that is a symlink,
    /// as a path relative to `base`; nil when writing `path` goes through real directories only.
    /// `path` must be inside `base`.
    public static func linkOnTheWay(to path: String, below base: String) -> String? {
        let base = PathText.normalize(base)
        let relative = PathText.relative(PathText.normalize(path), to: base)
        guard relative != ".", !relative.hasPrefix("../") else { return nil }
        var current = base
        let parts = relative.split(separator: "/")
        for part in parts.dropLast() {
            current += "/" + part
            var info = guild_file_info()
            guard guild_file_info_in(AT_FDCWD, current, 0, &info) == 0 else { return nil }
            if info.mode & UInt32(S_IFMT) == UInt32(S_IFLNK) { return PathText.relative(current, to: base) }
        }
        return nil
    }
}
