/// TFRecord framing: u64 LE length, masked CRC-32C of the length bytes, data, masked CRC-32C of the data.
public enum TFRecord {
    /// How a record stream ended.
    public enum Ending: Sendable, Equatable {
        /// Every byte belonged to a complete, valid record.
        case clean
        /// The stream ended inside a record (a partial header, data or CRC).
        case truncated(offset: Int)
        /// A length or data CRC did not match at the record starting at `offset`.
        case corrupt(offset: Int)

        /// True unless the stream ended cleanly.
        public var isDamaged: Bool { self != .clean }
    }

    /// Appends the framed `data` to `output`.
    public static func append(_ data: some Collection<UInt8>, to output: inout [UInt8]) {
        let length = UInt64(data.count)
        var header = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { header[i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
        output.append(contentsOf: header)
        appendLE32(CRC32C.masked(header), to: &output)
        output.append(contentsOf: data)
        appendLE32(CRC32C.masked(data), to: &output)
    }

    /// Returns `data` framed as one record.
    public static func frame(_ data: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 16)
        append(data, to: &out)
        return out
    }

    /// Splits `bytes` into records, stopping at the first truncated or corrupt record (TensorBoard does the same).
    public static func records(in bytes: [UInt8]) -> (records: [[UInt8]], ending: Ending) {
        var result: [[UInt8]] = []
        let ending = bytes.withUnsafeBufferPointer { buffer in
            forEachRecord(in: buffer) { record in
                result.append(Array(record))
                return true
            }
        }
        return (result, ending ?? .clean)
    }

    /// Calls `body` with each record's data in turn (a view into `bytes`), until a record is
    /// truncated or corrupt, or `body` returns false.
    /// - Returns: how the stream ended, or nil when `body` stopped it.
    static func forEachRecord(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Ending? {
        var pos = 0
        let n = bytes.count
        while pos < n {
            let start = pos
            guard n - pos >= 12 else { return .truncated(offset: start) }
            let header = UnsafeBufferPointer(rebasing: bytes[pos..<pos + 8])
            var length: UInt64 = 0
            for (i, b) in header.enumerated() { length |= UInt64(b) << (8 * UInt64(i)) }
            guard readLE32(bytes, pos + 8) == CRC32C.masked(header) else {
                return .corrupt(offset: start)
            }
            pos += 12
            guard length <= UInt64(n - pos), n - pos - Int(length) >= 4 else {
                return .truncated(offset: start)
            }
            let data = UnsafeBufferPointer(rebasing: bytes[pos..<pos + Int(length)])
            pos += Int(length)
            guard readLE32(bytes, pos) == CRC32C.masked(data) else {
                return .corrupt(offset: start)
            }
            pos += 4
            guard body(data) else { return nil }
        }
        return .clean
    }

    static func appendLE32(_ v: UInt32, to out: inout [UInt8]) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    static func readLE32(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
