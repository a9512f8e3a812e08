import Foundation

/// A resource an operation requires: named sources resolved into the run directory (reference 3.6).
public struct ResourceDef: Sendable, Equatable {
    public var name: String?
    public var description = ""
    public var sources: [ResourceSource] = []
    public var targetPath: String?
    public var targetType: String?
    public var preservePath = false
    public var defaultUnpack = true
    /// The mapping it was read from, recorded in the `op` attr so a restart can rebuild it.
    public var data: [String: YAMLValue] = [:]

    public init(name: String?) { self.name = name }

    /// An unnamed resource of one source, its data being the source's.
    init(source: ResourceSource) {
        sources = [source]
        data = ["sources": .list([source.data])]
    }

    /// `name`, else the sources' resolving names joined with `,`, as in messages and the `deps` attr.
    public var resolvingName: String {
        if let name { return name }
        let joined = sources.map(\.resolvingName).joined(separator: ",")
        return joined.isEmpty ? "resource" : joined
    }
}

/// One source of a resource: a file, URL, upstream operation, config, module, or a plugin's kind.
public struct ResourceSource: Sendable, Equatable {
    /// `file:data.csv`, `https://host/x.zip`, `operation:prepare`, `config:c.yml`, `dvcfile:d.zip`, ...
    public var uri: String
    public var name: String?
    /// nil when unset; `.disabled` for `flag-name: no`.
    public var flagName: FlagNameSetting?
    public var sha256: String?
    public var unpack = true
    public var archiveType: String?
    public var select: [SelectSpec] = []
    public var optional = false
    public var warnIfEmpty = true
    public var failIfEmpty = false
    public var rename: [RenameSpec] = []
    public var help: String?
    public var postProcess: String?
    public var targetPath: String?
    public var targetType: String?
    public var replaceExisting: Bool?
    public var alwaysResolve: Bool?
    public var preservePath = false
    public var params: YAMLValue?
    /// Attributes a plugin source kind reads (`remote`, `always-pull`, ...).
    public var extra: [String: YAMLValue] = [:]
    /// The mapping (or string) it was read from.
    public var data: YAMLValue = .null

    public init(uri: String) { self.uri = uri }

    /// The part before the first `:`, or the URL scheme.
    public var scheme: String { uri.firstIndex(of: ":").map { String(uri[..<$0]) } ?? "" }

    /// The URI without its scheme; the URL path for `http(s)` sources.
    public var path: String {
        guard let colon = uri.firstIndex(of: ":") else { return uri }
        let rest = String(uri[uri.index(after: colon)...])
        guard rest.hasPrefix("//") else { return rest }
        let afterHost = rest.dropFirst(2)
        guard let slash = afterHost.firstIndex(of: "/") else { return "" }
        let path = afterHost[slash...]
        return String(path.prefix { $0 != "?" && $0 != "#" })
    }

    /// `name`, else `flag-name`, else the URI.
    public var resolvingName: String { name ?? flagName?.name ?? uri }

    /// The flag names whose value replaces this source's location, in Guild's order.
    public var flagNameCandidates: [String] {
        if let flag = flagName?.name { return [flag] }
        if let name { return [name] }
        return [uri, path]
    }

    /// The project-relative path of a `file:` or `config:` source, kept out of the source code copy.
    public var projectLocalPath: String? {
        scheme == "file" || scheme == "config" || scheme == "dvcfile" ? path : nil
    }

    /// Sources whose files come from an upstream run, chosen by a flag value or marked-or-latest.
    var isUpstreamRun: Bool { scheme == "operation" || scheme == "dvcstage" }
}

public enum FlagNameSetting: Sendable, Equatable {
    case name(String)
    case disabled

    var name: String? {
        if case .name(let n) = self { return n }
        return nil
    }
}

/// A `select`, `select-min` or `select-max` regular expression.
public struct SelectSpec: Sendable, Equatable {
    public enum Reduce: Sendable { case none, min, max }
    public var pattern: String
    public var reduce: Reduce
}

/// A `rename` rule, applied with `re.sub(pattern, repl, name, count=1)` semantics.
public struct RenameSpec: Sendable, Equatable {
    public var pattern: String
    public var replacement: String
}
