/// CRC-32C (Castagnoli) checksums, as used by TFRecord framing.
public enum CRC32C {
    /// Reflected Castagnoli polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Slice-by-8 lookup tables: 8 tables of 256 entries, flattened.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            t[i] = crc
        }
        for i in 0..<256 {
            var crc = t[i]
            for k in 1..<8 {
                crc = t[Int(crc & 0xFF)] ^ (crc >> 8)
                t[k * 256 + i] = crc
            }
        }
        return t
    }()

    /// Returns the CRC-32C of `bytes`, continuing from `crc` (0 to start).
    public static func checksum(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ update(crc, $0) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { update(crc, $0) }
    }

    /// TFRecord's masked CRC-32C of `bytes`.
    public static func masked(_ bytes: some Sequence<UInt8>) -> UInt32 {
        mask(checksum(bytes))
    }

    /// Applies TFRecord's CRC mask: rotate right by 15 and add 0xa282ead8.
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// Inverts `mask(_:)`.
    public static func unmask(_ masked: UInt32) -> UInt32 {
        let rot = masked &- 0xA282_EAD8
        return (rot >> 17) | (rot << 15)
    }

    static func update(_ start: UInt32, _ buf: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var crc = ~start
        let count = buf.count
        var i = 0
        tables.withUnsafeBufferPointer { t in
            while count - i >= 8 {
                let lo =
                    crc
                    ^ (UInt32(buf[i]) | UInt32(buf[i + 1]) << 8
                        | UInt32(buf[i + 2]) << 16 | UInt32(buf[i + 3]) << 24)
                let hi =
                    UInt32(buf[i + 4]) | UInt32(buf[i + 5]) << 8
                    | UInt32(buf[i + 6]) << 16 | UInt32(buf[i + 7]) << 24
                crc =
                    t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < count {
                crc = t[Int((crc ^ UInt32(buf[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
        }
        return ~crc
    }
}
