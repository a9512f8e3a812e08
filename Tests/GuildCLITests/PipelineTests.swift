import Foundation
import Testing

/// Guild AI 0.9.0's `guild`, from `GUILDAI_BIN` (`.ci/run` installs it in a venv).
private let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"]

private let pipelineProject = """
    prepare:
      main: prepare
      flags: {size: 10}
    train:
      main: train
      flags: {lr: 0.1, epochs: 2}
      requires:
        - operation: prepare
          select: data.txt
    pipeline:
      flags: {lr: 0.05, size: 20}
      steps:
        - run: prepare
          flags:
            size: ${size}
        - run: train lr=${lr}
          needed: yes
        - name: train-2
          run: train
          flags: [lr=0.3, epochs=1]
          isolate-runs: no
          expect:
            - output: 'loss:'
            - file: data.txt
              contains: 'x+'
    hello:
      exec: echo hello
    check-fails:
      steps:
        - run: hello
          expect:
            - output: 'accuracy:'
    step-fails:
      steps:
        - fail
        - prepare
    fail:
      exec: sh -c 'echo failing; exit 4'
    slow:
      exec: sleep 600
    slow-pipeline:
      steps: [slow]
    no-steps:
      steps: []
      exec: echo not a pipeline
    bad-step:
      steps:
        - run: nope
    batch-step:
      steps:
        - prepare
        - run: train lr=[0.1,0.2]
    """

/// `steps:` operations (issue 17, reference 3.2).
@Suite("steps pipelines", .tags(.e2e))
struct PipelineTests {
    private func project() throws -> GuildSandbox {
        let box = try GuildSandbox()
        try box.write("guild.yml", pipelineProject)
        try box.write("prepare.py", "size = 10\nopen('data.txt', 'w').write('x' * size)\nprint('prepared', size)\n")
        try box.write("train.py", "lr = 0.1\nepochs = 2\nprint('loss: %s' % (lr * epochs))\n")
        return box
    }

    @Test("a pipeline runs its steps in order with their flags, links them, reuses with needed, and checks expect")
    func pipeline() async throws {
        let box = try project()
        let run = try await box.guild("run", "pipeline", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "prepared 20\nloss: 0.1\nloss: 0.3\n")
        let logLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("INFO: [guild]") }
        #expect(
            logLines.map(String.init) == [
                "INFO: [guild] running prepare: prepare size=20",
                "INFO: [guild] running train: train --needed lr=0.05",
                "INFO: [guild] running train-2: train epochs=1 lr=0.3",
                "INFO: [guild] checking run \(try await box.latestRunId()) output for 'loss:'",
                logLines[4].description, logLines[5].description,
                "INFO: [guild] 2 of 2 checks passed",
            ])
        #expect(logLines[4].hasSuffix("files 'data.txt'") && logLines[5].hasSuffix("file data.txt for 'x+'"))
        let list = try await box.guild("runs").stdout.split(separator: "\n")
        try #require(list.count == 4)
        #expect(list[3].contains("  pipeline  ") && list[3].hasSuffix("completed  lr=0.05 size=20"))
        #expect(list[2].contains("  prepare   ") && list[2].hasSuffix("completed  size=20"))
        #expect(list[0].contains("epochs=1 lr=0.3 operation:prepare="))

        let pipelineId = try await box.guild("select", "4").stdout.trimmingCharacters(in: .newlines)
        let dir = box.runDirectory(pipelineId)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == [".guild", "prepare", "train", "train-2"], "a pipeline has no source code of its own")
        for name in ["prepare", "train", "train-2"] {
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent(name).path)
            #expect(target.hasPrefix("../") && target.count == 35)
        }
        #expect(try box.attr(pipelineId, "op").contains("  - ${guild_python_exe}\n  - -um\n  - guild.steps_main\n"))
        #expect(try box.attr(pipelineId, "steps").hasPrefix("- flags:\n    size: ${size}\n  run: prepare\n"))

        // The second time, train matches the first train run only if prepare did not change:
        // prepare made a new run, so train runs again, as in Guild AI.
        let again = try await box.guild("run", "pipeline", "size=20", "-y")
        #expect(again.exitCode == 0)
        #expect(try await box.guild("runs").stdout.split(separator: "\n").count == 8)
    }

    @Test("a failing step stops the pipeline with its exit code; a failing check exits 3")
    func failures() async throws {
        let box = try project()
        let failing = try await box.guild("run", "step-fails", "-y")
        #expect(failing.exitCode == 4)
        #expect(failing.stdout == "failing\n")
        #expect(!failing.stderr.contains("running prepare"))
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")

        let check = try await box.guild("run", "check-fails", "-y")
        #expect(check.exitCode == 3)
        #expect(check.stderr.contains("ERROR: [guild] check failed: could not find pattern 'accuracy:' in run "))
        #expect(check.stderr.contains("INFO: [guild] 0 of 1 checks passed\n"))
        #expect(check.stderr.hasSuffix("guild: stopping because a check failed\n"))

        // An empty steps list is no pipeline, as in Guild AI.
        #expect(try await box.guild("run", "no-steps", "-y").stdout == "not a pipeline\n")

        let bad = try await box.guild("run", "bad-step", "-y")
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.contains("guild: operation 'nope' is not defined for this project"))
    }

    @Test("isolated steps see only the pipeline's runs; prefixed parent flags reach their step; unknown ones are refused")
    func isolationAndParentFlags() async throws {
        let box = try project()
        try box.write(
            "guild.yml",
            pipelineProject + """

                train-only:
                  flags:
                    train:lr: 0.7
                  steps:
                    - train
                train-open:
                  steps:
                    - run: train
                      isolate-runs: no

                """)
        #expect(try await box.guild("run", "prepare", "-y").exitCode == 0)
        // The prepare run outside the pipeline is not visible to an isolated step.
        let isolated = try await box.guild("run", "train-only", "-y")
        #expect(isolated.exitCode == 1)
        #expect(isolated.stderr.contains("no suitable run for prepare"))
        let open = try await box.guild("run", "train-open", "-y")
        #expect(open.exitCode == 0, "\(open.stderr)")
        #expect(open.stdout == "loss: 0.2\n")
        let unknown = try await box.guild("run", "train-only", "train:epochs=3", "-y")
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.hasPrefix("guild: unsupported flag 'train:epochs'\n"))
        let passed = try await box.guild("run", "train-open", "train:epochs=3", "--force-flags", "--print-cmd")
        #expect(passed.exitCode == 0)
        #expect(passed.stdout.hasSuffix("-um guild.steps_main\n"))
    }

    @Test("a batch as a step runs its trials, which find the pipeline's prepare run")
    func batchStep() async throws {
        let box = try project()
        let run = try await box.guild("run", "batch-step", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "prepared 10\nloss: 0.2\nloss: 0.4\n")
        #expect(run.stderr.contains("INFO: [guild] running train: train lr=[0.1, 0.2]\n"))
        #expect(run.stderr.components(separatedBy: "INFO: [guild] Running trial ").count == 3)
        let trials = try await box.guild("runs", "-Fo", "train", "-s").stdout
        #expect(trials.split(separator: "\n").count == 2)
        #expect(!trials.contains("error"))
    }

    @Test("guild stop on a pipeline stops its running step; both end terminated")
    func stopPipeline() async throws {
        let box = try project()
        #expect(try await box.guild("run", "slow-pipeline", "--background", "-y").exitCode == 0)
        for _ in 0..<600 where try box.runIds().count < 2 { try await Task.sleep(for: .milliseconds(100)) }
        let ids = try await box.guild("select", "--all").stdout.split(separator: "\n").map(String.init)
        try #require(ids.count == 2)
        for _ in 0..<600 {
            if try await box.guild("select", ids[0], "--attr", "status").stdout == "running\n" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let stop = try await box.guild("stop", ids[1], "-y")
        #expect(stop.exitCode == 0, "\(stop.stderr)")
        for _ in 0..<300 {
            if try await box.guild("select", ids[1], "--attr", "status").stdout != "running\n" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await box.guild("select", ids[1], "--attr", "status").stdout == "terminated\n")
        #expect(try await box.guild("select", ids[0], "--attr", "status").stdout != "running\n")
    }

    @Test(
        "Guild AI lists and restarts our pipeline runs, and we restart its",
        .tags(.interop), .enabled(if: guildAI != nil, "GUILDAI_BIN is not set: Guild AI 0.9.0 is not installed"))
    func interop() async throws {
        let box = try project()
        // Guild AI 0.9.0 cannot load a guild.yml with a list of step flags.
        try box.write(
            "guild.yml", pipelineProject.replacingOccurrences(of: "[lr=0.3, epochs=1]", with: "{lr: 0.3, epochs: 1}"))
        let theirs = { (args: [String]) in
            try await GuildSandbox.run(guildAI!, args, environment: box.environment, cwd: box.project)
        }
        #expect(try await box.guild("run", "pipeline", "-y").exitCode == 0)
        let ourList = try await box.guild("runs")
        #expect(ourList.stdout == (try await theirs(["runs"])).stdout)
        let pipelineId = try await box.guild("select", "4").stdout.trimmingCharacters(in: .newlines)
        let restart = try await theirs(["run", "--restart", pipelineId, "-y"])
        #expect(restart.exitCode == 0, "\(restart.stderr)")
        #expect(restart.stdout == "prepared 20\nloss: 0.1\nloss: 0.3\n")
        #expect(try box.runIds().count == 7)

        #expect(try await theirs(["run", "pipeline", "lr=0.5", "-y"]).exitCode == 0)
        let theirId = try await box.guild("select", "-Fo", "pipeline").stdout.trimmingCharacters(in: .newlines)
        let ours = try await box.guild("run", "--restart", theirId, "-y")
        #expect(ours.exitCode == 0, "\(ours.stderr)")
        #expect(ours.stdout == "prepared 20\nloss: 1.0\nloss: 0.3\n")
        #expect(try box.runIds().count == 14)
    }
}
