import Foundation

/// Which paths a file, directory or archive source provides (Guild's `resolve_source_files`).
enum SourceFiles {
    /// - Parameter unpackDirectory: where archives are unpacked (a resource cache directory).
    static func resolve(
        _ sourcePath: String, source: ResourceSource, unpackDirectory: String, log: @Sendable (String) -> Void
    ) throws -> [String] {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: sourcePath, isDirectory: &isDir)
        if exists && isDir.boolValue {
            if !source.select.isEmpty { return selected(allPaths(in: sourcePath), root: sourcePath, source.select) }
            return rootPaths((try? FileManager.default.contentsOfDirectory(atPath: sourcePath)) ?? [], root: sourcePath)
        }
        guard exists else { throw DependencyError("'\(sourcePath)' does not exist") }
        if let expected = source.sha256 {
            let actual = Hashing.sha256(ofFile: URL(fileURLWithPath: sourcePath)) ?? ""
            if actual != expected {
                throw DependencyError(
                    "'\(sourcePath)' has an unexpected sha256 (expected \(expected) but got \(actual))")
            }
        }
        guard source.unpack, let type = ArchiveUnpacker.archiveType(sourcePath, explicit: source.archiveType) else {
            return [sourcePath]
        }
        let names = try ArchiveUnpacker.unpack(sourcePath, type: type, into: unpackDirectory, log: log)
        if !source.select.isEmpty { return selected(names, root: unpackDirectory, source.select) }
        return rootPaths(names, root: unpackDirectory)
    }

    /// Every file and directory under `dir`, relative, with `/` separators.
    static func allPaths(in dir: String) -> [String] {
        var out: [String] = []
        var stack = [""]
        let fm = FileManager.default
        while let rel = stack.popLast() {
            let full = rel.isEmpty ? dir : dir + "/" + rel
            for name in (try? fm.contentsOfDirectory(atPath: full)) ?? [] {
                let path = rel.isEmpty ? name : rel + "/" + name
                out.append(path)
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: full + "/" + name, isDirectory: &isDir), isDir.boolValue,
                    (try? fm.destinationOfSymbolicLink(atPath: full + "/" + name)) == nil
                {
                    stack.append(path)
                }
            }
        }
        return out
    }

    /// `root/<path>` for each path a select pattern matches, sorted (`_selected_source_paths`).
    static func selected(_ paths: [String], root: String, _ specs: [SelectSpec]) -> [String] {
        var chosen = Set<String>()
        let sortedPaths = paths.sorted()
        for spec in specs {
            guard let regex = try? NSRegularExpression(pattern: "^(?:" + spec.pattern + ")$") else { continue }
            var matches: [(path: String, value: Double?)] = []
            for path in sortedPaths {
                guard let m = regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) else {
                    continue
                }
                var value: Double?
                if m.numberOfRanges > 1, let r = Range(m.range(at: 1), in: path) { value = Double(path[r]) }
                matches.append((path, value))
            }
            switch spec.reduce {
            case .none:
                chosen.formUnion(matches.map(\.path))
            case .min, .max:
                var best: (path: String, value: Double)?
                for case let (path, value?) in matches {
                    if let b = best, spec.reduce == .min ? !(value < b.value) : !(value > b.value) { continue }
                    best = (path, value)
                }
                if let best { chosen.insert(best.path) }
            }
        }
        return chosen.map { root + "/" + $0 }.sorted()
    }

    /// `root/<name>` for each distinct first path part, leaving out `.guild*` (`_root_paths`).
    static func rootPaths(_ paths: [String], root: String) -> [String] {
        let names = Set(paths.map { String($0.split(separator: "/", omittingEmptySubsequences: false)[0]) })
        return names.filter { !$0.hasPrefix(".guild") }.sorted().map { root + "/" + $0 }
    }
}
