import Foundation

/// A compact little-endian encoding of ints, doubles and strings, for the blobs of the scalar
/// index: decoding one blob per event file is several times faster than one SQL row per value.
struct BytePacker {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads what `BytePacker` wrote; every read fails (nil) past the end, so a damaged blob is
/// noticed rather than misread.
struct ByteUnpacker {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() -> Int? {
        word().map { Int(Int64(bitPattern: $0)) }
    }

    mutating func double() -> Double? {
        word().map { Double(bitPattern: $0) }
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }

    private mutating func word() -> UInt64? {
        guard bytes.count - offset >= 8 else { return nil }
        defer { offset += 8 }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
