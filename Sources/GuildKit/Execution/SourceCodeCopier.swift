import Foundation

/// Copies an op's source code into the run directory and computes its digest (reference 2.8, 3.5).
struct SourceCodeCopier {
    var root: URL
    /// Destination relative to the run directory.
    var dest: String
    /// Model rules, then op rules.
    var rules: [SourceCodeRule]
    /// Project-relative paths left out (project-local dependencies such as config files).
    var excludedPaths: Set<String> = []
    /// Project-relative directories left out whole (DvC stage deps, resolved on their own).
    var excludedDirectories: Set<String> = []
    var maxFileSize = 1024 * 1024
    var maxFileCount = 100
    /// In a git work tree: the paths git ignores (with `.guildignore` patterns), relative to
    /// the root. Then Guild copies everything else, with no text, size or count limits.
    var gitIgnored: Set<String>?

    struct Result {
        var entries: [ManifestEntry]
        var digest: String?
        var warnings: [String]
    }

    static func make(for resolved: ResolvedOperation, environment: [String: String]) -> SourceCodeCopier? {
        let modelSpec = resolved.model.sourcecode
        let opSpec = resolved.opdef.sourcecode
        if opSpec?.isDisabled == true { return nil }
        // A pipeline has no source code of its own unless it names some (Guild's steps rules).
        if resolved.opdef.steps != nil && (opSpec?.rules.isEmpty ?? true) { return nil }
        if modelSpec?.isDisabled == true && (opSpec?.rules.isEmpty ?? true) { return nil }
        var copier = SourceCodeCopier(
            root: resolved.sourceCodeRoot, dest: resolved.sourceCodeDest,
            rules: (modelSpec?.rules ?? []) + (opSpec?.rules ?? []))
        if let size = environment["MAX_DEFAULT_SOURCECODE_FILE_SIZE"].flatMap(Int.init) { copier.maxFileSize = size }
        if let count = environment["MAX_DEFAULT_SOURCECODE_COUNT"].flatMap(Int.init) { copier.maxFileCount = count }
        copier.gitIgnored = GitIgnoredFiles.list(root: copier.root)
        return copier
    }

    /// The files selected, as paths relative to the root, in the order Guild's `os.walk` visits
    /// them: a directory's files sorted by name, then each of its subdirectories in name order.
    /// A link that points out of the project is selected as a link (its content is not read);
    /// links inside it are followed once each; dangling and looping links are skipped.
    func selectFiles() -> (paths: [String], warnings: [String]) {
        let entries = selectEntries()
        return (entries.paths, entries.warnings)
    }

    /// `selectFiles`, with the links that are copied as links (by run-relative path, to the
    /// absolute target).
    func selectEntries() -> (paths: [String], links: [String: String], warnings: [String]) {
        var selected: [String] = []
        var links: [String: String] = [:]
        var warnings: [String] = []
        var defaultCount = 0
        let fm = FileManager.default
        let realRoot = root.resolvingSymlinksInPath().path
        var visited: Set<String> = [realRoot]
        func walk(_ dir: String) {
            let dirURL = dir.isEmpty ? root : root.appendingPathComponent(dir)
            guard let names = try? fm.contentsOfDirectory(atPath: dirURL.path) else { return }
            var subdirs: [String] = []
            for name in names.sorted() {
                let rel = dir.isEmpty ? name : dir + "/" + name
                let url = dirURL.appendingPathComponent(name)
                var isDir: ObjCBool = false
                let isLink = (try? fm.destinationOfSymbolicLink(atPath: url.path)) != nil
                guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else {
                    if isLink {
                        warnings.append("WARNING: Skipping source code link \(url.path): its target does not exist")
                    }
                    continue
                }
                if isLink {
                    let real = url.resolvingSymlinksInPath().path
                    if !ContainedPath.isInside(real, base: realRoot) {
                        // Its content is not ours to copy (a link to /etc); the op still reaches it.
                        if !excludedPaths.contains(rel) && !excludedDirectories.contains(rel)
                            && (gitIgnored.map { !$0.contains(rel) } ?? !name.hasPrefix("."))
                        {
                            links[rel] = real
                        }
                        continue
                    }
                    if isDir.boolValue {
                        guard visited.insert(real).inserted else {
                            warnings.append("WARNING: Skipping source code link \(url.path): it loops")
                            continue
                        }
                    }
                }
                if isDir.boolValue {
                    if excludedDirectories.contains(rel) { continue }
                    if includesDirectory(name: name, rel: rel, url: url) { subdirs.append(rel) }
                    continue
                }
                if excludedPaths.contains(rel) { continue }
                // A fifo, socket or device is no source file (and reading a fifo would block).
                guard FastFile.isRegularFile(url.path) else { continue }
                let (included, byDefault) = includesFile(rel: rel, url: url)
                if !included {
                    if byDefault, isTooBig(url), TextFileDetector.isText(url) {
                        warnings.append(
                            "WARNING: Skipping source code file \(url.path) because it's too big."
                                + Self.warningHelpSuffix)
                    }
                    continue
                }
                if byDefault {
                    defaultCount += 1
                    if defaultCount > maxFileCount {
                        if defaultCount == maxFileCount + 1 {
                            warnings.append(
                                "WARNING: Found more than \(maxFileCount) source code files but will only copy "
                                    + "\(maxFileCount) as a safety measure." + Self.warningHelpSuffix)
                        }
                        continue
                    }
                }
                selected.append(rel)
            }
            for sub in subdirs { walk(sub) }
        }
        walk("")
        return (selected, links, warnings)
    }

    private static let warningHelpSuffix =
        " To control which files are copied, define 'sourcecode' for the operation in a Guild file."

    private func isTooBig(_ url: URL) -> Bool {
        guard let size = FastFile.size(url.path) else { return false }
        return size > maxFileSize
    }

    private func includesDirectory(name: String, rel: String, url: URL) -> Bool {
        let copiedByDefault: Bool
        if let gitIgnored {
            // Guild AI turns ignored directories into patterns; one without a `/` (a top-level
            // directory) matches a directory of that name at any depth, as do `.git` and `.guild`.
            copiedByDefault =
                name != ".guild" && name != ".git" && !gitIgnored.contains(rel) && !gitIgnored.contains(name)
        } else {
            copiedByDefault = !name.hasPrefix(".")
        }
        var included = copiedByDefault && !FileManager.default.fileExists(atPath: url.path + "/.guild-nocopy")
        for rule in rules where rule.filter == .dir || rule.filter == nil {
            guard rule.patterns.contains(where: { Glob.matches($0, rel) || Glob.matches($0, name) }) else { continue }
            if rule.filter == .dir {
                included = rule.kind == .include
            } else if rule.kind == .exclude && !rule.patterns.contains("*") {
                // An untyped exclude naming a directory excludes everything under it.
                included = false
            }
        }
        return included
    }

    /// Whether the file is copied, and whether only the size-and-count-limited default rules
    /// selected it.
    private func includesFile(rel: String, url: URL) -> (Bool, Bool) {
        var included: Bool
        if let gitIgnored {
            let name = url.lastPathComponent
            included = !gitIgnored.contains(rel) && !Glob.matches(".git*", name) && name != ".guildignore"
        } else {
            included = FastFile.size(url.path).map { $0 <= maxFileSize } == true && TextFileDetector.isText(url)
        }
        // True while only the limited default rules decided (no guild.yml rule matched).
        var byDefault = gitIgnored == nil
        for rule in rules {
            guard rule.patterns.contains(where: { matchesFile(pattern: $0, rel: rel) }) else { continue }
            switch rule.filter {
            case .dir?: continue
            case .text?: if !TextFileDetector.isText(url) { continue }
            case .binary?: if TextFileDetector.isText(url) { continue }
            case nil: break
            }
            included = rule.kind == .include
            byDefault = false
        }
        return (included, byDefault)
    }

    private func matchesFile(pattern: String, rel: String) -> Bool {
        if Glob.matches(pattern, rel) { return true }
        // A pattern naming a directory under the root stands for everything in it.
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(pattern).path, isDirectory: &isDir),
            isDir.boolValue
        {
            return rel.hasPrefix(pattern.hasSuffix("/") ? pattern : pattern + "/")
        }
        return false
    }

    /// Copies the selected files into `runDirectory/dest` and returns their `s` entries and digest.
    func copy(into runDirectory: URL) throws -> Result {
        let (paths, links, warnings) = selectEntries()
        let destDir = dest == "." ? runDirectory : runDirectory.appendingPathComponent(dest)
        var entries: [ManifestEntry] = []
        let fm = FileManager.default
        for (rel, target) in links.sorted(by: { $0.key < $1.key }) {
            let link = destDir.appendingPathComponent(rel)
            try fm.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: link.path, withDestinationPath: target)
            let runRel = dest == "." ? rel : (dest as NSString).appendingPathComponent(rel)
            entries.append(ManifestEntry(kind: .sourcecode, path: runRel, sha1: nil, source: rel))
        }
        for rel in paths {
            let src = root.appendingPathComponent(rel)
            let target = destDir.appendingPathComponent(rel)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FastFile.copy(from: src.path, to: target.path)
            let runRel = dest == "." ? rel : (dest as NSString).appendingPathComponent(rel)
            entries.append(
                ManifestEntry(kind: .sourcecode, path: runRel, sha1: Hashing.sha1(ofFile: target), source: rel))
        }
        return Result(entries: entries, digest: Self.digest(entries, runDirectory: runDirectory), warnings: warnings)
    }

    /// md5 over `path, 0, bytes, 0` for each entry sorted by run path; nil when there are none.
    static func digest(_ entries: [ManifestEntry], runDirectory: URL) -> String? {
        guard !entries.isEmpty else { return nil }
        var md5 = MD5Hasher()
        for entry in entries.sorted(by: { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }) {
            md5.update(Array(entry.path.utf8) + [0])
            let path = runDirectory.appendingPathComponent(entry.path).path
            if entry.sha1 == nil, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                md5.update(Array(target.utf8)) // a link out of the project: its target, not its content
            } else if let bytes = FastFile.readRegularFile(path) {
                md5.update(bytes)
            }
            md5.update([0])
        }
        return md5.finalizeHex()
    }
}
