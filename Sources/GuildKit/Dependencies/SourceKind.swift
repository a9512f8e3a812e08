import Foundation

/// A type key a source mapping may use (`file: x`, `operation: y`, ...) and the URI it makes.
public struct SourceKind: Sendable {
    public var key: String
    /// Attributes this kind reads besides the common ones, so they are not warned about.
    public var extraAttributes: Set<String> = []

    /// The source URI for the key's value: the URL itself for `url`, else `key:value`.
    func uri(for value: String) -> String { key == "url" ? value : "\(key):\(value)" }

    /// Every source kind, in the order Guild checks them; plugins' kinds come last.
    public static let all: [SourceKind] = [
        // `flags`: which flags a config source gets (DvC params files each take their own).
        SourceKind(key: "config", extraAttributes: ["flags"]), SourceKind(key: "file"), SourceKind(key: "module"),
        SourceKind(key: "url"),
        SourceKind(key: "operation"),
        SourceKind(key: "dvcfile", extraAttributes: ["remote", "always-pull"]),
        SourceKind(key: "dvcstage"),
    ]

    /// Attributes every source may have (reference 3.6), with `_` spelled `-`.
    static let commonAttributes: Set<String> = [
        "name", "sha256", "unpack", "type", "select", "select-min", "select-max", "warn-if-empty", "optional",
        "fail-if-empty", "rename", "help", "post-process", "target-path", "target-type", "replace-existing",
        "always-resolve", "path", "preserve-path", "params", "flag-name",
    ]
}
