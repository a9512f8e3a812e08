import Foundation

/// Finds the Guild home in the order Guild AI 0.9 uses (reference 1.1).
struct GuildHomeResolver {
    let environment: [String: String]
    let cwd: URL
    let userHome: URL

    func resolve(explicit: String?) -> URL {
        if let explicit, !explicit.isEmpty {
            return URL(fileURLWithPath: explicit, relativeTo: cwd).standardizedFileURL
        }
        if let env = environment["GUILD_HOME"], !env.isEmpty {
            return URL(fileURLWithPath: env, relativeTo: cwd).standardizedFileURL
        }
        if environment["GUILD_HOME_SCHEME"] == "pre-0.9" {
            let base = activatedEnv().map { URL(fileURLWithPath: $0) } ?? userHome
            return base.appendingPathComponent(".guild").resolvingSymlinksInPath()
        }
        if let envDir = activatedEnv() {
            let candidate = URL(fileURLWithPath: envDir).appendingPathComponent(".guild")
            if isDirectory(candidate) { return candidate.resolvingSymlinksInPath() }
        }
        if let found = nearestGuildDirectory() { return found }
        return userHome.appendingPathComponent(".guild")
    }

    private func activatedEnv() -> String? {
        if let conda = environment["CONDA_PREFIX"], !conda.isEmpty { return conda }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { return venv }
        return nil
    }

    /// Walks up from cwd, stopping after the user's home or the filesystem root.
    private func nearestGuildDirectory() -> URL? {
        var dir = cwd.standardizedFileURL
        let home = userHome.standardizedFileURL.path
        while true {
            let candidate = dir.appendingPathComponent(".guild")
            if isDirectory(candidate) { return candidate }
            if dir.path == home || dir.path == "/" { return nil }
            dir = dir.deletingLastPathComponent()
        }
    }

    private func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
