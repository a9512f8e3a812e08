import Foundation

/// Edits text in the user's editor as Guild AI does (click's `edit`): `$VISUAL`, then `$EDITOR`,
/// then `/usr/bin/editor`, run by the shell on a temporary file.
public enum TextEditor {
    /// The text after editing.
    /// - Throws: `GuildError` when no editor is set, or the editor cannot run or fails.
    public static func edit(_ text: String, suffix: String, environment: [String: String]) throws -> String {
        let editor = try command(environment)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "guild-" + UUID().uuidString.prefix(8).lowercased() + suffix
        ).path
        try FastFile.write(text, to: path)
        defer { unlink(path) }
        let status = ChildProcess.wait(
            try ChildProcess.start(["/bin/sh", "-c", editor + " " + FlagFormatting.shlexQuote(path)]))
        guard status == 0 else { throw GuildError("\(editor): Editing failed") }
        return FastFile.readString(path) ?? text
    }

    /// The lines of `text` that do not start with `#`, as Guild strips an edited comment.
    public static func strippingCommentLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }
            .joined(separator: "\n")
    }

    private static func command(_ environment: [String: String]) throws -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/editor") { return "/usr/bin/editor" }
        throw GuildError("no editor found - set VISUAL or EDITOR")
    }
}
