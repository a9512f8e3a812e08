import Foundation
import Subprocess
import SystemPackage
import Testing

/// A run of the Guild home, as the batch tests look at it.
private struct RunRecord {
    var id: String
    var opref: String
    var started: Int
    var flags: String
    var label: String
    var status: String
}

extension GuildSandbox {
    /// Every run (trials and batches), oldest first by `started`.
    fileprivate func records() throws -> [RunRecord] {
        try runIds().map { id in
            let dir = runDirectory(id).appendingPathComponent(".guild")
            func read(_ path: String) -> String {
                (try? String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)) ?? ""
            }
            let status: String
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("PENDING").path) {
                status = "pending"
            } else if FileManager.default.fileExists(atPath: dir.appendingPathComponent("STAGED").path) {
                status = "staged"
            } else {
                status = "exit " + read("attrs/exit_status").trimmingCharacters(in: .newlines)
            }
            return RunRecord(
                id: id, opref: read("opref"),
                started: Int(read("attrs/started").trimmingCharacters(in: .newlines)) ?? 0,
                flags: read("attrs/flags"), label: read("attrs/label").trimmingCharacters(in: .newlines), status: status
            )
        }.sorted { $0.started < $1.started }
    }

    /// The trial runs (not built-in batch or queue runs), oldest first.
    fileprivate func trials() throws -> [RunRecord] { try records().filter { !$0.opref.hasPrefix("builtin:") } }

    /// The ids in `GH/trash/runs`.
    fileprivate func trashedRunIds() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("trash/runs").path)) ?? []
    }
}

@Suite("batches and optimizers", .tags(.e2e))
struct BatchRunTests {
    @Test("a grid runs one trial per combination in Guild's order, labelled by its flags; the batch goes to the trash")
    func grid() async throws {
        let box = try GuildSandbox(example: "batch")
        let result = try await box.guild("run", "train", "x=[1,2]", "noise=[0,0.5]", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let trials = try box.trials()
        #expect(
            trials.map(\.label) == [
                "noise=0 seed=0 sleep=0 x=1", "noise=0 seed=0 sleep=0 x=2", "noise=0.5 seed=0 sleep=0 x=1",
                "noise=0.5 seed=0 sleep=0 x=2",
            ])
        #expect(trials.allSatisfy { $0.status == "exit 0" })
        #expect(
            result.stderr.contains("INFO: [guild] Running trial \(trials[0].id): train (noise=0, seed=0, sleep=0, x=1)")
        )
        #expect(result.stdout.contains("loss: 1.000000\n"))
        #expect(box.trashedRunIds().count == 1)
        #expect(try box.records().count == 4)
    }

    @Test("--keep-batch keeps the batch: listed as train+, its proto holds the lists, its trials are linked")
    func keptBatch() async throws {
        let box = try GuildSandbox(example: "batch")
        let result = try await box.guild("run", "train", "x=[0:4:2]", "--keep-batch", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let batch = try #require(try box.records().first { $0.opref.hasPrefix("builtin:") })
        #expect(batch.opref == "builtin:guildai 0.9.0 '' +")
        #expect(batch.status == "exit 0")
        let proto = box.runDirectory(batch.id).appendingPathComponent(".guild/proto/.guild")
        #expect(
            try String(contentsOf: proto.appendingPathComponent("attrs/flags"), encoding: .utf8).contains(
                "x:\n- 0\n- 2\n- 4\n"))
        #expect(FileManager.default.fileExists(atPath: proto.appendingPathComponent("PENDING").path))
        let trials = try box.trials()
        #expect(
            trials.map(\.label) == [
                "noise=0.1 seed=0 sleep=0 x=0", "noise=0.1 seed=0 sleep=0 x=2", "noise=0.1 seed=0 sleep=0 x=4",
            ])
        for trial in trials {
            let link = box.runDirectory(batch.id).appendingPathComponent(trial.id).path
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../\(trial.id)")
        }
        let runs = try await box.guild("runs").stdout
        #expect(runs.contains("  train+  "))
        let objective = try box.attr(batch.id, "objective")
        #expect(objective == "loss\n")
    }

    @Test("random search: a distribution or a range implies it, --max-trials and --random-seed shape it")
    func randomSearch() async throws {
        let box = try GuildSandbox(example: "batch")
        let printed = try await box.guild(
            "run", "train", "x=loguniform[1e-4:1e-1]", "--max-trials", "5", "--random-seed", "7", "--print-trials")
        #expect(printed.exitCode == 0, "\(printed.stderr)")
        let again = try await box.guild(
            "run", "train", "x=loguniform[1e-4:1e-1]", "--max-trials", "5", "--random-seed", "7", "--print-trials")
        #expect(again.stdout == printed.stdout)
        #expect(printed.stdout.hasPrefix("#  noise  seed  sleep  x\n1  "))
        #expect(printed.stdout.split(separator: "\n").count == 6)

        let run = try await box.guild("run", "train", "x=[1e-4:1e-1]", "--optimizer", "random", "-m", "4", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        let trials = try box.trials()
        #expect(trials.count == 4)
        for trial in trials {
            let x = try #require(Self.number(after: "x: ", in: trial.flags))
            #expect(x >= 1e-4 && x <= 0.1)
        }
    }

    @Test(
        "gp, forest and gbrt find the minimum of a noisy quadratic in 20 trials (fixed seed)",
        arguments: [("bayesian", "gp", 0.2), ("forest", "forest", 0.5), ("gbrt", "gbrt", 0.5)])
    func sequentialOptimizers(name: String, optimizer: String, tolerance: Double) async throws {
        let box = try GuildSandbox(example: "batch")
        let result = try await box.guild(
            "run", "train", "x=[-3.0:8.0]", "--optimizer", name, "--minimize", "loss", "--max-trials", "20",
            "--random-seed", "1", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("INFO: [guild] Random start for optimization (3 of 3)"))
        #expect(result.stderr.contains("INFO: [guild] Found 19 previous trial(s) for use in optimization"))
        let trials = try box.trials()
        #expect(trials.count == 20)
        var best = (x: Double.nan, loss: Double.infinity)
        for trial in trials {
            let output = try String(
                contentsOf: box.runDirectory(trial.id).appendingPathComponent(".guild/output"), encoding: .utf8)
            let loss = try #require(Self.number(after: "loss: ", in: output))
            let x = try #require(Self.number(after: "x: ", in: trial.flags))
            if loss < best.loss { best = (x, loss) }
        }
        #expect(abs(best.x - 2) < tolerance, "best x \(best.x)")
        let batch = try #require(try box.records().first { $0.opref.hasPrefix("builtin:") })
        #expect(batch.opref == "builtin:guildai 0.9.0 skopt \(optimizer)")
        #expect(try await box.guild("runs", "-a").stdout.contains("  train+skopt:\(optimizer)  "))
    }

    @Test("guild.yml optimizers: -O uses the default entry and its flags; -Fo overrides them")
    func optimizerEntries() async throws {
        let box = try GuildSandbox(example: "batch")
        let result = try await box.guild("run", "train", "-O", "-Fo", "random-starts=2", "-m", "3", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Random start for optimization (2 of 2)"))
        #expect(result.stderr.contains("Found 2 previous trial(s)"))
        let batch = try #require(try box.records().first { $0.opref.hasPrefix("builtin:") })
        #expect(try box.attr(batch.id, "flags").contains("random-starts: 2\n"))
        // min/max in guild.yml make x a search dimension.
        #expect(try box.attr(batch.id, "flags").contains("acq-func: gp_hedge\n"))
        let proto = try String(
            contentsOf: box.runDirectory(batch.id).appendingPathComponent(".guild/proto/.guild/attrs/flags"),
            encoding: .utf8)
        #expect(proto.contains("x: uniform[-3.0:8.0:0.0]\n"))
    }

    @Test("an objective no trial logs is a warning naming it; the search goes on with random values")
    func missingObjective() async throws {
        let box = try GuildSandbox(example: "batch")
        let result = try await box.guild(
            "run", "train", "x=[0.0:4.0]", "--optimizer", "gp", "--maximize", "accuracy", "-m", "5", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Random start for optimization (cannot find objective 'accuracy')"))
        #expect(result.stderr.contains("WARNING: [guild] no trial has logged the objective 'accuracy'"))
        #expect(try box.trials().count == 5)
    }

    @Test(
        "bad batch input is refused before any run is made",
        arguments: [
            (["x=[]"], "guild: flag 'x' has an empty list of values: the grid has no trials\n"),
            (["x=foo[1:2]"], "guild: unknown function 'foo' used for flag x\n"),
            (
                ["x=uniform[5:1]"],
                "guild: invalid function args in 'x=uniform[5:1]': the lower bound 5 has to be less than the upper bound 1\n"
            ),
            (["x=[1:2:3:4]"], "guild: uniform requires 2 or 3 args, got 4 for flag x in 'x=[1:2:3:4]'\n"),
            (
                ["x=[1,2]", "--optimizer", "nope"],
                // An optimizer that is not Guild's is an operation, as in Guild AI.
                "guild: operation 'nope' is not defined for this project\n"
                    + "Try 'guild operations' for a list of available operations.\n"
            ),
            (
                ["x=[1,2]", "--max-trials", "0"],
                "guild: invalid value 0 for --max-trials: a batch needs at least 1 trial\n"
            ),
            (
                ["--optimizer", "random"],
                "guild: flags for batch (noise=0.1, seed=0, sleep=0, x=0.0) do not contain any search dimensions\nTry specifying a range for one or more flags as NAME=[MIN:MAX].\n"
            ),
            (["x=[1,2]", "@missing.csv"], nil),
            (
                ["x=[1,2]", "-Fo", "kappa=2"],
                "guild: unsupported flag 'kappa'\nTry 'guild run + --help-op' for a list of flags or use --force-flags to skip this check.\n"
            ),
        ])
    func badInput(args: [String], message: String?) async throws {
        let box = try GuildSandbox(example: "batch")
        try box.write(
            "guild.yml", "train:\n  main: train\n  flags:\n    x: 0.0\n    noise: 0.1\n    seed: 0\n    sleep: 0\n")
        let result = try await Self.guild(box, ["run", "train"] + args + ["-y"])
        #expect(result.exitCode != 0)
        if let message {
            #expect(result.stderr == message)
        } else {
            #expect(result.stderr.contains("missing.csv does not exist"))
        }
        #expect(try box.runIds().isEmpty)
    }

    /// The number after `prefix` on the first line starting with it.
    private static func number(after prefix: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) }
    }

    private static func guild(_ box: borrowing GuildSandbox, _ args: [String]) async throws -> CommandResult {
        try await GuildSandbox.run(GuildSandbox.binary, args, environment: box.environment, cwd: box.project)
    }

    @Test("a failed trial is logged and the batch goes on; --fail-on-trial-error stops it there")
    func failingTrials() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  main: op\n  flags:\n    x: 1\n")
        try box.write("op.py", "import sys\nx = 1\nprint('x', x)\nif x == 2: sys.exit(3)\n")
        let goesOn = try await Self.guild(box, ["run", "op", "x=[1,2,3]", "-y"])
        #expect(goesOn.exitCode == 0)
        #expect(goesOn.stderr.contains("exited with an error (3) - see log for details"))
        #expect(try box.trials().map(\.status) == ["exit 0", "exit 3", "exit 0"])

        let box2 = try GuildSandbox()
        try box2.write("guild.yml", "op:\n  main: op\n  flags:\n    x: 1\n")
        try box2.write("op.py", "import sys\nx = 1\nif x == 2: sys.exit(3)\n")
        let stops = try await Self.guild(box2, ["run", "op", "x=[1,2,3]", "--fail-on-trial-error", "-y"])
        #expect(stops.exitCode == 3)
        #expect(
            stops.stderr.contains("Stopping batch because a trial failed (pending trials can be started as needed)"))
        // A trial's `started` is rewritten when it starts, so trials are put in order by label.
        #expect(try box2.trials().sorted { $0.label < $1.label }.map(\.status) == ["exit 0", "exit 3", "pending"])
        let batch = try #require(try box2.records().first { $0.opref.hasPrefix("builtin:") })
        #expect(batch.status == "exit 3")
    }

    @Test("the batch's output has each trial's output and guild's lines about it; a trial's failed dependency is one")
    func batchOutput() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  main: op\n  flags:\n    x: 1\n  requires:\n    - file: data-${x}.txt\n")
        try box.write("op.py", "import sys\nx = 1\nprint('x', x)\n")
        try box.write("data-1.txt", "one\n")
        let result = try await Self.guild(box, ["run", "op", "x=[1,2]", "--keep-batch", "-y"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let batch = try #require(try box.records().first { $0.opref.hasPrefix("builtin:") })
        let trials = try box.trials().sorted { $0.label < $1.label }
        try #require(trials.count == 2)
        let output = try String(
            contentsOf: box.runDirectory(batch.id).appendingPathComponent(".guild/output"), encoding: .utf8)
        let unmet =
            "guild: run failed because a dependency was not met: could not resolve 'file:data-${x}.txt' in "
            + "file:data-${x}.txt resource: cannot find source file 'data-2.txt'\n"
        #expect(
            output.hasPrefix(
                "INFO: [guild] Running trial \(trials[0].id): op (x=1)\nINFO: [guild] Resolving file:data-${x}.txt\n"),
            "\(output)")
        #expect(output.contains("x 1\nINFO: [guild] Running trial \(trials[1].id): op (x=2)\n"), "\(output)")
        #expect(
            output.hasSuffix(
                unmet + "ERROR: [guild] Trial \(trials[1].id) exited with an error (1) - see log for details\n"),
            "\(output)")
        #expect(result.stderr.contains(unmet))
        #expect(result.stdout == "x 1\n")
        let trialOutput = try String(
            contentsOf: box.runDirectory(trials[0].id).appendingPathComponent(".guild/output"), encoding: .utf8)
        #expect(trialOutput == "x 1\n")
        #expect(trials[0].status == "exit 0")
        #expect(try await box.guild("select", trials[1].id, "--attr", "status").stdout == "error\n")
    }

    @Test("batch files give trial flags: CSV and YAML, several files, user flags win")
    func batchFiles() async throws {
        let box = try GuildSandbox(example: "batch")
        try box.write("more.yml", "- {x: 5, seed: 2}\n")
        let result = try await box.guild("run", "train", "@trials.csv", "@more.yml", "noise=0.25", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            try box.trials().map(\.label) == [
                "noise=0.25 seed=0 sleep=0 x=1.0", "noise=0.25 seed=0 sleep=0 x=3.0", "noise=0.25 seed=2 sleep=0 x=5",
            ])
        let trashed = try #require(box.trashedRunIds().first)
        let params = try String(
            contentsOf: box.home.appendingPathComponent("trash/runs/\(trashed)/.guild/attrs/run_params"),
            encoding: .utf8)
        #expect(params.contains("flags:\n- '@trials.csv'\n- '@more.yml'\n- noise=0.25\n"), "\(params)")
        let single = try await box.guild("run", "train", "@more.yml", "-y")
        #expect(single.exitCode == 0)
        #expect(!single.stderr.contains("Running trial"))
        #expect(try box.trials().last?.label == "noise=0.1 seed=2 sleep=0 x=5")
    }

    @Test("--parallel 2 runs two trials at once, in a batch and from a queue of staged trials")
    func parallel() async throws {
        let box = try GuildSandbox(example: "batch")
        let batch = try await box.guild("run", "train", "x=[1,2]", "sleep=6", "--parallel", "2", "-y")
        #expect(batch.exitCode == 0, "\(batch.stderr)")
        try Self.expectOverlap(box, try box.trials())

        let staged = try await box.guild("run", "train", "x=[3,4]", "sleep=6", "--stage-trials", "-y")
        #expect(staged.exitCode == 0, "\(staged.stderr)")
        #expect(staged.stderr.contains("INFO: [guild] Staging trial"))
        let stagedTrials = try box.trials().filter { $0.status == "staged" }
        #expect(stagedTrials.count == 2)
        let queue = try await box.guild("run", "queue", "run-once=yes", "--parallel", "2", "-y")
        #expect(queue.exitCode == 0, "\(queue.stderr)")
        #expect(queue.stderr.contains("Starting staged run \(stagedTrials[0].id)"))
        #expect(queue.stderr.contains("Stopping queue"))
        let ran = try box.trials().filter { id in stagedTrials.contains { $0.id == id.id } }
        #expect(ran.allSatisfy { $0.status == "exit 0" })
        try Self.expectOverlap(box, ran)
        #expect(try await box.guild("runs").stdout.contains("  queue  "))
    }

    /// The trials' `began at`/`ended at` times overlap (each sleeps 6 s, so a start delayed by a
    /// loaded machine still overlaps the other trial).
    private static func expectOverlap(_ box: borrowing GuildSandbox, _ trials: [RunRecord]) throws {
        #expect(trials.count == 2)
        let spans = try trials.map { trial -> (Double, Double) in
            let output = try String(
                contentsOf: box.runDirectory(trial.id).appendingPathComponent(".guild/output"), encoding: .utf8)
            return (number(after: "began at ", in: output) ?? .nan, number(after: "ended at ", in: output) ?? .nan)
        }
        #expect(spans[0].0 < spans[1].1 && spans[1].0 < spans[0].1, "\(spans)")
    }

    @Test("a batch and a queue run in the background under the id they announce")
    func background() async throws {
        let box = try GuildSandbox(example: "batch")
        let batch = try await box.guild("run", "train", "x=[1,2]", "--keep-batch", "--background", "-y")
        #expect(batch.exitCode == 0, "\(batch.stderr)")
        let id = try #require(batch.stdout.split(separator: " ").last).trimmingCharacters(in: .newlines)
        #expect(batch.stdout == "train+ started in background as \(id)\n")
        var done = false
        for _ in 0..<300 where !done {
            try await Task.sleep(for: .milliseconds(100))
            done = (try? box.attr(id, "exit_status")) == "0\n"
        }
        #expect(done)
        #expect(try box.trials().count == 2)

        let staged = try await box.guild("run", "train", "--stage", "-y")
        #expect(staged.exitCode == 0)
        let queue = try await box.guild("run", "queue", "poll-interval=1", "-b", "-y")
        let queueId = try #require(queue.stdout.split(separator: " ").last).trimmingCharacters(in: .newlines)
        #expect(queue.stdout == "queue started in background as \(queueId)\n")
        var ran = false
        for _ in 0..<300 where !ran {
            try await Task.sleep(for: .milliseconds(100))
            ran = try box.trials().allSatisfy { $0.status == "exit 0" } && box.trials().count == 3
        }
        #expect(ran)
        let stopped = try await GuildSandbox.run(
            "/bin/sh", ["-c", "kill -TERM $(cat .guild/LOCK)"], environment: box.environment,
            cwd: box.runDirectory(queueId))
        #expect(stopped.exitCode == 0)
        var status = ""
        for _ in 0..<300 where status.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            status = (try? box.attr(queueId, "exit_status")) ?? ""
        }
        #expect(status == "-15\n")
        let output = try String(
            contentsOf: box.runDirectory(queueId).appendingPathComponent(".guild/output"), encoding: .utf8)
        #expect(output.contains("Waiting for staged runs"))
        #expect(output.contains("Stopping queue"))
    }

    @Test("the queue's --help-op lists its flags; optimizer flags and trial files need a batch")
    func helpAndRefusals() async throws {
        let box = try GuildSandbox(example: "batch")
        let help = try await box.guild("run", "queue", "--help-op")
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("  parallel          Number of staged runs to run at once (default is 1)\n"))
        #expect(
            help.stdout.contains(
                "  gpus              Value used for gpus option when starting staged runs (default is unspecified)\n"))
        let optFlag = try await box.guild("run", "train", "-Fo", "kappa=2", "-y")
        #expect(optFlag.stderr == "guild: invalid optimizer flag kappa=2: no optimizer specified\n")
        let save = try await box.guild("run", "train", "x=[1,2]", "--save-trials", "t.txt")
        #expect(save.stderr == "guild: Unsupported extension '.txt' - use '.csv', '.json', or no extension\n")
        let saved = try await box.guild("run", "train", "x=[1,2]", "--save-trials", "t.json")
        #expect(saved.stdout == "Saving trials to t.json\n")
        #expect(
            try String(contentsOf: box.project.appendingPathComponent("t.json"), encoding: .utf8)
                == #"[{"noise": 0.1, "seed": 0, "sleep": 0, "x": 1}, {"noise": 0.1, "seed": 0, "sleep": 0, "x": 2}]"#)
        let tooWide = try await box.guild("run", "train", "x=[1,2]", "--parallel", "65", "-y")
        #expect(tooWide.exitCode != 0)
        #expect(try box.runIds().isEmpty)
    }

    @Test("a background batch keeps its pidfile until its last trial ends, then removes it")
    func backgroundPidfile() async throws {
        let box = try GuildSandbox()
        let pidfile = box.root.appendingPathComponent("batch.pid").path
        try box.write("guild.yml", "op:\n  main: op\n  flags:\n    x: 1\n")
        try box.write("op.py", "import os\nx = 1\nprint('pidfile', x, os.path.exists('\(pidfile)'))\n")
        let started = try await box.guild("run", "op", "x=[1,2,3]", "--keep-batch", "--pidfile", pidfile, "-y")
        #expect(started.exitCode == 0, "\(started.stderr)")
        let word = try #require(started.stdout.split(separator: " ").first { $0.count == 32 })
        let id = String(word)
        var removed = false
        for _ in 0..<300 where !removed {
            try await Task.sleep(for: .milliseconds(100))
            removed = !FileManager.default.fileExists(atPath: pidfile) && (try? box.attr(id, "exit_status")) == "0\n"
        }
        #expect(removed)
        let output = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/output"), encoding: .utf8)
        #expect(output.contains("pidfile 1 True\n") && output.contains("pidfile 2 True\n"))
        #expect(output.contains("pidfile 3 True\n"), "\(output)")
    }

    @Test("Ctrl-C stops the batch and the running trial: both terminated, the finished trial kept, the rest pending")
    func interrupted() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  main: op\n  flags:\n    s: 0\n")
        try box.write("op.py", "import time\ns = 0\nprint('trial', s, flush=True)\ntime.sleep(s)\n")
        var env: [Environment.Key: String] = [:]
        for (k, v) in box.environment { if let key = Environment.Key(rawValue: k) { env[key] = v } }
        let runs = box.home.appendingPathComponent("runs")
        let result = try await Subprocess.run(
            .path(FilePath(GuildSandbox.binary)), arguments: ["run", "op", "s=[0,120,121]", "-y"],
            environment: .custom(env), workingDirectory: FilePath(box.project.path), input: .none,
            output: .discarded, error: .discarded
        ) { execution in
            await GuildSandbox.signal(
                execution.processIdentifier.value, SIGINT, whenRunOutputIn: runs, contains: "trial 120\n")
        }
        #expect(result.terminationStatus != .exited(0))
        let records = try box.records()
        let batch = try #require(records.first { $0.opref.hasPrefix("builtin:") })
        #expect(batch.status == "exit -16")
        let output = try String(
            contentsOf: box.runDirectory(batch.id).appendingPathComponent(".guild/output"), encoding: .utf8)
        #expect(output.hasSuffix("INFO: [guild] Stopping batch\n"), "\(output)")
        let statuses = try box.trials().sorted { $0.label < $1.label }.map(\.status)
        #expect(statuses == ["exit 0", "exit -16", "pending"], "\(statuses)")
    }

    @Test(
        "a DvC stage runs as a batch: one stage run per value, each with its own params file",
        .enabled(if: dvcExecutable != nil))
    func dvcStageBatch() async throws {
        let box = try GuildSandbox(example: "dvc")
        try await box.shell("./setup.sh \(box.root.path)/remote")
        let prepare = try await box.guild(["run", "dvc.yaml:prepare", "-y"], env: try box.dvcEnvironment())
        #expect(prepare.exitCode == 0, "\(prepare.stderr)")
        let batch = try await box.guild(
            ["run", "dvc.yaml:train", "train.lr=[0.1,0.01]", "-y"], env: try box.dvcEnvironment())
        #expect(batch.exitCode == 0, "\(batch.stderr)")
        #expect(batch.stderr.contains(": dvc.yaml:train ("))
        let trials = try box.trials().filter { $0.label.contains("train.lr") }
        #expect(trials.count == 2)
        for (trial, lr) in zip(trials, ["0.1", "0.01"]) {
            let params = try String(
                contentsOf: box.runDirectory(trial.id).appendingPathComponent("params.yaml"), encoding: .utf8)
            #expect(params.contains("train:\n  epochs: 10000\n  lr: \(lr)"), "\(params)")
            #expect(trial.status == "exit 0")
        }
    }
}
