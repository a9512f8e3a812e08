// The read path of TensorBoard event files: decoders of the fields guild reads from the
// messages of Proto/tensorboard_event.proto, skipping unknown fields of any wire type.
// Writing and the tests use the swift-protobuf code generated from that schema; these decoders
// stay because they read event files twice as fast as the generated ones (460 vs 230 ns per
// event, on the scalars `guild compare` reads cold), and the tests check that both decode the
// same events alike.

/// TensorFlow `DataType` values used here.
enum TFDataType {
    static let float: Int32 = 1
    static let double: Int32 = 2
    static let string: Int32 = 7
    static let half: Int32 = 19
}

/// `tensorboard.TensorProto` (subset).
struct TFTensor: Sendable, Equatable, WireDecodable {
    var dtype: Int32 = 0
    /// Dimension sizes of `tensor_shape`; nil when the shape message is absent.
    var shape: [Int64]?
    var tensorContent: [UInt8] = []
    var halfVal: [Int32] = []
    var floatVal: [Float] = []
    var doubleVal: [Double] = []
    var intVal: [Int32] = []
    var stringVal: [[UInt8]] = []
    var int64Val: [Int64] = []

    /// Product of the shape's dimension sizes (1 for a scalar or absent shape).
    var elementCount: Int64 {
        (shape ?? []).reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
    }

    init(decoding bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) {
        var r = ProtoReader(bytes)
        while !r.atEnd {
            let (field, wt) = try r.key()
            switch (field, wt) {
            case (1, 0): dtype = Int32(truncatingIfNeeded: try r.varint())
            case (2, 2): shape = try Self.decodeShape(try r.lengthDelimited())
            case (4, 2): tensorContent = Array(try r.lengthDelimited())
            case (5, _):
                try r.repeated(wireType: wt, element: 5, into: &floatVal) {
                    (r: inout ProtoReader) throws(ProtoDecodeError) in
                    Float(bitPattern: try r.fixed32())
                }
            case (6, _):
                try r.repeated(wireType: wt, element: 1, into: &doubleVal) {
                    (r: inout ProtoReader) throws(ProtoDecodeError) in
                    Double(bitPattern: try r.fixed64())
                }
            case (7, _):
                try r.repeated(wireType: wt, element: 0, into: &intVal) {
                    (r: inout ProtoReader) throws(ProtoDecodeError) in
                    Int32(truncatingIfNeeded: try r.varint())
                }
            case (8, 2): stringVal.append(Array(try r.lengthDelimited()))
            case (10, _):
                try r.repeated(wireType: wt, element: 0, into: &int64Val) {
                    (r: inout ProtoReader) throws(ProtoDecodeError) in
                    Int64(bitPattern: try r.varint())
                }
            case (13, _):
                try r.repeated(wireType: wt, element: 0, into: &halfVal) {
                    (r: inout ProtoReader) throws(ProtoDecodeError) in
                    Int32(truncatingIfNeeded: try r.varint())
                }
            default: try r.skip(wireType: wt, field: field)
            }
        }
    }

    private static func decodeShape(_ bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) -> [Int64] {
        var dims: [Int64] = []
        var r = ProtoReader(bytes)
        while !r.atEnd {
            let (field, wt) = try r.key()
            if field == 2 && wt == 2 {
                var d = ProtoReader(try r.lengthDelimited())
                var size: Int64 = 0
                while !d.atEnd {
                    let (f, w) = try d.key()
                    if f == 1 && w == 0 {
                        size = Int64(bitPattern: try d.varint())
                    } else {
                        try d.skip(wireType: w, field: f)
                    }
                }
                dims.append(size)
            } else {
                try r.skip(wireType: wt, field: field)
            }
        }
        return dims
    }
}

/// `tensorboard.SummaryMetadata` (plugin_data only).
struct TFSummaryMetadata: Sendable, Equatable, WireDecodable {
    var pluginName: String = ""
    var pluginContent: [UInt8] = []

    init(decoding bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) {
        var r = ProtoReader(bytes)
        while !r.atEnd {
            let (field, wt) = try r.key()
            guard field == 1, wt == 2 else {
                try r.skip(wireType: wt, field: field)
                continue
            }
            var pd = ProtoReader(try r.lengthDelimited())
            while !pd.atEnd {
                let (f, w) = try pd.key()
                switch (f, w) {
                case (1, 2): pluginName = String(decoding: try pd.lengthDelimited(), as: UTF8.self)
                case (2, 2): pluginContent = Array(try pd.lengthDelimited())
                default: try pd.skip(wireType: w, field: f)
                }
            }
        }
    }
}

/// `tensorboard.Summary.Value` (tag, simple_value, tensor, metadata).
struct TFSummaryValue: Sendable, Equatable, WireDecodable {
    var tag: String = ""
    /// `simple_value`; a member of the `value` oneof, so it is written even when 0.
    var simpleValue: Float?
    var tensor: TFTensor?
    var metadata: TFSummaryMetadata?

    /// A value's fields with its tag left as bytes of the record, which must outlive it.
    struct Fields {
        var tag = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var simpleValue: Float?
        var tensor: TFTensor?
        var metadata: TFSummaryMetadata?

        init(decoding bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) {
            var r = ProtoReader(bytes)
            while !r.atEnd {
                let (field, wt) = try r.key()
                switch (field, wt) {
                case (1, 2): tag = try r.lengthDelimited()
                case (2, 5):
                    simpleValue = Float(bitPattern: try r.fixed32())
                    tensor = nil
                case (8, 2):
                    tensor = try TFTensor(decoding: try r.lengthDelimited())
                    simpleValue = nil
                case (9, 2): metadata = try TFSummaryMetadata(decoding: try r.lengthDelimited())
                default:
                    // Other members of the `value` oneof (image, histo, audio...) clear the others.
                    if [3, 4, 5, 6].contains(field) {
                        simpleValue = nil
                        tensor = nil
                    }
                    try r.skip(wireType: wt, field: field)
                }
            }
        }

        /// The scalar the value holds, as Guild reads it: a one-element float/double tensor,
        /// else `simple_value`.
        var scalar: Double? {
            if let tensor { return EventFileReader.scalar(tensor) }
            return simpleValue.map(Double.init)
        }
    }

    init(_ fields: Fields) {
        tag = String(decoding: fields.tag, as: UTF8.self)
        simpleValue = fields.simpleValue
        tensor = fields.tensor
        metadata = fields.metadata
    }

    init(decoding bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) {
        self.init(try Fields(decoding: bytes))
    }
}

/// One field of a `tensorboard.Event` as `TFEvent.forEachField` reads it.
enum TFEventField {
    case wallTime(Double)
    case step(Int64)
    case fileVersion(UnsafeBufferPointer<UInt8>)
    /// A `summary` message begins; its values follow.
    case summary
    case summaryValue(TFSummaryValue.Fields)
    /// Another member of the `what` oneof (graph_def, log_message...): it replaces the file
    /// version or summary read before it.
    case otherWhat
}

/// `tensorboard.Event` (wall_time, step, file_version, summary).
struct TFEvent: Sendable, Equatable, WireDecodable {
    var wallTime: Double = 0
    var step: Int64 = 0
    var fileVersion: String?
    /// The `summary` values; nil when the event has no summary.
    var summary: [TFSummaryValue]?

    init(decoding bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) {
        var event = TFEvent()
        try Self.forEachField(in: bytes) { field in
            switch field {
            case .wallTime(let time): event.wallTime = time
            case .step(let step): event.step = step
            case .fileVersion(let text):
                event.fileVersion = String(decoding: text, as: UTF8.self)
                event.summary = nil
            case .summary:
                event.summary = event.summary ?? []
                event.fileVersion = nil
            case .summaryValue(let value): event.summary?.append(TFSummaryValue(value))
            case .otherWhat:
                event.fileVersion = nil
                event.summary = nil
            }
        }
        self = event
    }

    private init() {}

    /// Calls `visit` with each field of the event in wire order, each summary value decoded;
    /// throws for malformed bytes anywhere in it.
    static func forEachField(
        in bytes: UnsafeBufferPointer<UInt8>, _ visit: (TFEventField) -> Void
    ) throws(ProtoDecodeError) {
        var r = ProtoReader(bytes)
        while !r.atEnd {
            let (field, wt) = try r.key()
            switch (field, wt) {
            case (1, 1): visit(.wallTime(Double(bitPattern: try r.fixed64())))
            case (2, 0): visit(.step(Int64(bitPattern: try r.varint())))
            case (3, 2): visit(.fileVersion(try r.lengthDelimited()))
            case (5, 2):
                visit(.summary)
                var s = ProtoReader(try r.lengthDelimited())
                while !s.atEnd {
                    let (f, w) = try s.key()
                    if f == 1 && w == 2 {
                        visit(.summaryValue(try TFSummaryValue.Fields(decoding: try s.lengthDelimited())))
                    } else {
                        try s.skip(wireType: w, field: f)
                    }
                }
            default:
                if (4...9).contains(field) { visit(.otherWhat) }
                try r.skip(wireType: wt, field: field)
            }
        }
    }
}

/// Errors from decoding malformed protobuf bytes.
enum ProtoDecodeError: Error, Equatable {
    case truncated
    case malformedVarint
    case invalidWireType(Int)
}

/// A cursor over protobuf-encoded bytes, which must outlive it (decoders run inside
/// `withUnsafeBufferPointer` of the record's bytes: no reference counting per field).
struct ProtoReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { pos >= bytes.count }

    mutating func varint() throws(ProtoDecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < bytes.count else { throw .truncated }
            let b = bytes[pos]
            pos += 1
            if shift < 64 { result |= UInt64(b & 0x7F) << shift }
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift >= 70 { throw .malformedVarint }
        }
    }

    /// Reads a field key; returns (field number, wire type).
    mutating func key() throws(ProtoDecodeError) -> (Int, Int) {
        let k = try varint()
        return (Int(truncatingIfNeeded: k >> 3), Int(k & 7))
    }

    mutating func fixed32() throws(ProtoDecodeError) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw .truncated }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }

    mutating func fixed64() throws(ProtoDecodeError) -> UInt64 {
        guard bytes.count - pos >= 8 else { throw .truncated }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }

    mutating func lengthDelimited() throws(ProtoDecodeError) -> UnsafeBufferPointer<UInt8> {
        let len = try varint()
        guard len <= UInt64(bytes.count - pos) else { throw .truncated }
        let slice = UnsafeBufferPointer(rebasing: bytes[pos..<pos + Int(len)])
        pos += Int(len)
        return slice
    }

    /// Skips a field of any wire type (groups included).
    mutating func skip(wireType: Int, field: Int = 0) throws(ProtoDecodeError) {
        switch wireType {
        case 0: _ = try varint()
        case 1: _ = try fixed64()
        case 2: _ = try lengthDelimited()
        case 3:
            while true {
                let (f, w) = try key()
                if w == 4 {
                    guard f == field else { throw .invalidWireType(w) }
                    return
                }
                try skip(wireType: w, field: f)
            }
        case 5: _ = try fixed32()
        default: throw .invalidWireType(wireType)
        }
    }

    /// Reads a repeated scalar field that may be packed (wire type 2) or not.
    mutating func repeated<T>(
        wireType: Int, element: Int, into values: inout [T],
        _ read: (inout ProtoReader) throws(ProtoDecodeError) -> T
    ) throws(ProtoDecodeError) {
        if wireType == 2 {
            var sub = ProtoReader(try lengthDelimited())
            while !sub.atEnd { values.append(try read(&sub)) }
        } else if wireType == element {
            values.append(try read(&self))
        } else {
            try skip(wireType: wireType)
        }
    }
}

/// Decoding from an array slice, for callers that hold one.
protocol WireDecodable {
    init(decoding bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError)
}

extension WireDecodable {
    init(decoding bytes: ArraySlice<UInt8>) throws(ProtoDecodeError) {
        let result: Result<Self, ProtoDecodeError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ProtoDecodeError) -> Self in try Self(decoding: buffer) }
        }
        self = try result.get()
    }
}
