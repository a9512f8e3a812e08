import Foundation

/// The files git ignores in a project, as Guild AI lists them for its source code rules:
/// `git ls-files -ioc --exclude-standard --directory` plus `-x` for each `.guildignore` line.
enum GitIgnoredFiles {
    /// Ignored paths relative to `root` (directories without their trailing `/`), or nil when
    /// `root` is not in a git work tree or git is not available.
    static func list(root: URL) -> Set<String>? {
        guard isInGitWorkTree(root) else { return nil }
        var args = ["ls-files", "-ioc", "--exclude-standard", "--directory", "-z"]
        for pattern in guildignorePatterns(root) { args += ["-x", pattern] }
        guard let data = HelperCommand.output(["git"] + args, in: root) else { return nil }
        let paths = data.split(separator: 0).map { entry in
            var path = String(decoding: entry, as: UTF8.self)
            if path.hasSuffix("/") { path.removeLast() }
            return path
        }
        return Set(paths)
    }

    private static func isInGitWorkTree(_ root: URL) -> Bool {
        var dir = root.standardizedFileURL
        while true {
            // A directory in a repository, a file in a worktree or submodule.
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { return true }
            if dir.path == "/" { return false }
            dir = dir.deletingLastPathComponent()
        }
    }

    private static func guildignorePatterns(_ root: URL) -> [String] {
        guard let text = try? String(contentsOf: root.appendingPathComponent(".guildignore"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
