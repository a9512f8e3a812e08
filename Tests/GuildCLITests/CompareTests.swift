import Foundation
import Testing

@Suite("guild compare", .tags(.e2e))
struct CompareTests {
    @Test("the default table: core columns, every flag, step and the scalars; batch runs left out")
    func table() async throws {
        let box = try await GuildSandbox.batchGrid()
        let out = try await box.guild("compare", "-t").stdout
        let lines = out.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(
            lines[0]
                == "run       operation  started              time     status     label                         noise  seed  sleep  x  step  loss"
        )
        #expect(lines[1].hasSuffix("completed  noise=0.1 seed=0 sleep=0 x=3  0.1    0     0      3  0     1.094172"))
        #expect(!out.contains("train+"))
        #expect(try await box.guild("compare").stdout == out)
        #expect(try await box.guild("compare", "-t", "--include-batch").stdout.contains("train+"))
    }

    @Test("CSV keeps raw values; --min, -n, -cc, -u and as headings shape it")
    func csv() async throws {
        let box = try await GuildSandbox.batchGrid()
        let csv = try await box.guild(
            "compare", "--csv", "-", "--min", "loss", "-n", "2", "-cc", "=x,=noise,loss,min loss as best")
        #expect(
            csv.stdout
                == "run,x,noise,loss,best\n\(try shortId(box, x: 2, noise: 0)),2,0,0.0,0.0\n\(try shortId(box, x: 2, noise: 0.1)),2,0.1,0.09417200088500977,0.09417200088500977\n"
        )
        let unchanged = try await box.guild("compare", "-t", "-u", "-r").stdout
        #expect(unchanged.split(separator: "\n").first == "run       noise  x  loss")
        let file = box.root.appendingPathComponent("out.csv").path
        let written = try await box.guild("compare", "--csv", file)
        #expect(written.stderr == "Wrote 6 row(s) to \(file)\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 7)
    }

    @Test("an op's compare: columns in guild.yml replace the default flag and scalar columns")
    func guildfileColumns() async throws {
        let box = try await GuildSandbox.batchGrid()
        let guildfile = box.project.appendingPathComponent("guild.yml")
        let text = try String(contentsOf: guildfile, encoding: .utf8)
        try text.replacingOccurrences(
            of: "  objective: loss\n", with: "  objective: loss\n  compare: [=x, min loss as best, foo bar baz]\n"
        ).write(to: guildfile, atomically: true, encoding: .utf8)
        let result = try await box.guild("compare", "--csv", "-", "-r", "--min", "best", "-n", "1")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == "run,x,best" && lines[1].hasSuffix(",2,0.0"), "\(result.stdout)")
        #expect(
            result.stderr.hasPrefix("WARNING: error parsing 'foo bar baz' in \(guildfile.path): invalid column spec"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("bad column specs and unknown sort columns are one-line errors")
    func errors() async throws {
        let box = try await GuildSandbox.batchGrid()
        let bad = try await box.guild("compare", "-t", "-c", "loss,foo bar baz")
        #expect(bad.exitCode == 1)
        #expect(
            bad.stderr
                == "guild: invalid column spec 'foo bar baz': expected =FLAG, .ATTR or [first|last|min|max|avg|total|count] SCALAR [step] [as NAME]\n"
        )
        let sort = try await box.guild("compare", "-t", "--min", "acc")
        #expect(sort.exitCode == 1)
        #expect(sort.stderr.hasPrefix("guild: no such column 'acc' - columns are: run, operation,"))
    }

    @Test("select --min/--max picks the run with the lowest or highest column value")
    func selectBest() async throws {
        let box = try await GuildSandbox.batchGrid()
        let lowest = try await box.guild("select", "--min", "loss", "-s").stdout
        #expect(lowest == (try shortId(box, x: 2, noise: 0)) + "\n")
        let highest = try await box.guild("select", "--max", "loss", "-s").stdout
        #expect(highest == (try shortId(box, x: 3, noise: 0.1)) + "\n")
        let missing = try await box.guild("select", "--min", "acc")
        #expect(missing.stderr == "guild: no run has a value for 'acc'\n")
    }

    @Test("a cut-off event file: its good records are used and a warning names it once per compare")
    func damagedEventFile() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=3", "-y", "-q").exitCode == 0)
        let id = try #require(try box.runIds().first)
        let guildDir = box.runDirectory(id).appendingPathComponent(".guild")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: guildDir.path).first { $0.contains("tfevents") })
        let path = guildDir.appendingPathComponent(name).path
        // A record of garbage after the good ones: a length, then too few bytes.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data([40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]))
        handle.closeFile()
        for _ in 0..<2 {
            let result = try await box.guild("compare", "--csv", "-", "-cc", "loss")
            #expect(result.exitCode == 0)
            #expect(result.stdout == "run,loss\n\(id.prefix(8)),1.0941720008850098\n")
            #expect(result.stderr.components(separatedBy: name).count == 2, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("WARNING: \(path) is damaged"))
        }
    }

    @Test("a second compare finds an event directory added to a run whose directories had settled")
    func eventDirectoryAddedLater() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=3", "-y", "-q").exitCode == 0)
        let id = try #require(try box.runIds().first)
        let runDir = box.runDirectory(id)
        let guildDir = runDir.appendingPathComponent(".guild")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: guildDir.path).first { $0.contains("tfevents") })
        let anHourAgo: [FileAttributeKey: Any] = [.modificationDate: Date(timeIntervalSinceNow: -3600)]
        for dir in [runDir, guildDir] { try FileManager.default.setAttributes(anHourAgo, ofItemAtPath: dir.path) }
        let first = try await box.guild("compare", "--csv", "-", "-cc", "loss,val#loss")
        #expect(first.stdout == "run,loss,val loss\n\(id.prefix(8)),1.0941720008850098,\n")

        let val = runDir.appendingPathComponent("val")
        try FileManager.default.createDirectory(at: val, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: guildDir.appendingPathComponent(name), to: val.appendingPathComponent(name))
        let second = try await box.guild("compare", "--csv", "-", "-cc", "loss,val#loss")
        #expect(second.stdout == "run,loss,val loss\n\(id.prefix(8)),1.0941720008850098,1.0941720008850098\n")
    }

    private func shortId(_ box: borrowing GuildSandbox, x: Int, noise: Double) throws -> String {
        for id in try box.runIds() {
            let flags = try box.attr(id, "flags")
            if flags.contains("x: \(x)\n") && flags.contains("noise: \(noise == 0 ? "0" : "\(noise)")\n") {
                return String(id.prefix(8))
            }
        }
        return "?"
    }
}
