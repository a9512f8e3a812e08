import Foundation

/// Path arithmetic on path strings, as Python's `os.path` does it (no file system access).
enum PathText {
    /// `path` with `.`, `..` and repeated `/` removed (`os.path.normpath`).
    static func normalize(_ path: String) -> String {
        if isNormalAbsolute(path) { return path }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// An absolute path with no empty, `.` or `..` component and no trailing slash.
    private static func isNormalAbsolute(_ path: String) -> Bool {
        var previous: UInt8 = 0
        var dots = 0 // the dots since the last slash, -1 once anything else appeared
        for c in path.utf8 {
            if c == 0x2F {
                if previous == 0x2F || dots > 0 { return false }
                dots = 0
            } else if c == 0x2E {
                if dots >= 0 { dots += 1 }
            } else {
                dots = -1
            }
            previous = c
        }
        return path.utf8.first == 0x2F && previous != 0x2F && dots < 0
    }

    /// `path` relative to `base`; both absolute (`os.path.relpath`).
    static func relative(_ path: String, to base: String) -> String {
        let p = normalize(path).split(separator: "/")
        let b = normalize(base).split(separator: "/")
        var common = 0
        while common < p.count && common < b.count && p[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: b.count - common) + p[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// `a/b` joined the way `os.path.join` does (an absolute `b` wins; empty parts are skipped).
    static func join(_ parts: String...) -> String {
        var out = ""
        for part in parts where !part.isEmpty {
            if part.hasPrefix("/") || out.isEmpty {
                out = part
            } else {
                out += (out.hasSuffix("/") ? "" : "/") + part
            }
        }
        return out
    }

    static func basename(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? ""
    }

    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }
}

extension String {
    /// The text as it can stand quoted in a one-line message: newlines, tabs and other control
    /// characters written as escapes (`\n`, `\t`, `\x00`), as Python's repr writes them.
    public var escapedForMessage: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Byte order of two strings' UTF-8, as SQLite's BINARY collation orders them.
func utf8Less(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            let common = min(x.count, y.count)
            let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
            return order != 0 ? order < 0 : x.count < y.count
        }
    }
}

/// The positions of `strings` in the byte order of their UTF-8 (`utf8Less`). Sorted by the
/// eight bytes after the prefix they all share (run directories share their parent), then by
/// the whole string where those are equal: twenty times faster than comparing strings.
func utf8Order(_ strings: [String]) -> [Int] {
    guard var first = strings.first else { return [] }
    var shared = first.utf8.count
    first.withUTF8 { base in
        for var string in strings.dropFirst() where shared > 0 {
            string.withUTF8 { bytes in
                var i = 0
                let limit = min(shared, bytes.count)
                while i < limit && bytes[i] == base[i] { i += 1 }
                shared = i
            }
        }
    }
    let start = shared
    let keyed = ParallelMap.map(Array(strings.indices)) { i -> (key: UInt64, position: Int) in
        var string = strings[i]
        let key = string.withUTF8 { bytes in
            var key: UInt64 = 0
            for j in start..<start + 8 { key = key << 8 | UInt64(j < bytes.count ? bytes[j] : 0) }
            return key
        }
        return (key, i)
    }
    return keyed.sorted { a, b in
        a.key != b.key ? a.key < b.key : utf8Less(strings[a.position], strings[b.position])
    }.map(\.position)
}
