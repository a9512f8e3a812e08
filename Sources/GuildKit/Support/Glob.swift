import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Shell-style pattern matching with Python `fnmatch` semantics (`*` also matches `/`).
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, 0) == 0
    }
}

/// Guild's text-or-binary test for source code files.
enum TextFileDetector {
    private static let binaryExtensions: Set<String> = [
        "pyc", "so", "o", "a", "zip", "gz", "tgz", "bz2", "xz", "tar", "png", "jpg", "jpeg", "gif", "bmp",
        "pdf", "npy", "npz", "pkl", "pickle", "h5", "hdf5", "pt", "pth", "ckpt", "bin", "exe", "dll", "whl",
        "joblib", "parquet", "feather", "db", "sqlite",
    ]

    static func isText(_ url: URL) -> Bool {
        if binaryExtensions.contains(url.pathExtension.lowercased()) { return false }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1024)) ?? Data()
        if head.isEmpty { return true }
        if head.contains(0) { return false }
        let nonText = head.filter { $0 < 32 && ![9, 10, 12, 13, 27, 8].contains($0) }.count
        return Double(nonText) / Double(head.count) <= 0.3
    }
}
