/// Paths as Guild shows them: `~` for the user's home, relative op dirs, 28-character shortening.
enum PathDisplay {
    /// `~/x` for paths under the user's home.
    static func userPath(_ path: String, home: String) -> String {
        if path.hasPrefix(home + "/") { return "~/" + path.dropFirst(home.count + 1) }
        return path
    }

    /// The op dir as a subpath of cwd, `../x` for a peer, else `~`-abbreviated; then shortened.
    static func shortenedOpDir(_ dir: String, cwd: String, home: String) -> String {
        let parent = cwd == "/" ? "/" : String(cwd[..<(cwd.lastIndex(of: "/") ?? cwd.startIndex)])
        let formatted: String
        if dir.hasPrefix(cwd + "/") {
            formatted = String(dir.dropFirst(cwd.count + 1))
        } else if dir == parent {
            formatted = "../"
        } else if dir.hasPrefix(parent + "/") {
            formatted = "../" + dir.dropFirst(parent.count + 1)
        } else {
            formatted = userPath(dir, home: home)
        }
        return shorten(formatted, maxLength: 28)
    }

    /// Guild's `shorten_path`: keep the first and last parts, replace the middle with `…`.
    static func shorten(_ path: String, maxLength: Int) -> String {
        guard path.count > maxLength else { return path }
        var parts = splitKeepingSeparators(path)
        guard parts.count > 1 else { return parts.first ?? path }
        var right = [parts.removeLast()]
        var left: [String] = []
        var popRight = false
        if !parts[0].hasPrefix("/") {
            left.append(parts.removeFirst())
            popRight = true
        }
        while !parts.isEmpty {
            let lenL = left.reduce(0) { $0 + $1.count + 1 }
            let lenR = right.reduce(0) { $0 + $1.count + 1 }
            let part = popRight ? parts.removeLast() : parts.removeFirst()
            if lenL + lenR + part.count + 1 >= maxLength { break }
            if popRight { right.append(part) } else { left.append(part) }
            popRight.toggle()
        }
        let shortened = [left.joined(separator: "/"), "…", right.reversed().joined(separator: "/")].joined(
            separator: "/")
        return shortened.count >= path.count ? path : shortened
    }

    private static func splitKeepingSeparators(_ path: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for c in path {
            if c == "/" && !current.isEmpty && current.last != "/" {
                parts.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
