/// The rows of a comparison packed into one byte buffer: each row is its non-null cells as
/// (column, value) pairs, so 100,000 rows take a few bytes a cell instead of an array of
/// `YAMLValue`s each. A row's cells name their columns by place in the row's layout (the
/// headings of its sections, which the runs of one op share), so that rows are encoded in
/// parallel before the headings have ids. Lists and maps, which no core column holds, are
/// kept aside as values.
struct PackedRows: Sendable {
    /// One row's cells, encoded with the places of their columns in its layout.
    struct Encoded: Sendable {
        fileprivate var bytes: [UInt8] = []
        fileprivate var complexValues: [YAMLValue] = []
    }

    private var bytes: [UInt8] = []
    private var complexValues: [YAMLValue] = []
    /// Each row's bytes, layout and first complex value, by row position; rows may be stored in
    /// any order.
    private var rows: [(bytes: Range<Int>, layout: Int32, complexBase: Int32)]
    private var rowsSet = 0
    /// Layouts: the heading id of each place.
    private var layouts: [[Int]] = []
    private var layoutIndex: [[Int]: Int32] = [:]

    private enum Tag: UInt8 {
        case boolFalse, boolTrue, int, float, string, complex
    }

    init(count: Int) {
        rows = Array(repeating: (0..<0, 0, 0), count: count)
    }

    /// Encodes a row's non-null cells, each with its column's place in the row's layout.
    static func encode(_ cells: [(place: Int, value: YAMLValue)]) -> Encoded {
        var encoded = Encoded()
        for (place, value) in cells where !value.isNull {
            encoded.appendVarint(place)
            switch value {
            case .null: break
            case .bool(let b): encoded.bytes.append(b ? Tag.boolTrue.rawValue : Tag.boolFalse.rawValue)
            case .int(let i):
                encoded.bytes.append(Tag.int.rawValue)
                encoded.appendWord(UInt64(bitPattern: Int64(i)))
            case .float(let d):
                encoded.bytes.append(Tag.float.rawValue)
                encoded.appendWord(d.bitPattern)
            case .string(let s):
                encoded.bytes.append(Tag.string.rawValue)
                encoded.appendVarint(s.utf8.count)
                encoded.bytes.append(contentsOf: s.utf8)
            case .list, .map:
                encoded.bytes.append(Tag.complex.rawValue)
                encoded.appendVarint(encoded.complexValues.count)
                encoded.complexValues.append(value)
            }
        }
        return encoded
    }

    /// Stores row `position`: `encoded`, whose places are the heading ids in `layout`.
    mutating func set(_ position: Int, _ encoded: Encoded, layout: [Int]) {
        let layoutNumber: Int32
        if let known = layoutIndex[layout] {
            layoutNumber = known
        } else {
            layoutNumber = Int32(layouts.count)
            layoutIndex[layout] = layoutNumber
            layouts.append(layout)
        }
        if bytes.count + encoded.bytes.count > bytes.capacity && rowsSet > 0 {
            // Grown to what the rows so far predict for all of them, plus an eighth, rather than
            // doubled: at 100,000 runs doubling peaked at 38 MB for 20 MB of rows.
            let predicted = bytes.count / rowsSet * rows.count + bytes.count / 8
            bytes.reserveCapacity(max(predicted, bytes.count + encoded.bytes.count))
        }
        rowsSet += 1
        let start = bytes.count
        bytes.append(contentsOf: encoded.bytes)
        rows[position] = (start..<bytes.count, layoutNumber, Int32(complexValues.count))
        complexValues.append(contentsOf: encoded.complexValues)
    }

    /// Calls `body` with each (heading id, value) of row `position`.
    func forEachCell(of position: Int, _ body: (Int, YAMLValue) -> Void) {
        let row = rows[position]
        let layout = layouts.isEmpty ? [] : layouts[Int(row.layout)]
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer: buffer, offset: row.bytes.lowerBound)
            while reader.offset < row.bytes.upperBound {
                let heading = layout[reader.varint()]
                let value: YAMLValue
                switch Tag(rawValue: reader.byte())! {
                case .boolFalse: value = .bool(false)
                case .boolTrue: value = .bool(true)
                case .int: value = .int(Int(Int64(bitPattern: reader.word())))
                case .float: value = .float(Double(bitPattern: reader.word()))
                case .string:
                    let length = reader.varint()
                    value = .string(String(decoding: buffer[reader.offset..<reader.offset + length], as: UTF8.self))
                    reader.offset += length
                case .complex: value = complexValues[Int(row.complexBase) + reader.varint()]
                }
                body(heading, value)
            }
        }
    }

    /// The value under heading `id` in row `position`, null when the row has none.
    func value(of position: Int, heading id: Int) -> YAMLValue {
        var found = YAMLValue.null
        forEachCell(of: position) { if $0 == id { found = $1 } }
        return found
    }

    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var offset: Int

        mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return buffer[offset]
        }

        mutating func varint() -> Int {
            var value = 0
            var shift = 0
            while true {
                let b = byte()
                value |= Int(b & 0x7F) << shift
                if b < 0x80 { return value }
                shift += 7
            }
        }

        mutating func word() -> UInt64 {
            var word: UInt64 = 0
            for i in 0..<8 { word |= UInt64(buffer[offset + i]) << (8 * i) }
            offset += 8
            return word
        }
    }
}

extension PackedRows.Encoded {
    fileprivate mutating func appendVarint(_ value: Int) {
        var v = UInt(value)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    fileprivate mutating func appendWord(_ word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
