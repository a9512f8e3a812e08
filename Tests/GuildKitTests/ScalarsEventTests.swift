import Foundation
import SwiftProtobuf
import Testing
@testable import GuildKit

@Suite struct ScalarsEventProtoTests {
    /// An event of the generated schema, as the hand-written read path decodes it.
    static func decodedByReadPath(_ event: Tensorboard_Event) throws -> TFEvent {
        try TFEvent(decoding: bytes(event)[...])
    }

    static func bytes(_ message: some SwiftProtobuf.Message) throws -> [UInt8] { try message.serializedBytes() }

    static func tensor(_ dtype: Tensorboard_DataType, shape: [Int64]?) -> Tensorboard_TensorProto {
        var t = Tensorboard_TensorProto()
        t.dtype = dtype
        if let shape {
            t.tensorShape.dim = shape.map { size in
                var d = Tensorboard_TensorShapeProto.Dim()
                d.size = size
                return d
            }
        }
        return t
    }

    @Test func readPathDecodesWhatTheSchemaEncodes() throws {
        var floats = Self.tensor(.dtFloat, shape: [1, 2])
        floats.floatVal = [1.5, -2]
        floats.doubleVal = [0.1]
        floats.intVal = [-3, 4]
        floats.int64Val = [Int64.min, 5]
        floats.halfVal = [0x3C00]
        floats.stringVal = [Data("a".utf8), Data()]
        floats.tensorContent = Data([1, 2, 3])
        var zero = Tensorboard_Summary.Value()
        zero.tag = "a"
        zero.simpleValue = 0
        var text = Tensorboard_Summary.Value()
        text.tag = "t"
        text.tensor = floats
        text.metadata.pluginData.pluginName = "text"
        text.metadata.pluginData.content = Data([9])
        var event = Tensorboard_Event()
        event.wallTime = 1234.5
        event.step = -7
        event.summary.value = [zero, text]

        let decoded = try Self.decodedByReadPath(event)
        #expect(decoded.wallTime == 1234.5 && decoded.step == -7 && decoded.fileVersion == nil)
        let values = try #require(decoded.summary)
        #expect(values.map(\.tag) == ["a", "t"])
        #expect(values[0].simpleValue == 0 && values[0].tensor == nil)
        let t = try #require(values[1].tensor)
        #expect(values[1].simpleValue == nil)
        #expect(t.dtype == TFDataType.float && t.shape == [1, 2] && t.elementCount == 2)
        #expect(t.floatVal == [1.5, -2] && t.doubleVal == [0.1] && t.intVal == [-3, 4])
        #expect(t.int64Val == [Int64.min, 5] && t.halfVal == [0x3C00] && t.tensorContent == [1, 2, 3])
        #expect(t.stringVal == [Array("a".utf8), []])
        #expect(values[1].metadata?.pluginName == "text" && values[1].metadata?.pluginContent == [9])

        var version = Tensorboard_Event()
        version.fileVersion = "brain.Event:2"
        #expect(try Self.decodedByReadPath(version).fileVersion == "brain.Event:2")
        #expect(try Self.decodedByReadPath(Tensorboard_Event()) == TFEvent(decoding: [][...]))
    }

    @Test func laterOneofMembersReplaceEarlierOnesOnBothPaths() throws {
        // simple_value, then an image: the value is the image, which guild does not read.
        var first = Tensorboard_Summary.Value()
        first.simpleValue = 1
        var second = Tensorboard_Summary.Value()
        second.image = Data([1])
        let bytes = try Self.bytes(first) + Self.bytes(second)
        let generated = try Tensorboard_Summary.Value(serializedBytes: bytes)
        #expect(generated.value == .image(Data([1])))
        let read = try TFSummaryValue(decoding: bytes[...])
        #expect(read.simpleValue == nil && read.tensor == nil)
        // A summary, then a graph: the event has no summary.
        var withSummary = Tensorboard_Event()
        withSummary.summary.value = [first]
        var withGraph = Tensorboard_Event()
        withGraph.graphDef = Data([2])
        let events = try Self.bytes(withSummary) + Self.bytes(withGraph)
        #expect(try Tensorboard_Event(serializedBytes: events).what == .graphDef(Data([2])))
        #expect(try TFEvent(decoding: events[...]).summary == nil)
    }

    @Test func encodingMatchesPythonProtobuf() throws {
        // Event(file_version="brain.Event:2").SerializeToString()
        var version = Tensorboard_Event()
        version.fileVersion = "brain.Event:2"
        #expect(try version.serializedBytes() == [0x1A, 0x0D] + Array("brain.Event:2".utf8))
        // Event(step=1, summary=Summary(value=[Value(tag="x", simple_value=0.0)]))
        var value = Tensorboard_Summary.Value()
        value.tag = "x"
        value.simpleValue = 0
        var e = Tensorboard_Event()
        e.step = 1
        e.summary.value = [value]
        #expect(try e.serializedBytes() == [0x10, 0x01, 0x2A, 0x0A, 0x0A, 0x08, 0x0A, 0x01, 0x78, 0x15, 0, 0, 0, 0])
    }

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        let bytes: [UInt8] = [
            0x98, 0x06, 0xB9, 0x60, // field 99 varint 12345
            0x91, 0x06, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, // field 98 fixed64 1.0
            0x52, 0x03, 1, 2, 3, // field 10 (source_metadata) bytes
            0x8D, 0x06, 0, 0, 0x80, 0x3F, // field 97 fixed32 1.0
            0x83, 0x06, 0x08, 0x05, 0x84, 0x06, // field 96 group holding field 1 = 5
            0x10, 0x2A, // step 42
        ]
        #expect(try TFEvent(decoding: bytes[...]).step == 42)
        #expect(try Tensorboard_Event(serializedBytes: bytes).step == 42)
        for bad: [UInt8] in [[0x0A], [0x2A, 0x05, 0x0A], [0x0F]] { // truncated key, short message, wire type 7
            #expect(throws: ProtoDecodeError.self) { try TFEvent(decoding: bad[...]) }
            #expect(throws: (any Error).self) { try Tensorboard_Event(serializedBytes: bad) }
        }
    }

    @Test func packedAndUnpackedRepeatedFloats() throws {
        let unpacked: [UInt8] = [0x08, 0x01, 0x2D, 0, 0, 0xC0, 0x3F, 0x2D, 0, 0, 0x20, 0x40] // dtype 1, 1.5, 2.5
        #expect(try TFTensor(decoding: unpacked[...]).floatVal == [1.5, 2.5])
        #expect(try Tensorboard_TensorProto(serializedBytes: unpacked).floatVal == [1.5, 2.5])
        var packed = Self.tensor(.dtFloat, shape: nil)
        packed.floatVal = [1.5, 2.5]
        #expect(try TFTensor(decoding: Self.bytes(packed)[...]).floatVal == [1.5, 2.5])
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
