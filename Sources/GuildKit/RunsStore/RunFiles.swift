import Foundation

/// The manifest class of a run file, used by `guild ls -s/-d/-g` (reference 2.7).
public enum RunFileClass: Sendable, Hashable {
    case sourcecode, dependency, generated, internalFile
}

/// Lists and classifies the files of a run directory.
public enum RunFiles {
    /// Run-relative paths, natsorted; directories end in `/`.
    /// - Parameters:
    ///   - classes: when not empty, only files of these classes (directories are left out).
    ///   - path: a glob (with `*` or `?`) or a subtree to keep.
    public static func list(
        runDirectory: URL, includeHidden: Bool, followLinks: Bool, classes: Set<RunFileClass>, path: String?
    ) -> [String] {
        let manifest = Dictionary(
            Manifest.read(runDirectory: runDirectory).map { ($0.path, $0.kind) }, uniquingKeysWith: { a, _ in a })
        var results: [String] = []
        var stack = [""]
        let fm = FileManager.default
        while let dir = stack.popLast() {
            let url = dir.isEmpty ? runDirectory : runDirectory.appendingPathComponent(dir)
            guard let names = try? fm.contentsOfDirectory(atPath: url.path) else { continue }
            for name in names {
                let rel = dir.isEmpty ? name : dir + "/" + name
                // With classes, hidden files count too (`.guild/sourcecode` holds source code), but
                // not Guild's own files under `.guild`.
                if !includeHidden && name.hasPrefix(".") && classes.isEmpty {
                    // As Guild's path filter: a hidden entry only on the way to `-p PATH`, or as it.
                    guard let path, !path.contains("*"), !path.contains("?"),
                        Self.parts(path).starts(with: Self.parts(rel))
                    else { continue }
                }
                let full = url.appendingPathComponent(name).path
                var isDir: ObjCBool = false
                let isLink = (try? fm.destinationOfSymbolicLink(atPath: full)) != nil
                _ = fm.fileExists(atPath: full, isDirectory: &isDir)
                let descend = isDir.boolValue && (!isLink || followLinks)
                if descend { stack.append(rel) }
                if !classes.isEmpty {
                    let kind = classify(rel, manifest: manifest)
                    if isDir.boolValue && descend {
                        // A directory is listed only as a dependency of its own (a linked one).
                        if manifest[rel] != nil && classes.contains(kind) { results.append(rel + "/") }
                        continue
                    }
                    if kind == .generated && (rel == ".guild" || rel.hasPrefix(".guild/")) { continue }
                    guard classes.contains(kind) else { continue }
                }
                results.append(isDir.boolValue ? rel + "/" : rel)
            }
        }
        if let path { results = results.filter { matches($0, path: path) } }
        return results.sorted(by: naturalLess)
    }

    /// Files under `directory` (relative paths, sorted), links followed, each real directory
    /// entered once; directories whose name `skip` returns true for are not entered. A link to
    /// nothing counts as a file only with `brokenLinks`.
    static func followingLinks(
        in directory: URL, brokenLinks: Bool = false, skip: (String) -> Bool = { _ in false }
    ) -> [String] {
        var files: [String] = []
        var seen: Set<String> = []
        func walk(_ url: URL, _ prefix: String) {
            guard seen.insert(url.resolvingSymlinksInPath().path).inserted,
                let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
            else { return }
            for name in names {
                let child = url.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory) else {
                    if brokenLinks && (try? FileManager.default.destinationOfSymbolicLink(atPath: child.path)) != nil {
                        files.append(prefix + name)
                    }
                    continue
                }
                if !isDirectory.boolValue {
                    files.append(prefix + name)
                } else if !skip(name) {
                    walk(child, prefix + name + "/")
                }
            }
        }
        walk(directory, "")
        return files.sorted()
    }

    /// The class of a path: its own manifest entry, else its nearest listed parent, else generated.
    public static func classify(_ rel: String, manifest: [String: ManifestEntry.Kind]) -> RunFileClass {
        var candidate = rel
        while true {
            if let kind = manifest[candidate] {
                switch kind {
                case .sourcecode: return .sourcecode
                case .dependency: return .dependency
                case .internalFile: return .internalFile
                }
            }
            guard let slash = candidate.lastIndex(of: "/") else { return .generated }
            candidate = String(candidate[..<slash])
        }
    }

    private static func parts(_ path: String) -> [Substring] {
        path.split(separator: "/")
    }

    private static func matches(_ rel: String, path: String) -> Bool {
        let clean = rel.hasSuffix("/") ? String(rel.dropLast()) : rel
        if path.contains("*") || path.contains("?") { return Glob.matches(path, clean) }
        let p = path.hasSuffix("/") ? String(path.dropLast()) : path
        return clean == p || clean.hasPrefix(p + "/")
    }
}
