import Foundation
import Testing

/// Guild AI 0.9.0's `guild`, from `GUILDAI_BIN` (`.ci/run` installs it in a venv).
private let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"]

@Suite(
    "interop with Guild AI 0.9.0", .tags(.e2e, .interop),
    .enabled(if: guildAI != nil, "GUILDAI_BIN is not set: Guild AI 0.9.0 is not installed (see .ci/run)"))
struct InteropTests {
    private func guildAIRun(_ box: borrowing GuildSandbox, _ args: [String]) async throws -> CommandResult {
        try await GuildSandbox.run(guildAI!, args, environment: box.environment, cwd: box.project)
    }

    @Test("Guild AI reads the runs we make: flags, status and scalars agree")
    func guildAIReadsOurRuns() async throws {
        let box = try GuildSandbox(example: "train")
        #expect(try await box.guild("run", "train", "lr=0.05", "epochs=2", "-y").exitCode == 0)
        #expect(try await box.guild("run", "train-args", "epochs=2", "-y").exitCode == 0)
        try box.write("failing/guild.yml", "fail:\n  main: fail\n")
        try box.write("failing/fail.py", "import sys\nprint('failing')\nsys.exit(2)\n")
        let failing = try await box.guild("run", "fail", "-y", cwd: box.project.appendingPathComponent("failing"))
        #expect(failing.exitCode == 2)

        let info = try await guildAIRun(box, ["runs", "info", "3"])
        #expect(info.exitCode == 0, "\(info.stderr)")
        #expect(info.stdout.contains("operation: train\n"))
        #expect(info.stdout.contains("status: completed\n"))
        #expect(info.stdout.contains("flags:\n  epochs: 2\n  lr: 0.05\n  optimizer: sgd\n"))
        #expect(info.stdout.contains("  loss: 0.860708 (step 2)\n"))
        let ours = try await box.guild("runs", "info", "3")
        #expect(ours.stdout == info.stdout)

        let csv = try await guildAIRun(box, ["compare", "--csv", "-"])
        #expect(csv.exitCode == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(rows.first)
        let col = { (name: String) in header.firstIndex(of: name)! }
        try #require(rows.count == 4)
        #expect(rows[1][col("status")] == "error")
        #expect(rows[2][col("operation")] == "train-args" && rows[2][col("status")] == "completed")
        #expect(rows[2][col("loss")].hasPrefix("0.74081"))
        #expect(rows[3][col("lr")] == "0.05" && rows[3][col("epochs")] == "2" && rows[3][col("optimizer")] == "sgd")
        #expect(rows[3][col("loss")].hasPrefix("0.86070"))

        let list = try await guildAIRun(box, ["runs"])
        #expect(list.stdout == (try await box.guild("runs")).stdout)
    }

    @Test("grid batches: the same trials in the same order, and each tool lists the other's batch and trials")
    func gridBatches() async throws {
        let box = try GuildSandbox(example: "batch")
        let theirs = try await guildAIRun(box, ["run", "train", "x=[1,2]", "noise=[0,0.5]", "--keep-batch", "-y"])
        #expect(theirs.exitCode == 0, "\(theirs.stderr)")
        let ours = try await box.guild("run", "train", "x=[1,2]", "noise=[0,0.5]", "--keep-batch", "-y")
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        let trialLines = { (stderr: String) in
            stderr.split(separator: "\n").filter { $0.hasPrefix("INFO: [guild] Running trial ") }.map {
                String($0.split(separator: ":", maxSplits: 2)[2])
            }
        }
        #expect(trialLines(ours.stderr) == trialLines(theirs.stderr))
        #expect(trialLines(ours.stderr).first == " train (noise=0, seed=0, sleep=0, x=1)")
        let theirList = try await guildAIRun(box, ["runs"])
        let ourList = try await box.guild("runs")
        #expect(theirList.stdout == ourList.stdout)
        #expect(ourList.stdout.split(separator: "\n").filter { $0.contains("  train+  ") }.count == 2)
    }

    @Test("guild compare prints what Guild AI's compare prints, as a table and as CSV, with column specs and filters")
    func compare() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=[1,2,3]", "noise=[0,0.1]", "-y", "-q").exitCode == 0)
        #expect(try await guildAIRun(box, ["run", "train", "x=[4,5]", "-y", "-q"]).exitCode == 0)
        for args in [
            ["-t"], ["--csv", "-"], ["-t", "--min", "loss", "-n", "3"],
            ["-t", "-cc", "=x,loss,min loss as best,.status"],
            ["-t", "-u"], ["--csv", "-", "--max", "x", "-r", "-c", "loss step"], ["-t", "2:4"],
            ["-t", "-F", "loss < 1.5 and x not in [2, 5]"], ["-t", "-Fl", "x=4", "-Fl", "x=1"],
            ["-t", "-Sc", "-Fo", "tr*"],
            ["-t", "-Fs", "today", "-F", "not (noise > 0 or x = 3)"], ["--csv", "-", "-Fs", "3 days ago"],
            ["-t", "-Fo", "^t", "1"],
        ] {
            let ours = try await box.guild(["compare"] + args)
            let theirs = try await guildAIRun(box, ["compare"] + args)
            #expect(ours.stdout == theirs.stdout, "guild compare \(args)")
        }
    }

    @Test("we read the runs Guild AI makes")
    func weReadGuildAIRuns() async throws {
        let box = try GuildSandbox(example: "train")
        let made = try await guildAIRun(box, ["run", "train", "lr=0.05", "epochs=2", "-y"])
        #expect(made.exitCode == 0, "\(made.stderr)")
        let config = try await guildAIRun(box, ["run", "train-config", "train.lr=0.2", "-y"])
        #expect(config.exitCode == 0, "\(config.stderr)")

        let list = try await box.guild("runs")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("  train-config  ") && lines[0].contains("  completed  "))
        #expect(lines[1].hasSuffix("  completed  epochs=2 lr=0.05 optimizer=sgd"))

        let info = try await box.guild("runs", "info", "2")
        let theirs = try await guildAIRun(box, ["runs", "info", "2"])
        #expect(info.stdout.contains("flags:\n  epochs: 2\n  lr: 0.05\n  optimizer: sgd\n"))
        #expect(info.stdout.contains("  loss: 0.860708 (step 2)\n"))
        #expect(info.stdout == theirs.stdout)

        let deps = try await box.guild("ls", "-d", "-n")
        #expect(deps.stdout == "config.yml\n")
        let flags = try await box.guild("select", "--attr", "flags")
        #expect(flags.stdout == "model.layers: 2\nmodel.name: toy\ntrain.epochs: 3\ntrain.lr: 0.2\n")
    }

    @Test("source code selection in a git project matches Guild AI's manifest and digest")
    func gitSourceCodeMatches() async throws {
        let box = try GuildSandbox()
        try GitProject.make(in: box)
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        let ours = try #require(try box.runIds().first)
        #expect(try await guildAIRun(box, ["run", "op", "-y"]).exitCode == 0)
        let theirs = try #require(try box.runIds().first { $0 != ours })
        let manifest = { (id: String) in
            try String(contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        }
        #expect(try manifest(ours) == manifest(theirs))
        #expect(try box.attr(ours, "sourcecode_digest") == box.attr(theirs, "sourcecode_digest"))
        #expect(try box.attr(ours, "vcs_commit") == box.attr(theirs, "vcs_commit"))
    }

    @Test("a pipeline crosses tools: each picks the other's upstream run, and ls -d/-g agree")
    func dependenciesAcrossTools() async throws {
        let box = try GuildSandbox(example: "pipeline")
        #expect(try await guildAIRun(box, ["run", "prepare", "-y"]).exitCode == 0)
        let theirPrepare = try #require(try box.runIds().first)
        let ours = try await box.guild("run", "train", "-y")
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        #expect(ours.stderr.contains("Using run \(theirPrepare) for operation:prepare"))
        let ourTrain = try #require(try box.runIds().first { $0 != theirPrepare })

        for args in [["ls", "-n", "-d"], ["ls", "-n", "-g"], ["ls", "-n", "-s"], ["ls", "-n", "-d", "-g"]] {
            let theirs = try await guildAIRun(box, args + [ourTrain])
            let mine = try await box.guild(args + [ourTrain])
            #expect(theirs.exitCode == 0, "\(theirs.stderr)")
            #expect(mine.stdout == theirs.stdout, "\(args)")
        }
        #expect(try await box.guild("ls", "-n", "-d", ourTrain).stdout == "data/test.csv\ndata/train.csv\n")

        // Guild AI's train picks our newer prepare run; the two train runs record the same deps.
        #expect(try await box.guild("run", "prepare", "-y").exitCode == 0)
        let ourPrepare = try #require(try box.runIds().first { ![theirPrepare, ourTrain].contains($0) })
        let theirs = try await guildAIRun(box, ["run", "train", "-y"])
        #expect(theirs.stderr.contains("Using run \(ourPrepare) for operation:prepare"))
        let theirTrain = try #require(try box.runIds().first { ![theirPrepare, ourTrain, ourPrepare].contains($0) })
        let deps = { (id: String) in try box.attr(id, "deps").replacingOccurrences(of: id, with: "RUN") }
        #expect(
            try deps(theirTrain).replacingOccurrences(of: ourPrepare, with: "UP")
                == deps(ourTrain).replacingOccurrences(of: theirPrepare, with: "UP"))
        let manifest = { (id: String) in
            try String(contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        }
        #expect(try manifest(theirTrain) == manifest(ourTrain))
    }

    @Test(
        "Guild AI reads our DvC stage runs: dvc-stage attr, flags from params, metrics scalars",
        .enabled(if: dvcExecutable != nil, "dvc is not installed"))
    func guildAIReadsOurStageRuns() async throws {
        let box = try GuildSandbox(example: "dvc")
        try await box.shell("./setup.sh \(box.root.path)/remote")
        let env = try box.dvcEnvironment()
        #expect(try await box.guild(["run", "dvc.yaml:prepare", "-y"], env: env).exitCode == 0)
        #expect(try await box.guild(["run", "dvc.yaml:train", "train.lr=0.5", "-y"], env: env).exitCode == 0)
        let theirs = try await GuildSandbox.run(
            guildAI!, ["runs", "info"], environment: box.environment.merging(env) { $1 }, cwd: box.project)
        #expect(theirs.exitCode == 0, "\(theirs.stderr)")
        #expect(theirs.stdout.contains("operation: dvc.yaml:train\n"))
        #expect(theirs.stdout.contains("status: completed\n"))
        #expect(theirs.stdout.contains("dvc-stage: train\n"))
        #expect(theirs.stdout.contains("  train.lr: 0.5\n"))
        #expect(theirs.stdout.contains("  loss: 10.500000 (step 0)\n"))
    }

    @Test("labels, tags, marks, comments and the trash: each tool reads what the other wrote")
    func runManagementCrossesTools() async throws {
        let box = try GuildSandbox(example: "hello")
        for msg in ["a", "b", "c", "d"] {
            #expect(try await box.guild("run", "hello", "msg=\(msg)", "-y").exitCode == 0)
        }
        let env = ["USER": "u1", "HOST": "h1"]
        // Ours writes on runs 1 and 2, Guild AI on runs 3 and 4; then ours deletes run 4 and
        // Guild AI run 1 (indexes of the list before each delete).
        for args in [["label", "-s", "ours ${msg}"], ["tag", "-a", "t1", "-a", "t0", "-s"], ["mark"],
                     ["comment", "-a", "from ours"], ["comment", "2", "-a", "second", "-u", "x@y"]] {
            #expect(try await box.guild(args + ["-y"], env: env).exitCode == 0)
        }
        for args in [["label", "3", "-s", "theirs ${msg}"], ["tag", "3:4", "-a", "g1", "-s"], ["mark", "4"],
                     ["comment", "3", "-a", "from theirs"]] {
            let result = try await GuildSandbox.run(guildAI!, args + ["-y"], environment: box.environment.merging(env) { $1 }, cwd: box.project)
            #expect(result.exitCode == 0, "\(result.stderr)")
        }
        for command in [["runs", "info", "1"], ["runs", "info", "3"], ["comment", "-l", "1:4"], ["runs", "-c"],
                        ["tag", "--list-all"], ["runs", "-Fm"], ["runs", "-Ft", "g1"], ["runs", "info", "-c", "1"],
                        ["runs", "info", "--json", "-c", "1"], ["runs", "info", "--json", "3"], ["runs", "list", "--json"]] {
            let theirs = try await guildAIRun(box, command)
            let ours = try await box.guild(command)
            #expect(theirs.exitCode == 0 && ours.stdout == theirs.stdout, "\(command)")
        }
        #expect(try await box.guild("runs", "rm", "4", "-y").exitCode == 0)
        #expect(try await guildAIRun(box, ["runs", "rm", "1", "-y"]).exitCode == 0)
        let theirsDeleted = try await guildAIRun(box, ["runs", "list", "-d"])
        #expect(try await box.guild("runs", "list", "-d").stdout == theirsDeleted.stdout)
        #expect(theirsDeleted.stdout.split(separator: "\n").count == 2)
        #expect(try await guildAIRun(box, ["runs", "restore", "-y"]).exitCode == 0)
        #expect(try await box.guild("runs", "rm", "1", "-y").exitCode == 0)
        #expect(try await guildAIRun(box, ["runs", "restore", "1", "-y"]).exitCode == 0)
        #expect(try box.runIds().count == 4)
        #expect(try await box.guild("runs").stdout == (try await guildAIRun(box, ["runs"])).stdout)
    }

    @Test("api runs, compare and ops, runs list -v and runs info -m -p: Guild AI's output for the same runs, deps aside")
    func apiJSONMatchesGuildAI() async throws {
        let box = try await ApiCommandTests.project()
        #expect(try await box.guild("comment", "-a", "looks good", "2", "-y").exitCode == 0)
        for command in [["api", "runs", "-f"], ["api", "runs", "-v", "1", "-f"], ["api", "compare", "-f"], ["api", "ops", "-f"]] {
            let theirs = try await guildAIRun(box, command)
            let ours = try await box.guild(command)
            #expect(theirs.exitCode == 0 && ours.exitCode == 0, "\(command): \(theirs.stderr) \(ours.stderr)")
            var (a, b) = (theirs.stdout, ours.stdout)
            if command[1] == "runs" {
                // Guild AI 0.9.0 reads 0.8's deps attr shape and always shows `[]`; ours lists them.
                let pattern = #"\n    "deps": (\[\]|\[\n[\s\S]*?\n    \]),"#
                a = a.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
                b = b.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
                #expect(ours.stdout.contains("\"operation\": \"make\",\n        \"paths\": [\n          \"msg.out\""))
            }
            #expect(a == b, "\(command)")
        }
        for command in [["runs", "list", "-v"], ["runs", "info", "-m", "-p", "2"], ["runs", "info", "-m", "-p", "--json", "1"]] {
            let theirs = try await guildAIRun(box, command)
            #expect(theirs.exitCode == 0, "\(command): \(theirs.stderr)")
            #expect(try await box.guild(command).stdout == theirs.stdout, "\(command)")
        }
    }

    @Test("merge: Guild AI previews and merges our run as we do, and we merge its runs")
    func mergeCrossesTools() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "default:\n  main: op\n  requires:\n    - file: dep-1\n")
        try box.write("op.py", "open('a', 'w').write('a')\n")
        try box.write("dep-1", "")
        #expect(try await box.guild("run", "default", "-y").exitCode == 0)
        try box.write("dep-1", "changed")
        // Guild AI 0.9.0 also warns that `-S` is declared twice (click), and notes its flag
        // import; those lines aside.
        let clickWarning = { (text: String) in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter {
                !$0.contains("UserWarning") && $0 != "Refreshing flags..." && !$0.hasPrefix("  parser = ") && !$0.hasPrefix("  self.parse_args(")
            }.joined(separator: "\n")
        }
        for args in [["merge", "--preview", "-a"], ["merge", "-y"], ["merge", "--preview", "--replace"], ["api", "merge", "--preview", "-f"]] {
            let theirs = try await guildAIRun(box, args)
            let ours = try await box.guild(args)
            #expect(theirs.exitCode == ours.exitCode, "\(args)")
            #expect(clickWarning(theirs.stderr) == ours.stderr, "\(args)")
            #expect(theirs.stdout == ours.stdout, "\(args)")
        }
        let theirs = try await guildAIRun(box, ["merge", "--replace", "-y"])
        #expect(clickWarning(theirs.stderr) == "Copying dep-1\n")
        #expect(try await guildAIRun(box, ["run", "default", "-y"]).exitCode == 0)
        try box.write("a", "x")
        let ours = try await box.guild("merge", "-a", "--replace", "-y")
        #expect(ours.exitCode == 0 && ours.stderr == "Copying a\n")
    }

    @Test("publish: Guild AI and we write the same published tree for the same runs, byte for byte")
    func publishMatchesGuildAI() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  main: op\n  flags:\n    c: 4\n  requires:\n    - file: src.txt\n      target-type: link\n")
        try box.write("op.py", "open('generated-1.txt', 'w').write('one')\nprint('x: 3')\n")
        try box.write("src.txt", "source")
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        #expect(try await guildAIRun(box, ["run", "op", "c=5", "-y"]).exitCode == 0)
        let theirs = box.root.appendingPathComponent("theirs")
        let ours = box.root.appendingPathComponent("ours")
        let theirResult = try await guildAIRun(box, ["publish", "-a", "-L", "-d", theirs.path, "-y"])
        #expect(theirResult.exitCode == 0, "\(theirResult.stderr)")
        let ourResult = try await box.guild("publish", "-a", "-L", "-d", ours.path, "-y")
        #expect(ourResult.stdout == theirResult.stdout)
        let diff = try await GuildSandbox.run("/usr/bin/diff", ["-r", theirs.path, ours.path], environment: box.environment, cwd: box.root)
        #expect(diff.exitCode == 0, "\(diff.stdout)")
    }
}
