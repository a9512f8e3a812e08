import Foundation

/// Puts one resolved source path into the run directory (copy, link or rename) and describes
/// it for the manifest (Guild's `_resolve_source_for_path` and `resolved_source_args`).
struct SourceTarget {
    let source: ResourceSource
    let resource: ResourceDef
    /// Absolute path of what was resolved.
    let sourcePath: String
    /// The directory the source was looked up in (the guild.yml directory).
    let origin: String
    let runDirectory: String
    let context: ResolveContext

    /// The absolute target path in the run directory.
    func targetPath() throws -> String {
        var dir: String
        let configured = source.targetPath ?? resource.targetPath
        if source.preservePath {
            if let configured {
                context.log("WARNING: target-path '\(configured)' specified with preserve-path - ignoring")
            }
            dir = PathText.relative(PathText.dirname(sourcePath), to: preservedPathBase)
        } else if configured == nil && source.scheme == "dvcfile" {
            // A DvC dependency keeps its project path (`data/x.csv`), where the stage expects it;
            // Guild AI puts it at the run root and leaves a second copy after a pull.
            dir = PathText.dirname(source.path)
        } else {
            dir = configured ?? ""
        }
        if dir.hasPrefix("/") {
            throw DependencyError("invalid path '\(dir)' in \(resource.resolvingName) resource (path must be relative)")
        }
        if dir == "." { dir = "" }
        let relative = PathText.join(dir, try renamed(PathText.basename(sourcePath)))
        guard let target = ContainedPath.resolve(relative, in: runDirectory), target != PathText.normalize(runDirectory)
        else {
            throw DependencyError(
                "invalid path '\(relative)' in \(resource.resolvingName) resource (it leaves the run directory)")
        }
        if let link = ContainedPath.linkOnTheWay(to: target, below: runDirectory) {
            throw DependencyError(
                "invalid path '\(relative)' in \(resource.resolvingName) resource (it goes through the link '\(link)')")
        }
        return target
    }

    /// Copies, links or renames the source to `target`.
    /// - Returns: false when the target existed and was left alone.
    func apply(to target: String) throws -> Bool {
        let type = try targetType()
        // Already in place, e.g. a file `dvc pull` fetched into the run directory.
        if sourcePath == target { return true }
        if PathText.dirname(sourcePath) == runDirectory {
            return try place(target, action: "rename") {
                try FileManager.default.moveItem(atPath: sourcePath, toPath: target)
            }
        }
        if type == "link" {
            try checkLinkTarget()
            let relative = PathText.relative(sourcePath, to: PathText.dirname(Self.realPath(target)))
            return try place(target, action: "link") {
                do {
                    try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: relative)
                } catch {
                    throw DependencyError("unable to link to dependency source: \(error.localizedDescription)")
                }
            }
        }
        return try place(target, action: "copy") {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: sourcePath, isDirectory: &isDir)
            if isDir.boolValue {
                try FileManager.default.copyItem(atPath: sourcePath, toPath: target)
            } else {
                try FastFile.copy(from: sourcePath, to: target)
            }
        }
    }

    /// A link a run holds points into the project, the Guild home's runs or its cache: a link
    /// out of those would let the op (or a later archive or copy) write outside them.
    private func checkLinkTarget() throws {
        let home = context.guildContext.guildHome.path
        let real = URL(fileURLWithPath: sourcePath).resolvingSymlinksInPath().path
        let bases = [origin, home + "/runs", home + "/cache"].flatMap { base in
            [PathText.normalize(base), URL(fileURLWithPath: base).resolvingSymlinksInPath().path]
        }
        guard bases.contains(where: { ContainedPath.isInside(real, base: $0) }) else {
            throw DependencyError(
                "cannot link to '\(sourcePath)' for \(resource.resolvingName) resource: a link may point only into the "
                    + "project or the Guild home (use target-type: copy)")
        }
    }

    /// What `preserve-path` keeps paths relative to: the upstream run directory for sources from a
    /// run (Guild AI uses the project directory there, which gives paths outside the run).
    private var preservedPathBase: String {
        let runs = context.guildContext.runsDirectory.path + "/"
        guard source.isUpstreamRun, sourcePath.hasPrefix(runs),
            let id = sourcePath.dropFirst(runs.count).split(separator: "/").first
        else { return origin }
        return runs + id
    }

    /// The manifest `d` line for the target.
    func manifestEntry(for target: String) -> ManifestEntry {
        let rel = PathText.relative(target, to: runDirectory)
        var isDir: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && !isDir.boolValue
        let sha1 = isFile ? Hashing.sha1(ofFile: URL(fileURLWithPath: target)) : nil
        // Guild's prefix test, without a separator, is kept so the two tools write the same lines.
        if sourcePath.hasPrefix(origin) {
            return ManifestEntry(
                kind: .dependency, path: rel, sha1: sha1, source: "file:" + PathText.relative(sourcePath, to: origin))
        }
        let uri = source.scheme == "file" ? "file:" + source.path : source.uri
        let resources = context.resourcesDirectory.path + "/"
        var subpath: String?
        if sourcePath.hasPrefix(resources) {
            subpath = PathText.relative(sourcePath, to: resources).split(separator: "/").dropFirst()
                .joined(separator: "/")
        }
        return ManifestEntry(kind: .dependency, path: rel, sha1: sha1, source: uri, subpath: subpath)
    }

    private func targetType() throws -> String {
        if let t = source.targetType {
            guard t == "link" || t == "copy" else {
                throw DependencyError(
                    "unsupported target-type '\(t)' in source \(source.resolvingName) (expected 'link' or 'copy')")
            }
            return t
        }
        if let t = resource.targetType {
            guard t == "link" || t == "copy" else {
                throw DependencyError(
                    "unsupported target-type '\(t)' in resource \(resource.resolvingName) (expected 'link' or 'copy')"
                )
            }
            return t
        }
        // Guild AI 0.9.0 copies every kind of source unless told to link.
        return "copy"
    }

    private func renamed(_ name: String) throws -> String {
        for spec in source.rename {
            let pattern = try context.resolveReferences(spec.pattern, in: "rename of \(name)")
            let replacement = try context.resolveReferences(spec.replacement, in: "rename of \(name)")
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                throw DependencyError("error renaming source \(name) ('\(pattern)' -> '\(replacement)'): bad pattern")
            }
            let range = NSRange(name.startIndex..., in: name)
            guard let match = regex.firstMatch(in: name, range: range) else { continue }
            let template = Self.pythonTemplate(replacement)
            let replaced = regex.replacementString(for: match, in: name, offset: 0, template: template)
            let r = Range(match.range, in: name)!
            let result = name.replacingCharacters(in: r, with: replaced)
            if result != name { return result }
        }
        return name
    }

    /// A Python `re.sub` replacement (`\1`, `\g<1>`) as an NSRegularExpression template (`$1`).
    static func pythonTemplate(_ repl: String) -> String {
        var out = ""
        var chars = Array(repl)[...]
        while let c = chars.popFirst() {
            if c == "$" {
                out += "\\$"
            } else if c == "\\", let next = chars.first {
                if next.isNumber {
                    chars.removeFirst()
                    out += "$" + String(next)
                } else if next == "g", chars.dropFirst().first == "<", let close = chars.firstIndex(of: ">") {
                    let group = String(chars[chars.index(chars.startIndex, offsetBy: 2)..<close])
                    out += "${\(group)}"
                    chars = chars[chars.index(after: close)...]
                } else {
                    chars.removeFirst()
                    out += next == "\\" ? "\\\\" : String(next)
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    private func place(_ target: String, action: String, _ body: () throws -> Void) throws -> Bool {
        let fm = FileManager.default
        if (try? fm.attributesOfItem(atPath: target)) != nil {
            guard source.replaceExisting == true else {
                context.log("WARNING: \(target) already exists, skipping \(action)")
                return false
            }
            try fm.removeItem(atPath: target)
        }
        try fm.createDirectory(atPath: PathText.dirname(target), withIntermediateDirectories: true)
        do {
            try body()
        } catch let error as DependencyError {
            throw error
        } catch {
            throw DependencyError("cannot \(action) \(sourcePath) to \(target): \(error.localizedDescription)")
        }
        return true
    }

    /// The path with symlinks in its directory part resolved (the target itself may not exist).
    private static func realPath(_ path: String) -> String {
        let dir = URL(fileURLWithPath: PathText.dirname(path)).resolvingSymlinksInPath().path
        return PathText.join(dir, PathText.basename(path))
    }
}
