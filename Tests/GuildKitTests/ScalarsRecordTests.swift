import Foundation
import Testing
@testable import GuildKit

/// Location of a tfevents test fixture (generated with TensorBoard's Python writer).
func scalarsFixtureURL(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tfevents").appendingPathComponent(name)
}

func scalarsFixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: scalarsFixtureURL(name)))
}

func scalarsTempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("guild-scalars-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ScalarsCRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
    }

    @Test func longInputAndContinuation() {
        let data = [UInt8]((0..<5).flatMap { _ in (0..<256).map { UInt8($0) } })
        #expect(CRC32C.checksum(data) == 0x23B6_2C98) // tensorboard pywrap_tensorflow.crc32c
        for split in [0, 1, 7, 8, 9, 100, 1279] {
            let head = CRC32C.checksum(data[..<split])
            #expect(CRC32C.checksum(data[split...], continuing: head) == 0x23B6_2C98)
        }
    }

    @Test func maskedMatchesTensorBoard() {
        #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.masked([UInt8](repeating: 0, count: 8)) == 0x0798_0329)
        #expect(CRC32C.unmask(CRC32C.mask(0xDEAD_BEEF)) == 0xDEAD_BEEF)
    }
}

@Suite struct ScalarsTFRecordTests {
    @Test func roundTrip() {
        let payloads: [[UInt8]] = [[], [1], Array("hello".utf8), [UInt8](repeating: 7, count: 1000)]
        var bytes: [UInt8] = []
        for p in payloads { TFRecord.append(p, to: &bytes) }
        #expect(bytes.count == payloads.reduce(0) { $0 + $1.count + 16 })
        let (records, ending) = TFRecord.records(in: bytes)
        #expect(records == payloads)
        #expect(ending == .clean)
        #expect(!ending.isDamaged)
    }

    @Test func truncatedTailKeepsEarlierRecords() {
        var bytes: [UInt8] = []
        TFRecord.append(Array("one".utf8), to: &bytes)
        TFRecord.append(Array("two".utf8), to: &bytes)
        let full = bytes.count
        for cut in [full - 1, full - 4, full - 5, 19 + 3, 19 + 11, 19 + 12, 20] {
            let (records, ending) = TFRecord.records(in: Array(bytes[..<cut]))
            #expect(records == [Array("one".utf8)], "cut \(cut)")
            #expect(ending == .truncated(offset: 19), "cut \(cut)")
        }
        #expect(TFRecord.records(in: Array(bytes[..<5])).ending == .truncated(offset: 0))
    }

    @Test func corruptRecordStopsReading() {
        var bytes: [UInt8] = []
        for s in ["a", "b", "c"] { TFRecord.append(Array(s.utf8), to: &bytes) }
        var badData = bytes
        badData[17 + 12] ^= 0x01 // data byte of record 2
        #expect(TFRecord.records(in: badData).records == [Array("a".utf8)])
        #expect(TFRecord.records(in: badData).ending == .corrupt(offset: 17))
        var badLength = bytes
        badLength[17] = 200 // length of record 2, its CRC no longer matches
        #expect(TFRecord.records(in: badLength) == ([Array("a".utf8)], .corrupt(offset: 17)))
        #expect(TFRecord.records(in: []).ending == .clean)
    }

    @Test func pythonFixturesFraming() throws {
        let good = TFRecord.records(in: try scalarsFixtureBytes("guild_simple.tfevents.bin"))
        #expect(good.records.count == 9)
        #expect(good.ending == .clean)
        let truncated = TFRecord.records(in: try scalarsFixtureBytes("guild_truncated.tfevents.bin"))
        #expect(truncated.records.count == 3)
        #expect(truncated.ending == .truncated(offset: 110))
        let corrupt = TFRecord.records(in: try scalarsFixtureBytes("guild_corrupt.tfevents.bin"))
        #expect(corrupt.records.count == 2)
        #expect(corrupt.ending == .corrupt(offset: 71))
    }
}
