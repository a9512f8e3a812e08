import Foundation

/// `guild completion --install`: writes the script to the user's config directory and adds a
/// line that sources it to the shell's init file, once (Guild AI's paths and messages).
public struct ShellCompletionInstaller {
    public enum Shell: String, CaseIterable, Sendable { case bash, zsh, fish }

    public let shell: Shell
    public let home: String
    /// `dirname(GUILD_CONFIG)`, else `~/.guild`.
    public let configDirectory: String

    public init(shell: Shell, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.shell = shell
        home = environment["HOME"] ?? NSHomeDirectory()
        if let config = environment["GUILD_CONFIG"], !config.isEmpty {
            configDirectory = (Self.absolute(config) as NSString).deletingLastPathComponent
        } else {
            configDirectory = home + "/.guild"
        }
    }

    public var scriptPath: String { configDirectory + "/\(shell.rawValue)_completion" }

    public func defaultInitPath() -> String {
        switch shell {
        case .bash: return "~/.bashrc"
        case .zsh: return "~/.zshrc"
        case .fish: return "~/.config/fish/completions/guild.fish"
        }
    }

    /// Writes `script` and updates `initPath`; `note` gets each step's message (stderr in Guild).
    /// - Returns: false when the init file already sources the script (nothing changed after
    ///   the script was written).
    public func install(script: String, initPath: String?, note: (String) -> Void) throws -> Bool {
        note("Writing completion script to \(userPath(scriptPath))")
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        try Data((script + "\n").utf8).write(to: URL(fileURLWithPath: scriptPath))
        let initFile = Self.absolute(expandTilde(initPath ?? defaultInitPath()))
        let shown = userPath(scriptPath)
        let sentinel = ". \(shown)"
        let existing = try? String(contentsOfFile: initFile, encoding: .utf8)
        if let existing {
            for (i, line) in existing.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(sentinel) {
                note("Guild completion is already installed in \(userPath(initFile)) (line \(i + 1)):\n  \(line)")
                return false
            }
            if shell != .fish { try backUp(initFile, note: note) }
        }
        note("Updating \(userPath(initFile)) to support Guild command completion")
        try FileManager.default.createDirectory(
            atPath: (initFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let line: String
        switch shell {
        case .bash: line = "[ -s \(shown) ] && . \(shown)  # Enable completion for guild"
        case .zsh: line = "[[ -s \(shown) ]] && . \(shown)  # Enable completion for guild"
        case .fish: line = "test -s \(shown) ;and . \(shown)"
        }
        try Data(((existing == nil ? "" : "\n") + line + "\n").utf8).append(toFile: initFile, existing: existing != nil)
        return true
    }

    /// Copies the init file to `<file>.guild-backup.<n>`, n one more than the highest there.
    private func backUp(_ path: String, note: (String) -> Void) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".guild-backup."
        let taken = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).compactMap {
            $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil
        }
        let backup = path + ".guild-backup.\((taken.max() ?? 0) + 1)"
        note("Backing up \(userPath(path)) to \(userPath(backup))")
        try FileManager.default.copyItem(atPath: path, toPath: backup)
    }

    private func userPath(_ path: String) -> String {
        path == home ? "~" : path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }

    private func expandTilde(_ path: String) -> String {
        path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst(1) : path
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension Data {
    fileprivate func append(toFile path: String, existing: Bool) throws {
        guard existing, let handle = FileHandle(forWritingAtPath: path) else {
            return try write(to: URL(fileURLWithPath: path))
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
