import Foundation
import Testing
@testable import GuildKit

@Suite struct ScalarsEventProtoTests {
    @Test func roundTrip() throws {
        var tensor = TFTensor()
        tensor.dtype = TFDataType.float
        tensor.shape = [1, 2]
        tensor.floatVal = [1.5, -2]
        tensor.doubleVal = [0.1]
        tensor.intVal = [-3, 4]
        tensor.int64Val = [Int64.min, 5]
        tensor.halfVal = [0x3C00]
        tensor.stringVal = [Array("a".utf8), []]
        tensor.tensorContent = [1, 2, 3]
        let event = TFEvent(
            wallTime: 1234.5, step: -7,
            summary: [
                TFSummaryValue(tag: "a", simpleValue: 0),
                TFSummaryValue(
                    tag: "t", tensor: tensor, metadata: TFSummaryMetadata(pluginName: "text", pluginContent: [9])),
            ])
        #expect(try TFEvent(decoding: event.encoded()[...]) == event)
        let version = TFEvent(fileVersion: "brain.Event:2")
        #expect(try TFEvent(decoding: version.encoded()[...]) == version)
        #expect(try TFEvent(decoding: [][...]) == TFEvent())
    }

    @Test func encodingMatchesPythonProtobuf() {
        // Event(file_version="brain.Event:2").SerializeToString()
        #expect(TFEvent(fileVersion: "brain.Event:2").encoded() == [0x1A, 0x0D] + Array("brain.Event:2".utf8))
        // Event(step=1, summary=Summary(value=[Value(tag="x", simple_value=0.0)]))
        let e = TFEvent(step: 1, summary: [TFSummaryValue(tag: "x", simpleValue: 0)])
        #expect(e.encoded() == [0x10, 0x01, 0x2A, 0x0A, 0x0A, 0x08, 0x0A, 0x01, 0x78, 0x15, 0, 0, 0, 0])
    }

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        var w = ProtoWriter()
        w.varintField(99, 12345) // varint
        w.doubleField(98, 1) // fixed64
        w.bytesField(10, [1, 2, 3]) // source_metadata (unknown here)
        w.floatField(97, 1) // fixed32
        w.key(96, 3) // group start
        w.varintField(1, 5)
        w.key(96, 4) // group end
        w.varintField(2, 42) // step
        let e = try TFEvent(decoding: w.bytes[...])
        #expect(e.step == 42)
        #expect(throws: ProtoDecodeError.self) { try TFEvent(decoding: [0x0A][...]) }
        #expect(throws: ProtoDecodeError.self) { try TFEvent(decoding: [0x2A, 0x05, 0x0A][...]) }
        #expect(throws: ProtoDecodeError.self) { try TFEvent(decoding: [0x0F][...]) } // wire type 7
    }

    @Test func packedAndUnpackedRepeatedFloats() throws {
        var w = ProtoWriter()
        w.varintField(1, 1)
        w.floatField(5, 1.5) // unpacked element
        w.floatField(5, 2.5)
        let t = try TFTensor(decoding: w.bytes[...])
        #expect(t.floatVal == [1.5, 2.5])
    }
}

@Suite struct ScalarsEventFileTests {
    static let guildScalars: [(step: Int, tag: String, value: Double, wallTime: Double)] = [
        (0, "loss", 0.5, 1_700_000_000.25), (0, "acc", 0.1, 1_700_000_000.25),
        (1, "loss", 0.25, 1_700_000_001.5), (1, "acc", -2.5e-3, 1_700_000_001.5),
        (2, "loss", .nan, 1_700_000_002.0), (5, "loss", 1e30, 1_700_000_003.0),
        (3, "sys/cpu", 42.0, 1_700_000_004.0), (0, "zero", 0.0, 0.0),
    ]

    @Test func readsPythonWrittenSimpleValues() throws {
        let c = EventFileReader.read(url: scalarsFixtureURL("guild_simple.tfevents.bin"))
        #expect(!c.damaged)
        #expect(c.texts.isEmpty)
        #expect(c.scalars.count == Self.guildScalars.count)
        for (got, want) in zip(c.scalars, Self.guildScalars) {
            #expect(got.tag == want.tag)
            #expect(got.step == want.step)
            #expect(got.wallTime == want.wallTime)
            let f = Double(Float(want.value))
            #expect(got.value == f || (got.value.isNaN && f.isNaN))
        }
        #expect(c.scalars[1].value == 0.10000000149011612) // float32, as Guild reads it back
    }

    @Test func readsTensorScalarsAndText() throws {
        let c = EventFileReader.read(url: scalarsFixtureURL("tf2_tensors.tfevents.bin"))
        #expect(!c.damaged)
        // Same (tag, value, step) list as guild.tfevent.ScalarReader gives for this file.
        #expect(c.scalars.map(\.tag) == ["f32", "f64", "f32", "f64", "neg"])
        #expect(c.scalars.map(\.value) == [1.5, 0.1, 2.75, 0.2, -1.0])
        #expect(c.scalars.map(\.step) == [1, 1, 2, 2, -1])
        #expect(
            c.scalars.map(\.wallTime) == [1_600_000_001, 1_600_000_001, 1_600_000_002, 1_600_000_002, 1_600_000_004])
        #expect(c.texts == [EventText(tag: "msg", value: "héllo", step: 3, wallTime: 1_600_000_003)])
    }

    @Test func damagedFilesKeepGoodEvents() throws {
        let t = EventFileReader.read(url: scalarsFixtureURL("guild_truncated.tfevents.bin"))
        #expect(t.damaged)
        #expect(t.scalars.map(\.tag) == ["loss", "acc"])
        let c = EventFileReader.read(url: scalarsFixtureURL("guild_corrupt.tfevents.bin"))
        #expect(c.damaged)
        #expect(c.scalars.map(\.tag) == ["loss"])
        let missing = EventFileReader.read(url: scalarsFixtureURL("nope"))
        #expect(missing.damaged && missing.scalars.isEmpty)
        // A valid record holding garbage protobuf.
        let garbage = EventFileReader.read(bytes: TFRecord.frame([0xFF]))
        #expect(garbage.damaged)
    }

    @Test func writerMatchesPythonBytes() throws {
        let dir = try scalarsTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try EventFileWriter(directory: dir)
        for s in Self.guildScalars {
            writer.addScalar(tag: s.tag, value: s.value, step: s.step, wallTime: s.wallTime)
        }
        writer.flush()
        writer.close()
        writer.close()
        #expect(writer.writeError == nil)
        let written = [UInt8](try Data(contentsOf: writer.fileURL))
        #expect(written == (try scalarsFixtureBytes("guild_simple.tfevents.bin")))
    }

    @Test func writerFileNameAndBuffering() throws {
        let dir = try scalarsTempDir().appendingPathComponent(".guild")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let a = try EventFileWriter(directory: dir)
        let url = a.fileURL
        // The version record is on disk at once; scalars wait for flush().
        #expect(TFRecord.records(in: [UInt8](try Data(contentsOf: url))).records.count == 1)
        a.addScalar(tag: "x", value: 1, step: 0)
        #expect(EventFileReader.read(url: url).scalars.isEmpty)
        a.flush()
        #expect(EventFileReader.read(url: url).scalars.map(\.tag) == ["x"])
        let b = try EventFileWriter(directory: dir, filenameSuffix: ".attrs")
        b.close()
        b.addScalar(tag: "ignored after close", value: 0, step: 0)
        b.flush()
        #expect(TFRecord.records(in: [UInt8](try Data(contentsOf: b.fileURL))).records.count == 1)
        let nameA = url.lastPathComponent
        let nameB = b.fileURL.lastPathComponent
        let parts = nameA.split(separator: ".", omittingEmptySubsequences: false)
        #expect(nameA.hasPrefix("events.out.tfevents."))
        #expect(parts[3].count == 10 && Int(parts[3]) != nil)
        #expect(nameA.hasSuffix(".\(ProcessInfo.processInfo.processIdentifier).\(parts.last!)"))
        #expect(nameB.hasSuffix(".attrs"))
        #expect(nameA != nameB.replacingOccurrences(of: ".attrs", with: "")) // distinct uids
        #expect(nameA.contains(".\(EventFileWriter.hostname()).") && nameB.contains(".\(EventFileWriter.hostname())."))
        #expect(
            EventFileWriter.fileName(time: 1_700_000_000.9, hostname: "h", pid: 12, uid: 3)
                == "events.out.tfevents.1700000000.h.12.3")
        #expect(
            EventFileWriter.fileName(time: 5, hostname: "h.local", pid: 1, uid: 0, suffix: ".attrs")
                == "events.out.tfevents.0000000005.h.local.1.0.attrs")
    }
}
