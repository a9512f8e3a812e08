import Foundation
import Testing

/// `guild runs` and index forms over a home big enough to use the run index, with the runs
/// changed behind its back the way Guild AI changes them (attrs rewritten in place).
@Suite struct RunIndexCommandTests {
    private func writeRun(_ box: borrowing GuildSandbox, _ id: String, started: Int, label: String) throws {
        let attrs = box.home.appendingPathComponent("runs/\(id)/.guild/attrs")
        try FileManager.default.createDirectory(at: attrs, withIntermediateDirectories: true)
        try "guildfile:\(box.project.path)/guild.yml abc '' train\n".write(
            to: attrs.deletingLastPathComponent().appendingPathComponent("opref"), atomically: false, encoding: .utf8)
        for (name, text) in [("started", "\(started)\n"), ("exit_status", "0\n"), ("label", "\(label)\n")] {
            try rewriteInPlace(attrs.appendingPathComponent(name), text)
        }
    }

    private func rewriteInPlace(_ file: URL, _ text: String) throws {
        if !FileManager.default.fileExists(atPath: file.path) {
            FileManager.default.createFile(atPath: file.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func runsAddedDeletedRelabelledAndRestartedShowAtOnce() async throws {
        let box = try GuildSandbox()
        let base = 1_700_000_000_000_000
        let id = { (i: Int) in String(format: "%032x", i) }
        for i in 0..<250 { try writeRun(box, id(i), started: base + i * 60_000_000, label: "run-\(i)") }
        // Entries are stored once their files are 2 s old, so that the second listing uses them.
        try await Task.sleep(for: .milliseconds(2100))
        let first = try await box.guild("runs", "-n", "2")
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stdout.contains("[1:\(id(249).prefix(8))]") && first.stdout.contains("run-249"))
        let index = box.home.appendingPathComponent("cache/runs-v2.sqlite")
        #expect(FileManager.default.fileExists(atPath: index.path))
        #expect(try await box.guild("runs", "-n", "2").stdout == first.stdout)
        // Listings of every run's label and status remember them too.
        let all = try await box.guild("runs", "-a")
        #expect(all.stdout.split(separator: "\n").count == 250 && all.stdout.contains("completed  run-0\n"))
        #expect(try await box.guild("runs", "-a").stdout == all.stdout)
        #expect(try await box.guild("runs", "-Fl", "run-248").stdout.contains("run-248"))

        // Restarted (started rewritten in place, same length), relabelled, one deleted, one added.
        let runs = box.home.appendingPathComponent("runs")
        try rewriteInPlace(runs.appendingPathComponent("\(id(10))/.guild/attrs/started"), "\(base + 900 * 60_000_000)\n")
        try rewriteInPlace(runs.appendingPathComponent("\(id(248))/.guild/attrs/label"), "relabelled\n")
        try FileManager.default.removeItem(at: runs.appendingPathComponent(id(249)))
        try writeRun(box, id(300), started: base + 800 * 60_000_000, label: "added")
        let after = try await box.guild("runs", "-n", "3")
        #expect(after.exitCode == 0, "\(after.stderr)")
        let lines = after.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("[1:\(id(10).prefix(8))]") && lines[0].hasSuffix("run-10"))
        #expect(lines[1].hasPrefix("[2:\(id(300).prefix(8))]") && lines[1].hasSuffix("added"))
        #expect(lines[2].hasPrefix("[3:\(id(248).prefix(8))]") && lines[2].hasSuffix("relabelled"))
        #expect(after.stderr.isEmpty, "\(after.stderr)")
        #expect(try await box.guild("runs").stderr.contains("(250 total)")) // the default limit notes the count
        #expect(try await box.guild("select", "1").stdout == id(10) + "\n")
        let relabelled = try await box.guild("runs", "-Fl", "relabelled")
        #expect(relabelled.stdout.split(separator: "\n").count == 1 && relabelled.stdout.contains(id(248).prefix(8)))
        #expect(try await box.guild("runs", "-Fl", "run-248").stdout.isEmpty)

        // A damaged index is rebuilt with a warning and changes nothing shown.
        try Data(repeating: 0x5a, count: 4096).write(to: index)
        let rebuilt = try await box.guild("runs", "-n", "3")
        #expect(rebuilt.stdout == after.stdout)
        #expect(rebuilt.stderr.contains("WARNING: run index \(index.path) is unreadable"))
    }

    @Test(
        "labels, marks and tags that Guild AI 0.9.0 writes behind the index show at once",
        .enabled(if: ProcessInfo.processInfo.environment["GUILDAI_BIN"] != nil, "GUILDAI_BIN is not set (see .ci/run)"))
    func guildAIChangesBehindTheIndex() async throws {
        let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"]!
        let box = try GuildSandbox()
        let base = 1_700_000_000_000_000
        let id = { (i: Int) in String(format: "%032x", i) }
        for i in 0..<220 { try writeRun(box, id(i), started: base + i * 60_000_000, label: "run-\(i)") }
        try await Task.sleep(for: .milliseconds(2100))
        let before = try await box.guild("runs", "-a")
        #expect(before.exitCode == 0 && before.stdout.split(separator: "\n").count == 220, "\(before.stderr)")
        #expect(!before.stdout.contains("[marked]"))
        // The index now holds every run's label, mark and tags; Guild AI rewrites them in place.
        for args in [["label", "-s", "from-guildai", "1", "-y"], ["mark", "2", "-y"], ["tag", "-a", "t1", "3", "-y"]] {
            let result = try await GuildSandbox.run(guildAI, args, environment: box.environment, cwd: box.project)
            #expect(result.exitCode == 0, "guild \(args.joined(separator: " ")): \(result.stderr)")
        }
        let all = try await box.guild("runs", "-a")
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("completed  from-guildai") == true, "\(lines.prefix(3))")
        #expect(lines.dropFirst().first?.contains("train [marked]") == true, "\(lines.prefix(3))")
        for (filter, expected) in [(["-Fl", "from-guildai"], id(219)), (["-Fm"], id(218)), (["-Ft", "t1"], id(217))] {
            let found = try await box.guild(["select"] + filter)
            #expect(found.stdout == expected + "\n", "select \(filter.joined(separator: " ")): \(found.stderr)")
        }
    }
}
