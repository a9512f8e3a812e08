import Foundation

/// Makes a run directory a DvC repository of its own (Guild's `ensure_dvc_repo`): `git init`,
/// `.dvc/config` from the project's `.dvc/config` or `dvc.config.in`, `.dvc/cache` linked to the
/// project's cache (so pulls and outputs share it), `.dvc/tmp` and `.dvc/.gitignore`.
/// Each step is skipped when its result exists.
enum DvcRunRepository {
    /// - Returns: the run-relative paths created, in the order made, for manifest `i` lines.
    static func ensure(runDirectory: String, project: String, environment: [String: String]) throws -> [String] {
        let fm = FileManager.default
        var created: [String] = []
        if !fm.fileExists(atPath: runDirectory + "/.git") {
            guard let result = HelperCommand.run(["git", "init", "-q", runDirectory], environment: environment)
            else {
                throw DependencyError("cannot initialize Git in run directory \(runDirectory) (is Git installed?)")
            }
            guard result.status == 0 else {
                throw DependencyError("error initializing Git repo in \(runDirectory): \(result.stderr)")
            }
            created.append(".git")
        }
        let config = runDirectory + "/.dvc/config"
        if !fm.fileExists(atPath: config) {
            let candidates = [project + "/.dvc/config", project + "/dvc.config.in"]
            guard let source = candidates.first(where: { fm.fileExists(atPath: $0) }) else {
                throw DependencyError(
                    "cannot find DvC config ('.dvc/config' or 'dvc.config.in') in \(project) (required for 'dvc pull')")
            }
            try fm.createDirectory(atPath: runDirectory + "/.dvc", withIntermediateDirectories: true)
            try FastFile.copy(from: source, to: config)
            created.append(".dvc/config")
        }
        let cache = runDirectory + "/.dvc/cache"
        if (try? fm.attributesOfItem(atPath: cache)) == nil {
            let projectCache = project + "/.dvc/cache"
            if fm.fileExists(atPath: projectCache) {
                try fm.createSymbolicLink(atPath: cache, withDestinationPath: projectCache)
            } else {
                try fm.createDirectory(atPath: cache, withIntermediateDirectories: true)
            }
            created.append(".dvc/cache")
        }
        if !fm.fileExists(atPath: runDirectory + "/.dvc/.gitignore") {
            try FastFile.write("", to: runDirectory + "/.dvc/.gitignore")
            created.append(".dvc/.gitignore")
        }
        if !fm.fileExists(atPath: runDirectory + "/.dvc/tmp") {
            try fm.createDirectory(atPath: runDirectory + "/.dvc/tmp", withIntermediateDirectories: true)
            created.append(".dvc/tmp")
        }
        return created
    }

    /// Manifest `i` lines for `paths` (sha1 for files, `-` for directories and links to them).
    static func internalEntries(_ paths: [String], runDirectory: String, uri: String) -> [ManifestEntry] {
        paths.map { path in
            var isDir: ObjCBool = false
            let full = runDirectory + "/" + path
            let isFile = FileManager.default.fileExists(atPath: full, isDirectory: &isDir) && !isDir.boolValue
            return ManifestEntry(
                kind: .internalFile, path: path, sha1: isFile ? Hashing.sha1(ofFile: URL(fileURLWithPath: full)) : nil,
                source: uri)
        }
    }

    /// Readies the run directory for `dvc pull DEP`: a DvC repo, with the project's `DEP.dvc`
    /// copied in when the run lacks it.
    /// - Returns: the run-relative paths created (repo pieces, the `.dvc` file), sorted.
    /// - Throws: `DependencyError` with Guild AI's texts.
    static func preparePull(_ dep: String, runDirectory: String, project: String, environment: [String: String])
        throws -> [String]
    {
        _ = try DvcCommand.executable(environment: environment)
        var created = try ensure(runDirectory: runDirectory, project: project, environment: environment)
        let dvcFile = dep + ".dvc"
        let fm = FileManager.default
        if !fm.fileExists(atPath: runDirectory + "/" + dvcFile) {
            guard fm.fileExists(atPath: project + "/" + dvcFile) else {
                throw DependencyError("cannot find DvC file \(dvcFile) in \(project) (required for 'dvc pull')")
            }
            try fm.createDirectory(
                atPath: PathText.dirname(runDirectory + "/" + dvcFile), withIntermediateDirectories: true)
            try FastFile.copy(from: project + "/" + dvcFile, to: runDirectory + "/" + dvcFile)
            created.append(dvcFile)
        }
        return created.sorted()
    }

    /// Checks what `dvc pull DEP` did; its output is already on the console, as in Guild AI.
    /// - Throws: `DependencyError` with Guild AI's texts.
    static func checkPull(_ dep: String, status: Int, runDirectory: String) throws {
        guard status == 0 else {
            throw DependencyError(
                "error fetching DvC resource \(dep): 'dvc pull' exited with non-zero exit status \(status) "
                    + "(see above for details)")
        }
        guard FileManager.default.fileExists(atPath: runDirectory + "/" + dep) else {
            throw DependencyError("'dvc pull' did not fetch the expected file \(dep) (see above for details)")
        }
    }
}
