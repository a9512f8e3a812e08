import CFileStat
import Foundation

/// What the `RunIndex` remembers of a run beyond its opref and start time: the attrs that
/// listings show and filter on, which status markers `.guild` holds, and the key of each file
/// and directory they were read from, taken before it was read.
struct RunIndexDetails: Sendable, Equatable {
    typealias FileKey = RunIndex.FileKey

    /// The attrs remembered (`started` is the entry's own), by their position here.
    static let attributeNames = ["stopped", "exit_status", "label", "tags", "marked", "flags"]
    /// The files of `.guild` whose presence decides the status (reference 2.3) or makes a batch.
    static let markerNames = ["LOCK", "LOCK.remote", "PENDING", "STAGED", "proto"]
    private static let statusMarkers = markerBits(["LOCK", "LOCK.remote", "PENDING", "STAGED"])
    private static let protoMarker = markerBits(["proto"])

    private static func markerBits(_ names: [String]) -> UInt8 {
        names.reduce(0) { $0 | 1 << markerNames.firstIndex(of: $1)! }
    }

    /// The position of `name` in `attributeNames`, nil when it is not remembered.
    static func position(of name: String) -> Int? { attributeNames.firstIndex(of: name) }

    private static let exitStatus = position(of: "exit_status")!
    private static let label = position(of: "label")!
    private static let marked = position(of: "marked")!

    struct Attribute: Sendable, Equatable {
        var key: FileKey
        var text: String
    }

    /// `.guild`: a marker made or removed changes it.
    var guildKey: FileKey
    /// `.guild/attrs`: an attr made or removed changes it.
    var attrsKey: FileKey
    /// Bit i set: `markerNames[i]` exists.
    var markers: UInt8
    /// By position in `attributeNames`; nil: the attr does not exist.
    var attributes: [Attribute?]

    /// An attr longer than this (bytes) is not remembered: its run is read every time.
    static let maxRememberedSize = 64 * 1024

    /// Reads them from a run's open `.guild`, each key before what it keys (a file's once it is
    /// open); nil when `.guild` or its `attrs` cannot be read, or an attr is too long to remember.
    static func read(in dir: borrowing GuildDirectory) -> RunIndexDetails? {
        guard let guildKey = dir.key("."), let attrsKey = dir.key("attrs") else { return nil }
        var markers: UInt8 = 0
        for (i, name) in markerNames.enumerated() where dir.exists(name) { markers |= 1 << i }
        var attributes: [Attribute?] = []
        attributes.reserveCapacity(attributeNames.count)
        for name in attributeNames {
            let read = dir.readStringWithKey("attrs/" + name)
            if let read, read.text.utf8.count > maxRememberedSize { return nil }
            attributes.append(read.map { Attribute(key: $0.key, text: $0.text) })
        }
        return RunIndexDetails(guildKey: guildKey, attrsKey: attrsKey, markers: markers, attributes: attributes)
    }

    /// The positions in `attributeNames` of the attrs status, label and mark come from.
    static let listedAttributes = [exitStatus, label, marked]

    /// Whether the files and directories `attributes` (positions in `attributeNames`) and,
    /// with `markersToo`, the markers were read from are unchanged. `attrsFd` is the run's
    /// `.guild/attrs` (an `O_PATH` descriptor is enough), `guildPath` its `.guild` relative to
    /// the runs directory `runsFd`.
    func isCurrent(attributes needed: [Int], markersToo: Bool, attrsFd: Int32, guildPath: String, runsFd: Int32)
        -> Bool
    {
        var info = guild_file_info()
        guard guild_file_info_fd(attrsFd, &info) == 0, FileKey(info) == attrsKey else { return false }
        if markersToo && FileKey.of(guildPath, in: runsFd) != guildKey { return false }
        for i in needed {
            guard let attribute = attributes[i] else { continue }
            if FileKey.of(Self.attributeNames[i], in: attrsFd) != attribute.key { return false }
        }
        return true
    }

    /// Whether every key was last changed before `time` (ns): only then may they be stored.
    func isSettled(before time: Int64) -> Bool {
        guildKey.ctime < time && attrsKey.ctime < time && attributes.allSatisfy { ($0?.key.ctime ?? 0) < time }
    }

    /// The text of the attr at `position` in `attributeNames`, nil when it does not exist.
    func text(at position: Int) -> String? { attributes[position]?.text }

    var isBatch: Bool { markers & Self.protoMarker != 0 }

    /// Status, label and mark; `freshStatus` reads the status when a marker makes it depend on
    /// more than the attrs (a live pid, a pending or staged run).
    func listDetails(freshStatus: () -> RunStatus) -> RunListDetails {
        let status: RunStatus
        if markers & Self.statusMarkers != 0 {
            status = freshStatus()
        } else if let exit = Run.decode(text(at: Self.exitStatus))?.intValue {
            status = RunStatus(exitStatus: exit)
        } else {
            status = .error
        }
        return RunListDetails(
            status: status, label: Run.decode(text(at: Self.label))?.stringValue ?? "",
            isMarked: Run.decode(text(at: Self.marked)) == .bool(true))
    }
}

extension RunIndexDetails {
    /// The bytes stored in the index: the two directory keys, the markers, then for each attr
    /// a presence byte and, when present, its key, length and text.
    func encoded() -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        func put(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func put(_ key: FileKey) {
            put(key.inode)
            put(key.ctime)
            put(key.size)
        }
        put(guildKey)
        put(attrsKey)
        bytes.append(markers)
        for attribute in attributes {
            guard let attribute else {
                bytes.append(0)
                continue
            }
            bytes.append(1)
            put(attribute.key)
            let text = Array(attribute.text.utf8)
            put(Int64(text.count))
            bytes.append(contentsOf: text)
        }
        return Data(bytes)
    }

    /// Decodes `encoded()`'s bytes; nil when they are not such bytes (the run is then read).
    init?(encoded bytes: [UInt8]) {
        let decoded: RunIndexDetails? = bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer: buffer)
            guard let guildKey = reader.key(), let attrsKey = reader.key(), let markers = reader.byte() else {
                return nil
            }
            var attributes: [Attribute?] = []
            attributes.reserveCapacity(Self.attributeNames.count)
            for _ in Self.attributeNames {
                guard let present = reader.byte() else { return nil }
                if present == 0 {
                    attributes.append(nil)
                    continue
                }
                guard let key = reader.key(), let text = reader.text() else { return nil }
                attributes.append(Attribute(key: key, text: text))
            }
            guard reader.atEnd else { return nil }
            return RunIndexDetails(guildKey: guildKey, attrsKey: attrsKey, markers: markers, attributes: attributes)
        }
        guard let decoded else { return nil }
        self = decoded
    }
}

/// Reads `RunIndexDetails.encoded()` bytes, failing on anything short or out of range.
private struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    var atEnd: Bool { offset == buffer.count }

    mutating func byte() -> UInt8? {
        guard offset < buffer.count else { return nil }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func int64() -> Int64? {
        guard buffer.count - offset >= 8 else { return nil }
        defer { offset += 8 }
        return Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    mutating func key() -> RunIndex.FileKey? {
        guard let inode = int64(), let ctime = int64(), let size = int64() else { return nil }
        return RunIndex.FileKey(inode: inode, ctime: ctime, size: size)
    }

    mutating func text() -> String? {
        guard let count = int64(), count >= 0, count <= buffer.count - offset else { return nil }
        defer { offset += Int(count) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + Int(count)]), as: UTF8.self)
    }
}
