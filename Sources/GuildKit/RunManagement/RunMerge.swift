import Foundation

/// `guild merge`: which of a run's files go back to a project directory, and copying them
/// (Guild AI's run_merge). The run's manifest says what each file was: source code (copied to
/// its source path), a project-local file dependency (to its `file:` path), or neither (a file
/// the run made, copied to the same path only with `--all`).
public struct RunMerge {
    public enum FileType: String, Sendable { case sourcecode = "s", dependency = "d", other = "o" }

    /// Why a file is not copied (Guild's codes).
    public enum SkipReason: String, Sendable {
        case excluded = "x", skippedSourcecode = "s", skippedDependency = "d"
        case nonProjectDependency = "npd", unchanged = "u", unknown = "?"

        /// The reason as `merge --preview` shows it.
        public func text(for type: FileType) -> String {
            switch self {
            case .unknown: return type == .other ? "non-project file" : "unknown (type=\(type.rawValue))"
            case .unchanged: return "unchanged"
            case .nonProjectDependency: return "non-project dependency"
            case .skippedDependency: return "skipped dependency"
            case .skippedSourcecode: return "skipped source code"
            case .excluded: return "excluded"
            }
        }
    }

    public struct CopyFile: Sendable {
        public var type: FileType
        public var runPath: String
        public var targetPath: String
    }

    public struct SkipFile: Sendable {
        public var type: FileType
        public var runPath: String
        /// nil for a dependency that did not come from the project.
        public var targetPath: String?
        public var reason: SkipReason
        /// The path listed for it: its target, else its path in the run.
        public var path: String { targetPath ?? runPath }
    }

    public struct Options: Sendable {
        public var copyAll = false
        public var skipSourcecode = false
        public var skipDependencies = false
        /// fnmatch patterns (`*` matches `/` too) over target paths.
        public var exclude: [String] = []
        public init() {}
    }

    /// What replacing files in the target would break.
    public enum ReplaceProblem: Equatable, Sendable {
        /// Files that exist and are not tracked unchanged by git.
        case replacing([String])
        /// Tracked files with changes git has not staged.
        case unstaged([String])
    }

    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }

    public let run: Run
    public let targetDirectory: URL
    public private(set) var toCopy: [CopyFile] = []
    public private(set) var toSkip: [SkipFile] = []

    public init(run: Run, targetDirectory: URL, options: Options) throws {
        self.run = run
        self.targetDirectory = targetDirectory
        guard FileManager.default.fileExists(atPath: run.guildDirectory.appendingPathComponent("manifest").path) else {
            throw MergeError(description: "run manifest does not exist for run \(run.id)")
        }
        var entries: [String: ManifestEntry] = [:]
        for entry in Manifest.read(runDirectory: run.directory) { entries[entry.path] = entry }
        for path in RunFiles.followingLinks(in: run.directory) {
            if let entry = entries[path] {
                add(entry, options)
            } else if !path.hasPrefix(".guild") {
                add(path, type: .other, target: path, copy: options.copyAll, options)
            }
        }
        pruneOverlaps()
    }

    private mutating func add(_ entry: ManifestEntry, _ options: Options) {
        switch entry.kind {
        case .sourcecode:
            if options.skipSourcecode {
                toSkip.append(SkipFile(type: .sourcecode, runPath: entry.path, targetPath: entry.source, reason: .skippedSourcecode))
            } else {
                add(entry.path, type: .sourcecode, target: entry.source, copy: true, options)
            }
        case .dependency:
            let target = entry.subpath == nil && entry.source.hasPrefix("file:") ? String(entry.source.dropFirst(5)) : nil
            if options.skipDependencies {
                toSkip.append(SkipFile(type: .dependency, runPath: entry.path, targetPath: target, reason: .skippedDependency))
            } else if let target {
                add(entry.path, type: .dependency, target: target, copy: true, options)
            } else {
                toSkip.append(SkipFile(type: .dependency, runPath: entry.path, targetPath: nil, reason: .nonProjectDependency))
            }
        case .internalFile:
            toSkip.append(SkipFile(type: .other, runPath: entry.path, targetPath: entry.path, reason: .unknown))
        }
    }

    private mutating func add(_ runPath: String, type: FileType, target: String, copy: Bool, _ options: Options) {
        let skip: SkipReason? =
            !copy ? .unknown
            : options.exclude.contains(where: { fnmatch($0, target, 0) == 0 }) ? .excluded
            : isUnchanged(runPath, target) ? .unchanged : nil
        if let skip {
            toSkip.append(SkipFile(type: type, runPath: runPath, targetPath: target, reason: skip))
        } else {
            toCopy.append(CopyFile(type: type, runPath: runPath, targetPath: target))
        }
    }

    private func isUnchanged(_ runPath: String, _ target: String) -> Bool {
        let dest = targetDirectory.appendingPathComponent(target).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dest, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return false
        }
        return FileManager.default.contentsEqual(atPath: run.directory.appendingPathComponent(runPath).path, andPath: dest)
    }

    /// Two files for one target: the one that is not source code wins (a dependency is the
    /// same file; a file the run rewrote is the newer one).
    private mutating func pruneOverlaps() {
        let source = Set(toCopy.filter { $0.type == .sourcecode }.map(\.targetPath))
        let other = Set(toCopy.filter { $0.type != .sourcecode }.map(\.targetPath))
        toCopy.removeAll { $0.type == .sourcecode && other.contains($0.targetPath) && source.contains($0.targetPath) }
    }

    /// Files the merge would replace that cannot be had back: any existing file, or in a git
    /// work tree, any file git does not track and unchanged-or-staged. `noReplace` refuses every
    /// existing file.
    public func replaceProblem(noReplace: Bool) -> ReplaceProblem? {
        let replacing = Set(toCopy.map(\.targetPath).filter {
            FileManager.default.fileExists(atPath: targetDirectory.appendingPathComponent($0).path)
        })
        guard !replacing.isEmpty else { return nil }
        if noReplace { return .replacing(replacing.sorted()) }
        guard let tracked = git(["ls-files"]), let status = git(["status", "--short", "--renames", "."]) else {
            return .replacing(replacing.sorted())
        }
        let trackedFiles = Set(tracked)
        if !replacing.subtracting(trackedFiles).isEmpty { return .replacing(replacing.sorted()) }
        // `XY path`: Y (the work tree column) other than a space is an unstaged change.
        let unstagedPrefixes = status.filter { $0.count > 3 && Array($0)[1] != " " }.map { line -> String in
            let path = String(line.dropFirst(3))
            return path.components(separatedBy: " -> ").last ?? path
        }
        let unstaged = replacing.filter { path in unstagedPrefixes.contains { path.hasPrefix($0) } }
        return unstaged.isEmpty ? nil : .unstaged(unstaged.sorted())
    }

    private func git(_ args: [String]) -> [String]? {
        guard let out = HelperCommand.output(["git", "--no-optional-locks"] + args, in: targetDirectory) else { return nil }
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Copies every file to copy, in target order; `willCopy` is told of each first.
    public func apply(willCopy: (CopyFile) -> Void) throws {
        for file in toCopy.sorted(by: { $0.targetPath < $1.targetPath }) {
            willCopy(file)
            let source = run.directory.appendingPathComponent(file.runPath).resolvingSymlinksInPath()
            let dest = targetDirectory.appendingPathComponent(file.targetPath)
            if source.path == dest.resolvingSymlinksInPath().path { continue }
            try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            // With the run file's mode, as shutil.copy keeps it; a link at the target is
            // replaced, never written through.
            try FastFile.copy(from: source.path, to: dest.path)
        }
    }

    /// The project directory a run came from, for merging into the current directory: a
    /// guild.yml's directory, or a script op's. Guild's messages when there is none.
    public static func projectDirectory(of run: Run, opref: OpRef, command: String) throws -> String {
        guard ["guildfile", "script"].contains(opref.packageType) else {
            throw MergeError(
                description: "run \(run.id) does not originate from a project - cannot merge to the current directory "
                    + "by default\nUse --target-dir to skip this check or try '\(command) --help' for more information.")
        }
        guard let directory = opref.operationDirectory, !opref.packageName.isEmpty,
            FileManager.default.fileExists(atPath: opref.packageName)
        else {
            throw MergeError(
                description: "unexpected missing project directory for run \(run.id) (\(opref.encoded.trimmingCharacters(in: .newlines)))\n"
                    + "Skip this check by using --target-dir")
        }
        return directory
    }
}
