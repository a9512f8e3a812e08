import Foundation
import Testing
@testable import GuildKit

@Suite struct ScalarsRunScalarsTests {
    @Test func summaryRules() {
        var s = ScalarSummary(directory: "", tag: "x", value: 5, step: 3)
        s.add(value: 1, step: 1) // new first
        s.add(value: 9, step: 3) // tie on the highest step: later event wins last
        s.add(value: .nan, step: 2) // NaN never becomes min or max
        s.add(value: 0, step: 1) // tie on the lowest step: earlier event keeps first
        #expect(s.first == 1 && s.firstStep == 1)
        #expect(s.last == 9 && s.lastStep == 3)
        #expect(s.min == 0 && s.minStep == 1)
        #expect(s.max == 9 && s.maxStep == 3)
        #expect(s.count == 5 && s.total.isNaN && s.avg.isNaN)
        #expect(s.key == "x")
        let g = ScalarSummary(directory: ".guild", tag: "x", value: 0, step: 0)
        #expect(g.key == "x" && g.prefix == "" && g.directory == ".guild")
        #expect(ScalarSummary(directory: "val", tag: "loss", value: 0, step: 0).key == "val#loss")
    }

    @Test func readsRunDirectory() throws {
        let rd = try scalarsTempDir()
        defer { try? FileManager.default.removeItem(at: rd) }
        let fm = FileManager.default
        func put(_ fixture: String, _ path: String) throws {
            let dest = rd.appendingPathComponent(path)
            try fm.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: scalarsFixtureURL(fixture), to: dest)
        }
        try put("guild_simple.tfevents.bin", ".guild/events.out.tfevents.1.h.1.0")
        try put("tf2_tensors.tfevents.bin", "val/events.out.tfevents.2.h.1.0")
        try put("guild_truncated.tfevents.bin", "val/sub/events.out.tfevents.3.h.1.0")
        try put("tf2_tensors.tfevents.bin", "events.out.tfevents.2.h.1.0.attrs")
        // A symlink to a non-run directory is not followed; one to a run is.
        let other = try scalarsTempDir()
        defer { try? fm.removeItem(at: other) }
        try fm.copyItem(
            at: scalarsFixtureURL("tf2_tensors.tfevents.bin"),
            to: other.appendingPathComponent("events.out.tfevents.9.h.1.0"))
        try fm.createSymbolicLink(at: rd.appendingPathComponent("notrun"), withDestinationURL: other)
        let run = try scalarsTempDir()
        defer { try? fm.removeItem(at: run) }
        try fm.createDirectory(at: run.appendingPathComponent(".guild"), withIntermediateDirectories: true)
        #expect(fm.createFile(atPath: run.appendingPathComponent(".guild/opref").path, contents: Data()))
        try fm.copyItem(
            at: scalarsFixtureURL("guild_truncated.tfevents.bin"),
            to: run.appendingPathComponent("events.out.tfevents.9.h.1.0"))
        try fm.createSymbolicLink(at: rd.appendingPathComponent("trial"), withDestinationURL: run)

        let (summaries, damaged) = RunScalars.read(runDirectory: rd)
        #expect(damaged == ["trial/events.out.tfevents.9.h.1.0", "val/sub/events.out.tfevents.3.h.1.0"])
        #expect(
            summaries.map { "\($0.prefix)|\($0.tag)|\($0.directory)" } == [
                "|acc|.guild", "|f32|", "|f64|", "|loss|.guild", "|neg|", "|sys/cpu|.guild", "|zero|.guild",
                "trial|acc|trial", "trial|loss|trial",
                "val|f32|val", "val|f64|val", "val|neg|val",
                "val/sub|acc|val/sub", "val/sub|loss|val/sub",
            ])
        let loss = try #require(summaries.first { $0.directory == ".guild" && $0.tag == "loss" })
        // Values as guild.index._summarize_scalars computes them for this file.
        #expect(loss.first == 0.5 && loss.firstStep == 0)
        #expect(loss.last == 1.0000000150474662e+30 && loss.lastStep == 5)
        #expect(loss.min == 0.25 && loss.minStep == 1)
        #expect(loss.max == 1.0000000150474662e+30 && loss.maxStep == 5)
        #expect(loss.count == 4 && loss.avg.isNaN && loss.total.isNaN)
        let acc = try #require(summaries.first { $0.directory == ".guild" && $0.tag == "acc" })
        #expect(acc.avg == 0.04875000077299774 && acc.total == 0.09750000154599547)
        #expect(acc.min == -0.0024999999441206455 && acc.maxStep == 0)
        let f64 = try #require(summaries.first { $0.prefix == "val" && $0.tag == "f64" })
        #expect(f64.avg == 0.15000000000000002 && f64.total == 0.30000000000000004)
        #expect(summaries.first { $0.prefix == "val/sub" && $0.tag == "loss" }?.key == "val/sub#loss")
    }

    @Test func emptyOrMissingDirectory() throws {
        let rd = try scalarsTempDir()
        defer { try? FileManager.default.removeItem(at: rd) }
        #expect(RunScalars.read(runDirectory: rd).summaries.isEmpty)
        #expect(RunScalars.read(runDirectory: rd.appendingPathComponent("missing")).summaries.isEmpty)
    }
}
