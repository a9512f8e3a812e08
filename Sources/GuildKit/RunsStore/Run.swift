import Foundation

/// A run directory and lazy access to its metadata.
public struct Run: Sendable {
    /// The run id (the directory name for runs in the Guild home).
    public let id: String
    /// The run directory's path. Kept as a string: listing 10,000 runs spends too long
    /// building and taking apart URLs.
    public let path: String

    public init(id: String, directory: URL) {
        self.id = id
        self.path = directory.path
    }

    init(id: String, path: String) {
        self.id = id
        self.path = path
    }

    /// The run directory.
    public var directory: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The first 8 characters of the id.
    public var shortId: String { String(id.prefix(8)) }

    /// `RD/.guild`.
    public var guildDirectory: URL { directory.appendingPathComponent(".guild") }

    private var guildPath: String { path + "/.guild" }

    /// Raw text of attr `name`, or nil when absent.
    public func rawAttribute(_ name: String) -> String? {
        FastFile.readString(guildPath + "/attrs/" + name)
    }

    /// Decoded attr `name`, or nil when absent or unreadable.
    public func attribute(_ name: String) -> YAMLValue? {
        guard let text = rawAttribute(name) else { return nil }
        if let fast = YAMLValue.loadScalarFast(text) { return fast }
        return try? YAMLValue.load(text)
    }

    /// The names of all attrs present.
    public func attributeNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: guildPath + "/attrs")) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The parsed opref, or nil when missing or invalid.
    public var opref: OpRef? {
        guard let line = FastFile.readString(guildPath + "/opref") else { return nil }
        return try? OpRef(parsing: line)
    }

    /// `started`, else `initialized`, in µs since the epoch.
    public var timestamp: Int? {
        attribute("started")?.intValue ?? attribute("initialized")?.intValue
    }

    /// The pid in `LOCK`, if any.
    public var lockPid: Int32? {
        guard let text = FastFile.readString(guildPath + "/LOCK") else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The run status, by the rules of reference 2.3.
    public var status: RunStatus {
        if FastFile.exists(guildPath + "/LOCK.remote") { return .running }
        if FastFile.exists(guildPath + "/PENDING") { return .pending }
        if FastFile.exists(guildPath + "/STAGED") { return .staged }
        if let exit = attribute("exit_status")?.intValue { return RunStatus(exitStatus: exit) }
        if let pid = lockPid, RunStatus.isProcessAlive(pid) { return .running }
        return .error
    }

    /// The label attr, or "".
    public var label: String { attribute("label")?.stringValue ?? "" }

    /// Whether attr `marked` is true.
    public var isMarked: Bool {
        if case .bool(true)? = attribute("marked") { return true }
        return false
    }

    /// The `flags` attr as a mapping.
    public var flags: [String: YAMLValue] { attribute("flags")?.mapValue ?? [:] }
}
