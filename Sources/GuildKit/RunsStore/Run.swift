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
    public var guildDirectory: URL { URL(fileURLWithPath: guildPath, isDirectory: true) }

    /// `RD/.guild` as a path (appending to a URL without saying it is a directory stats it).
    var guildPath: String { path + "/.guild" }

    /// Raw text of attr `name`, or nil when absent.
    public func rawAttribute(_ name: String) -> String? {
        FastFile.readString(guildPath + "/attrs/" + name)
    }

    /// Decoded attr `name`, or nil when absent or unreadable.
    public func attribute(_ name: String) -> YAMLValue? {
        Self.decode(rawAttribute(name))
    }

    static func decode(_ text: String?) -> YAMLValue? {
        guard let text else { return nil }
        if let int = plainInt(text) { return .int(int) }
        if let fast = YAMLValue.loadScalarFast(text) ?? YAMLValue.loadFlatMappingFast(text) { return fast }
        return try? YAMLValue.load(text)
    }

    /// `123\n` or `-16\n`, the attrs listing reads most (timestamps, exit status), without the
    /// general YAML resolver.
    private static func plainInt(_ text: String) -> Int? {
        var utf8 = Substring(text).utf8
        if utf8.last == UInt8(ascii: "\n") { utf8 = utf8.dropLast() }
        let digits = utf8.first == UInt8(ascii: "-") ? utf8.dropFirst() : utf8
        guard !digits.isEmpty, digits.count < 19, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if digits.count > 1 && digits.first == 48 { return nil } // YAML 1.1 reads 010 as octal
        return Int(Substring(utf8))
    }

    /// Opens `.guild` for several reads relative to it.
    func openGuildDirectory() -> GuildDirectory { GuildDirectory(guildPath) }

    /// The names of all attrs present.
    public func attributeNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: guildPath + "/attrs")) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The parsed opref, or nil when missing or invalid.
    public var opref: OpRef? { Self.opref(in: openGuildDirectory()) }

    static func opref(in dir: borrowing GuildDirectory) -> OpRef? {
        dir.readString("opref").flatMap { try? OpRef(parsing: $0) }
    }

    /// `started`, else `initialized`, in µs since the epoch.
    public var timestamp: Int? { Self.timestamp(in: openGuildDirectory()) }

    static func timestamp(in dir: borrowing GuildDirectory) -> Int? {
        decode(dir.readString("attrs/started"))?.intValue ?? decode(dir.readString("attrs/initialized"))?.intValue
    }

    /// The pid in `LOCK`, if any.
    public var lockPid: Int32? { Self.lockPid(in: openGuildDirectory()) }

    static func lockPid(in dir: borrowing GuildDirectory) -> Int32? {
        dir.readString("LOCK").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The run status, by the rules of reference 2.3.
    public var status: RunStatus { Self.status(in: openGuildDirectory()) }

    static func status(in dir: borrowing GuildDirectory) -> RunStatus {
        if dir.exists("LOCK.remote") { return .running }
        if dir.exists("PENDING") {
            // Its resolving guild was killed: it will never start (a trial never started has no LOCK).
            if let pid = lockPid(in: dir), !RunStatus.isProcessAlive(pid) { return .error }
            return .pending
        }
        if dir.exists("STAGED") { return .staged }
        if let exit = decode(dir.readString("attrs/exit_status"))?.intValue { return RunStatus(exitStatus: exit) }
        if let pid = lockPid(in: dir), RunStatus.isProcessAlive(pid) { return .running }
        return .error
    }

    /// The label attr, or "".
    public var label: String { attribute("label")?.stringValue ?? "" }

    /// Whether attr `marked` is true.
    public var isMarked: Bool { attribute("marked") == .bool(true) }

    /// The `flags` attr as a mapping.
    public var flags: [String: YAMLValue] { attribute("flags")?.mapValue ?? [:] }
}

extension Run {
    /// `RD/.guild/proto`: the run skeleton a batch copies for each trial (reference 5.2).
    public var protoDirectory: URL { guildDirectory.appendingPathComponent("proto") }

    /// The op's `sourcecode.dest` (from the `op` attr): where the source code copy is, relative
    /// to the run directory (`.` by default).
    public var sourceCodeDest: String {
        attribute("op")?.mapValue?["sourcecode"]?.mapValue?["dest"]?.stringValue ?? "."
    }

    /// The batch's proto run, or nil when this run is not a batch.
    public var batchProto: Run? {
        FastFile.exists(path + "/.guild/proto") ? Run(id: "proto", path: path + "/.guild/proto") : nil
    }
}
