import Foundation

/// One scalar read from an event file.
public struct EventScalar: Sendable, Equatable {
    public var tag: String
    public var value: Double
    public var step: Int
    public var wallTime: Double

    /// Creates a scalar record.
    public init(tag: String, value: Double, step: Int, wallTime: Double) {
        self.tag = tag
        self.value = value
        self.step = step
        self.wallTime = wallTime
    }
}

/// One text summary (a logged attr) read from an event file.
public struct EventText: Sendable, Equatable {
    /// The tag, with any `/text_summary` suffix removed.
    public var tag: String
    public var value: String
    public var step: Int
    public var wallTime: Double
}

/// Reads scalars and text summaries from one TensorBoard event file, as Guild's `tfevent.ScalarReader` does.
public enum EventFileReader {
    /// What one event file holds.
    public struct Contents: Sendable, Equatable {
        /// Scalars in file order: `simple_value`s and one-element float/double tensors.
        public var scalars: [EventScalar] = []
        /// Text (DT_STRING) tensors in file order.
        public var texts: [EventText] = []
        /// True when reading stopped early: unreadable file, truncated or corrupt record, or undecodable event.
        public var damaged = false
    }

    /// Reads the file at `url`; never throws (an unreadable file is reported as damaged).
    public static func read(url: URL) -> Contents {
        guard let bytes = FastFile.readRegularFile(url.path) else {
            var c = Contents()
            c.damaged = true
            return c
        }
        return read(bytes: bytes)
    }

    /// Reads event-file bytes.
    public static func read(bytes: [UInt8]) -> Contents {
        var contents = Contents()
        let ending = bytes.withUnsafeBufferPointer { buffer in
            TFRecord.forEachRecord(in: buffer) { record in
                guard let event = try? TFEvent(decoding: record) else {
                    // TensorBoard's loader raises here, which ends Guild's read of the directory.
                    return false
                }
                guard let values = event.summary else { return true }
                let step = Int(truncatingIfNeeded: event.step)
                for value in values {
                    if let tensor = value.tensor {
                        if let x = scalar(tensor) {
                            contents.scalars.append(
                                EventScalar(tag: value.tag, value: x, step: step, wallTime: event.wallTime))
                        } else if let text = text(tensor) {
                            contents.texts.append(
                                EventText(
                                    tag: textTag(value.tag), value: text, step: step, wallTime: event.wallTime))
                        }
                    } else if let simple = value.simpleValue {
                        contents.scalars.append(
                            EventScalar(tag: value.tag, value: Double(simple), step: step, wallTime: event.wallTime))
                    }
                }
                return true
            }
        }
        contents.damaged = ending != .clean
        return contents
    }

    /// The single value of a float/double tensor (`make_ndarray(t).item()` in Guild), or nil.
    static func scalar(_ t: TFTensor) -> Double? {
        guard t.dtype == TFDataType.float || t.dtype == TFDataType.double, t.elementCount == 1 else { return nil }
        let width = t.dtype == TFDataType.float ? 4 : 8
        if !t.tensorContent.isEmpty {
            guard t.tensorContent.count == width else { return nil }
            var bits: UInt64 = 0
            for (i, b) in t.tensorContent.enumerated() { bits |= UInt64(b) << (8 * UInt64(i)) }
            return width == 4 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
        }
        if t.dtype == TFDataType.float {
            return t.floatVal.count == 1 ? Double(t.floatVal[0]) : nil
        }
        return t.doubleVal.count == 1 ? t.doubleVal[0] : nil
    }

    /// The first string of a DT_STRING tensor, or nil.
    static func text(_ t: TFTensor) -> String? {
        guard t.dtype == TFDataType.string, let first = t.stringVal.first else { return nil }
        return String(decoding: first, as: UTF8.self)
    }

    static func textTag(_ tag: String) -> String {
        let suffix = "/text_summary"
        return tag.hasSuffix(suffix) ? String(tag.dropLast(suffix.count)) : tag
    }
}
