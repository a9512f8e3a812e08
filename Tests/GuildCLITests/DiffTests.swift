import Foundation
import Testing

@Suite("guild diff", .tags(.e2e))
struct DiffTests {
    @Test("flags, output, attrs and paths of two runs through diff -ru or --cmd; one run is an error")
    func diff() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=1", "-y", "-q").exitCode == 0)
        #expect(try await box.guild("run", "train", "x=2", "-y", "-q").exitCode == 0)
        let flags = try await box.guild("diff", "-f")
        #expect(flags.exitCode == 0)
        #expect(flags.stdout.contains("\n-x: 1\n+x: 2\n"), "\(flags.stdout)")
        #expect(flags.stdout.contains("/.guild/attrs/flags\t"))
        let output = try await box.guild("diff", "--output")
        #expect(output.stdout.contains("\n-loss: 1.094172\n"), "\(output.stdout)")
        #expect(output.stdout.contains("\n+loss: 0.094172\n"), "\(output.stdout)")
        let viaCat = try await box.guild("diff", "2", "1", "-p", ".guild/attrs/label", "--cmd", "cat")
        #expect(viaCat.stdout == "noise=0.1 seed=0 sleep=0 x=1\nnoise=0.1 seed=0 sleep=0 x=2\n")
        let viaRuns = try await box.guild("runs", "diff", "2", "1", "-p", ".guild/attrs/label", "--cmd", "cat")
        #expect(viaRuns.stdout == viaCat.stdout, "guild runs diff is guild diff")
        let attrs = try await box.guild("diff", "-a", "-f", "--cmd", "echo")
        #expect(attrs.stderr == "WARNING: ignoring --flags (already included in --attrs)\n")
        #expect(attrs.stdout.hasSuffix("/.guild/attrs\n"))
        // Two id prefixes, found with one read of the runs directory; the order is the arguments'.
        let ids = [try await box.guild("select", "1").stdout, try await box.guild("select", "2").stdout]
        #expect(ids.allSatisfy { $0.count == 33 }, "\(ids)")
        let byId = try await box.guild(
            "diff", String(ids[0].prefix(6)), String(ids[1].prefix(6)), "-p", ".guild/attrs/label", "--cmd", "cat")
        #expect(byId.stdout == "noise=0.1 seed=0 sleep=0 x=2\nnoise=0.1 seed=0 sleep=0 x=1\n", "\(byId.stderr)")
        let missing = try await box.guild("diff", String(ids[0].prefix(6)), "ffffffff")
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.hasPrefix("guild: could not find a run matching 'ffffffff'"), "\(missing.stderr)")
        let one = try await box.guild("diff", "1")
        #expect(one.exitCode == 1)
        #expect(one.stderr.hasPrefix("guild: diff requires two runs\n"))
    }

    @Test("--working diffs a run's source code with the project as it is now; --dir with any directory")
    func workingAndDirectory() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=1", "-y", "-q").exitCode == 0)
        let script = try String(contentsOf: box.project.appendingPathComponent("train.py"), encoding: .utf8)
        try box.write("train.py", script + "# changed\n")
        let working = try await box.guild("diff", "--working", "-p", "train.py")
        #expect(working.exitCode == 0)
        #expect(working.stdout.contains("\n+# changed\n"), "\(working.stdout)")
        try box.write("other/note.txt", "other\n")
        let runDir = try await box.guild("select", "--path").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try "run\n".write(toFile: runDir + "/note.txt", atomically: true, encoding: .utf8)
        let dir = try await box.guild("diff", "1", "--dir", "other", "-p", "note.txt", "--cmd", "cat")
        #expect(dir.stdout == "run\nother\n")
        for (args, message) in [
            (["--working", "--dir", "other"], "guild: --working and --dir cannot both be used\n"),
            (["--working", "-s"], "guild: --working and --sourcecode cannot both be used\n"),
            (["1", "2", "--dir", "other"], "guild: cannot specify second RUN and --dir\n"),
        ] {
            let result = try await box.guild(["diff"] + args)
            #expect(result.exitCode == 1 && result.stderr == message, "\(args): \(result.stderr)")
        }
    }
}
