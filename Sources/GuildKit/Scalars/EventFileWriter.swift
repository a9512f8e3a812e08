import Foundation
import SwiftProtobuf
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes scalars to a TensorBoard event file the way Guild's output-scalar logger does.
///
/// `init` creates `<dir>/events.out.tfevents.<unix-seconds %010d>.<hostname>.<pid>.<uid><suffix>` and writes
/// `Event{file_version: "brain.Event:2"}` (no wall time, as Guild writes it). Guild creates the file on the first
/// scalar, so create the writer then. Scalars are buffered in memory and written by `flush()`.
///
/// Not thread-safe: use one writer from one task at a time (a run's output loop).
public final class EventFileWriter {
    /// Process-wide file counter, like TensorBoard's `_global_uid`.
    private static let globalUID = Atomic<Int>(0)

    /// The event file.
    public let fileURL: URL
    /// The first write error, if any; later writes are dropped once one fails.
    public private(set) var writeError: (any Error)?

    private var pending: [UInt8] = []
    private var handle: FileHandle?

    /// Creates the event file in `directory` (created if needed) and writes its version record.
    public init(directory: URL, filenameSuffix: String = "") throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let uid = Self.globalUID.wrappingAdd(1, ordering: .relaxed).oldValue
        let name = Self.fileName(
            time: Date().timeIntervalSince1970, hostname: Self.hostname(),
            pid: ProcessInfo.processInfo.processIdentifier, uid: uid, suffix: filenameSuffix)
        fileURL = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: fileURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: fileURL.path])
        }
        let handle = try FileHandle(forWritingTo: fileURL)
        self.handle = handle
        var version = Tensorboard_Event()
        version.fileVersion = "brain.Event:2"
        try handle.write(contentsOf: TFRecord.frame(try version.serializedBytes() as [UInt8]))
    }

    deinit {
        close()
    }

    /// Buffers one scalar event (`Summary.Value{tag, simple_value}`; the value is stored as float32).
    public func addScalar(tag: String, value: Double, step: Int, wallTime: Double = Date().timeIntervalSince1970) {
        var summaryValue = Tensorboard_Summary.Value()
        summaryValue.tag = tag
        summaryValue.simpleValue = Float(value)
        var event = Tensorboard_Event()
        event.wallTime = wallTime
        event.step = Int64(step)
        event.summary.value = [summaryValue]
        addEvent(event)
    }

    /// Buffers an arbitrary event.
    func addEvent(_ event: Tensorboard_Event) {
        // Serializing a message with only proto3 fields of known types cannot fail.
        guard handle != nil, let bytes: [UInt8] = try? event.serializedBytes() else { return }
        TFRecord.append(bytes, to: &pending)
    }

    /// Writes buffered events to the file; a failure is kept in `writeError`.
    public func flush() {
        guard !pending.isEmpty, let handle else { return }
        do {
            try handle.write(contentsOf: pending)
        } catch {
            writeError = error
            try? handle.close()
            self.handle = nil
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file; later calls do nothing.
    public func close() {
        flush()
        try? handle?.close()
        handle = nil
    }

    /// Returns Guild's event file name for the given time, host, pid and uid.
    public static func fileName(time: Double, hostname: String, pid: Int32, uid: Int, suffix: String = "") -> String {
        // `%010d`, written out: `String(format:)` costs a run ~0.7 ms of first-use set-up.
        let seconds = Int64(time.rounded(.towardZero))
        let digits = String(seconds.magnitude)
        let padded = String(repeating: "0", count: max(0, (seconds < 0 ? 9 : 10) - digits.count)) + digits
        let stamp = seconds < 0 ? "-" + padded : padded
        return "events.out.tfevents.\(stamp).\(hostname).\(pid).\(uid)\(suffix)"
    }

    /// This machine's host name, as Python's `socket.gethostname()` reports it.
    public static func hostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return ProcessInfo.processInfo.hostName }
        let bytes = buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
