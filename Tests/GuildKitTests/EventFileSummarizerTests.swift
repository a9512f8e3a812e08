import Foundation
import SwiftProtobuf
import Testing
@testable import GuildKit

/// The summarizer against the reference it replaces on the read path: every scalar that
/// `EventFileReader.read` finds, summarized tag by tag in order.
@Suite struct EventFileSummarizerTests {
    static func reference(_ bytes: [UInt8]) -> (summaries: [ScalarSummary], damaged: Bool) {
        let contents = EventFileReader.read(bytes: bytes)
        var byTag: [String: ScalarSummary] = [:]
        var order: [String] = []
        for s in contents.scalars {
            if byTag[s.tag] == nil {
                byTag[s.tag] = ScalarSummary(directory: "", tag: s.tag, value: s.value, step: s.step)
                order.append(s.tag)
            } else {
                byTag[s.tag]!.add(value: s.value, step: s.step)
            }
        }
        return (order.map { byTag[$0]! }, contents.damaged)
    }

    /// Summaries as text, so that NaN equals NaN.
    static func text(_ result: (summaries: [ScalarSummary], damaged: Bool)) -> [String] {
        result.summaries.map {
            "\($0.tag) \($0.first)@\($0.firstStep) \($0.last)@\($0.lastStep) \($0.min)@\($0.minStep) "
                + "\($0.max)@\($0.maxStep) \($0.total) \($0.count)"
        } + ["damaged: \(result.damaged)"]
    }

    static func expectSame(_ bytes: [UInt8], _ comment: Comment? = nil) {
        #expect(text(EventFileSummarizer.summarize(bytes: bytes)) == text(reference(bytes)), comment)
    }

    static func record(_ event: Tensorboard_Event) throws -> [UInt8] {
        TFRecord.frame(try event.serializedBytes() as [UInt8])
    }

    static func value(_ tag: String, _ x: Float) -> Tensorboard_Summary.Value {
        var v = Tensorboard_Summary.Value()
        v.tag = tag
        v.simpleValue = x
        return v
    }

    static func event(step: Int64, _ values: [Tensorboard_Summary.Value]) -> Tensorboard_Event {
        var e = Tensorboard_Event()
        e.step = step
        e.wallTime = 1_700_000_000 + Double(step)
        e.summary.value = values
        return e
    }

    @Test func fixturesWrittenByTensorBoardAndGuild() throws {
        for name in ["guild_simple", "guild_truncated", "guild_corrupt", "tf2_tensors"] {
            let bytes = try scalarsFixtureBytes("\(name).tfevents.bin")
            Self.expectSame(bytes, "\(name)")
            #expect(!EventFileSummarizer.summarize(bytes: bytes).summaries.isEmpty)
        }
        #expect(EventFileSummarizer.summarize(path: "/nonexistent/events").damaged)
    }

    @Test func manyTagsRepeatedStepsAndNaN() throws {
        var bytes = try Self.record({ var e = Tensorboard_Event(); e.fileVersion = "brain.Event:2"; return e }())
        var generator = SystemRandomNumberGenerator()
        for step in 0..<60 {
            // 40 tags, more than the summarizer searches one by one, in a shuffled order.
            let values = (0..<40).shuffled(using: &generator).map { i in
                Self.value("tag/\(i)", i == 7 && step == 3 ? .nan : Float(step * i) - 100)
            }
            bytes += try Self.record(Self.event(step: Int64(step % 17), values))
        }
        Self.expectSame(bytes)
        #expect(EventFileSummarizer.summarize(bytes: bytes).summaries.count == 40)
    }

    @Test func tensorsTextsOneofsAndOddTags() throws {
        var tensor = Tensorboard_TensorProto()
        tensor.dtype = .dtDouble
        tensor.doubleVal = [2.5]
        var tensorValue = Tensorboard_Summary.Value()
        tensorValue.tag = "t"
        tensorValue.tensor = tensor
        var text = Tensorboard_TensorProto()
        text.dtype = .dtString
        text.stringVal = [Data("hi".utf8)]
        var textValue = Tensorboard_Summary.Value()
        textValue.tag = "msg"
        textValue.tensor = text
        var image = Self.value("img", 1)
        image.image = Data([1, 2])
        var graph = Self.event(step: 4, [Self.value("lost", 1)])
        graph.graphDef = Data([0])
        var bytes = try Self.record(Self.event(step: 1, [tensorValue, textValue, image, Self.value("", 3)]))
        bytes += try Self.record(graph)
        // "é" precomposed and decomposed, and invalid UTF-8: one summary per string.
        bytes += try Self.record(Self.event(step: 2, [Self.value("\u{E9}", 1), Self.value("e\u{301}", 2)]))
        var badTag = Tensorboard_Summary.Value()
        badTag.simpleValue = 5
        let invalid: [UInt8] = [0x0A, 0x01, 0xFF] + (try badTag.serializedBytes() as [UInt8]) // tag 0xFF, then the value
        let invalid2: [UInt8] = [0x0A, 0x01, 0xFE] + (try badTag.serializedBytes() as [UInt8])
        var summary: [UInt8] = []
        for v in [invalid, invalid2] { summary += [0x0A, UInt8(v.count)] + v }
        bytes += TFRecord.frame([0x10, 0x03, 0x2A, UInt8(summary.count)] + summary)
        Self.expectSame(bytes)
        let tags = EventFileSummarizer.summarize(bytes: bytes).summaries.map(\.tag)
        #expect(tags == ["t", "", "\u{E9}", "\u{FFFD}"])
    }

    @Test func anUndecodableEventEndsTheFileButKeepsWhatCameBefore() throws {
        var bytes = try Self.record(Self.event(step: 1, [Self.value("loss", 1)]))
        bytes += TFRecord.frame([0x2A, 0x05, 0x0A]) // a summary cut short
        bytes += try Self.record(Self.event(step: 2, [Self.value("loss", 2)]))
        Self.expectSame(bytes)
        let result = EventFileSummarizer.summarize(bytes: bytes)
        #expect(result.damaged && result.summaries.map(\.count) == [1])
        // The same with a good event cut off by the end of the file.
        let cut = Array((try Self.record(Self.event(step: 1, [Self.value("loss", 1)])) + bytes).dropLast(3))
        Self.expectSame(cut)
    }
}
