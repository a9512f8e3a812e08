import Foundation
import Testing

@Suite("read commands", .tags(.e2e))
struct ReadCommandTests {
    /// A sandbox with three completed train runs (epochs 1, 2, 3; newest has epochs=3).
    private func threeRuns() async throws -> GuildSandbox {
        let box = try GuildSandbox(example: "train")
        for epochs in 1...3 {
            let r = try await box.guild("run", "train", "epochs=\(epochs)", "-y")
            #expect(r.exitCode == 0, "\(r.stderr)")
        }
        return box
    }

    @Test("guild runs lists newest first in Guild's columns")
    func runsList() async throws {
        let box = try await threeRuns()
        let result = try await box.guild("runs")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let pattern =
            /^\[(\d):([0-9a-f]{8})\]  train  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  completed  epochs=(\d) lr=0.1 optimizer=sgd$/
        for (i, line) in lines.enumerated() {
            let match = try #require(line.wholeMatch(of: pattern), "\(line)")
            #expect(Int(match.1) == i + 1)
            #expect(Int(match.3) == 3 - i)
        }
        let limited = try await box.guild("runs", "-n", "1")
        #expect(limited.stdout.split(separator: "\n").count == 1)
        #expect(limited.stderr.isEmpty, "\(limited.stderr)") // Guild AI notes the limit only without -n
        let badLimit = try await box.guild("runs", "-n", "-1")
        #expect(badLimit.exitCode == 2)
        #expect(badLimit.stderr.hasPrefix("guild: Invalid value for '-n' / '--limit': -1 is not in the range x>=1.\n"))
        let all = try await box.guild("runs", "list", "-a")
        #expect(all.stdout == result.stdout)
        let elsewhere = try await box.guild("runs", cwd: box.root)
        #expect(elsewhere.stdout.contains("  train (project)  "))
    }

    @Test("run arguments select by index, range and id prefix")
    func selection() async throws {
        let box = try await threeRuns()
        let ambiguous = try await box.guild("select", "1:3")
        #expect(ambiguous.exitCode == 1)
        #expect(ambiguous.stderr.hasPrefix("guild: '1:3' matches multiple runs:\n  "))
        let ids = try await box.guild("select", "1:3", "--all").stdout.split(separator: "\n").map(String.init)
        #expect(ids.count == 3)
        let second = try await box.guild("select", "2").stdout
        #expect(second == ids[1] + "\n")
        let byPrefix = try await box.guild("select", String(ids[2].prefix(6)), "--short-id").stdout
        #expect(byPrefix == String(ids[2].prefix(8)) + "\n")
        // A prefix is resolved among the runs with that prefix only, the run filters still applying.
        let kept = try await box.guild("select", String(ids[2].prefix(6)), "-Fo", "train").stdout
        #expect(kept == ids[2] + "\n")
        let filteredOut = try await box.guild("select", String(ids[2].prefix(6)), "-Fo", "nosuchop")
        #expect(filteredOut.exitCode == 1)
        #expect(filteredOut.stderr.hasPrefix("guild: could not find a run matching '\(ids[2].prefix(6))'\n"))
        let flags = try await box.guild("select", "3", "--attr", "flags").stdout
        #expect(flags == "epochs: 1\nlr: 0.1\noptimizer: sgd\n")
        let path = try await box.guild("select", "--path").stdout
        #expect(path == box.runDirectory(ids[0]).path + "\n")
        let missing = try await box.guild("select", "zzz")
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.hasPrefix("guild: could not find a run matching 'zzz'\n"))
        let noAttr = try await box.guild("select", "--attr", "nope")
        #expect(noAttr.stderr == "guild: no such run attribute 'nope'\n")
    }

    @Test("guild runs info shows fields in Guild's order")
    func runsInfo() async throws {
        let box = try await threeRuns()
        let info = try await box.guild("runs", "info", "2").stdout
        let keys = info.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { String($0.split(separator: ":")[0]) }
        #expect(
            keys == [
                "id", "operation", "from", "status", "started", "stopped", "marked", "label", "sourcecode_digest",
                "vcs_commit", "run_dir", "command", "exit_status", "pid", "tags", "flags", "scalars",
            ])
        #expect(info.contains("operation: train\n"))
        #expect(info.contains("label: epochs=2 lr=0.1 optimizer=sgd\n"))
        #expect(info.contains("exit_status: 0\n"))
    }

    @Test("guild ls separates source code, dependencies and generated files")
    func ls() async throws {
        let box = try await threeRuns()
        let id = try await box.latestRunId()
        try "x".write(to: box.runDirectory(id).appendingPathComponent("model.bin"), atomically: true, encoding: .utf8)
        let plain = try await box.guild("ls").stdout
        #expect(plain.hasPrefix("~/home/runs/\(id):\n"))
        #expect(plain.contains("\n  model.bin\n"))
        #expect(plain.contains("\n  train.py\n"))
        #expect(!plain.contains(".guild"))
        let generated = try await box.guild("ls", "-g", "-n").stdout
        #expect(generated == "model.bin\n")
        let source = try await box.guild("ls", "--sourcecode", "-n").stdout
        #expect(source == "config.yml\nguild.yml\ntrain.py\ntrain_args.py\ntrain_config.py\n")
        let hidden = try await box.guild("ls", "-a", "-n", "-p", ".guild/attrs/flags").stdout
        #expect(hidden == ".guild/attrs/flags\n")
        let glob = try await box.guild("ls", "-n", "-p", "*.py").stdout
        #expect(glob == "train.py\ntrain_args.py\ntrain_config.py\n")
    }

    @Test("guild cat prints files and output")
    func cat() async throws {
        let box = try await threeRuns()
        let file = try await box.guild("cat", "-p", ".guild/attrs/exit_status").stdout
        #expect(file == "0\n")
        let output = try await box.guild("cat", "--output", "3").stdout
        #expect(output == "step: 1\nloss: 0.904837\nacc: 0.547581\n")
        let missing = try await box.guild("cat", "-p", "nope.txt")
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.hasSuffix("/nope.txt does not exist\n"))
    }

    @Test("guild ops lists operations with their descriptions")
    func ops() async throws {
        let box = try GuildSandbox(example: "train")
        let result = try await box.guild("ops")
        #expect(
            result.stdout == """
                train         Train a toy model (flags as Python globals)
                train-args    Train with argparse flags
                train-config  Train with flags read from config.yml

                """)
        let filtered = try await box.guild("operations", "argparse")
        #expect(filtered.stdout == "train-args  Train with argparse flags\n")
    }

    @Test("a dead pid in LOCK is not running")
    func deadLock() async throws {
        let box = try await threeRuns()
        let id = try await box.latestRunId()
        let guildDir = box.runDirectory(id).appendingPathComponent(".guild")
        try FileManager.default.removeItem(at: guildDir.appendingPathComponent("attrs/exit_status"))
        try "999999".write(to: guildDir.appendingPathComponent("LOCK"), atomically: true, encoding: .utf8)
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")
        try "\(getpid())".write(to: guildDir.appendingPathComponent("LOCK"), atomically: true, encoding: .utf8)
        #expect(try await box.guild("select", "--attr", "status").stdout == "running\n")
    }
}
