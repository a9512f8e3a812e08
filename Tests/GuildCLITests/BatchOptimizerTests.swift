import Foundation
import Testing

/// Operations as optimizers and batch restarts (issue 17 part 4, batch-guildfile-optimizers.md,
/// batch-restart.md).
@Suite("operation optimizers and batch restarts", .tags(.e2e))
struct BatchOptimizerTests {
    private static let project = """
        train:
          exec: echo x=${x} y=${y}
          flags: {x: 1, y: 2}
          optimizers:
            tuned:
              algorithm: tune
              alpha: 0.5
            other:
              algorithm: tune
        tune:
          exec: sh -c 'echo tuning alpha=$0 beta=$1 with proto $(cat .guild/proto/.guild/attrs/flags | tr "\\\\n" " ")' ${alpha} ${beta}
          flags: {alpha: 0.1, beta: 0.2}
        """

    @Test("an operation named as optimizer runs as the batch, with the user's op as its proto and -Fo flags")
    func operationOptimizer() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.project)
        let named = try await box.guild("run", "train", "x=[1,2]", "-o", "tuned", "-Fo", "beta=0.7", "-y")
        #expect(named.exitCode == 0, "\(named.stderr)")
        #expect(named.stdout == "tuning alpha=0.5 beta=0.7 with proto x: - 1 - 2 'y': 2\n")
        let list = try await box.guild("runs", "-s")
        #expect(list.stdout == "[1]  train+tune  completed  alpha=0.5 beta=0.7\n")
        let direct = try await box.guild("run", "train", "-o", "tune", "-y")
        #expect(direct.stdout.hasPrefix("tuning alpha=0.1 beta=0.2 "))
        let noDefault = try await box.guild("run", "train", "-O", "-y")
        #expect(noDefault.exitCode == 1)
        #expect(
            noDefault.stderr
                == "guild: no default optimizer defined for train\nSpecify one of the following with '--optimizer': other, tuned\n")
        let unknown = try await box.guild("run", "train", "-o", "nothing", "-y")
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.hasPrefix("guild: operation 'nothing' is not defined for this project\n"))
    }

    @Test("a Python optimizer runs its trials through guild.batch_util: proto flags, run_trial, a failing trial")
    func pythonOptimizer() async throws {
        let box = try GuildSandbox()
        try box.write("trial.py", "import sys\nx = 1\nprint('trial', x)\nif x == 2: sys.exit(3)\n")
        try box.write(
            "tune.py",
            """
            from guild import batch_util

            try:
                batch_run = batch_util.batch_run()
            except batch_util.CurrentRunNotBatchError:
                print("not a batch")
            else:
                proto = batch_run.batch_proto.get("flags")
                print("proto", proto)
                for x in (1, 2, 3):
                    try:
                        batch_util.run_trial(batch_run, dict(proto, x=x))
                    except SystemExit as e:
                        print("trial failed", e.code)

            """)
        #expect(try await box.guild("run", "tune.py", "-y").stdout == "not a batch\n")
        let run = try await box.guild("run", "trial.py", "--optimizer", "tune.py", "-l", "tuned", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "proto {'x': 1}\ntrial 1\ntrial 2\ntrial failed 3\ntrial 3\n")
        #expect(run.stderr.contains("INFO: [guild] Running trial "))
        let list = try await box.guild("runs", "-s")
        #expect(
            list.stdout == """
                [1]  trial.py          completed  tuned
                [2]  trial.py          error      tuned
                [3]  trial.py          completed  tuned
                [4]  trial.py+tune.py  completed  
                [5]  tune.py           completed  

                """)
    }

    @Test("--print-cmd of a batch prints the batch's and each trial's command; --needed skips a batch done before")
    func batchPrintCmdAndNeeded() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.project)
        let printed = try await box.guild("run", "train", "x=[1,2]", "--print-cmd")
        #expect(printed.exitCode == 0, "\(printed.stderr)")
        let lines = printed.stdout.split(separator: "\n")
        try #require(lines.count == 3)
        #expect(lines[0].hasSuffix(" -um guild.batch_main"))
        #expect(lines[1] == "echo x=1 y=2" && lines[2] == "echo x=2 y=2")
        let gp = try await box.guild("run", "train", "x=[1:3]", "-o", "gp", "--print-cmd")
        #expect(gp.exitCode == 1)
        #expect(gp.stdout.hasSuffix(" -um guild.plugins.skopt_gp_main\n"))
        #expect(gp.stderr == "ERROR: [guild] optimizer does not support printing trials command\n")
        #expect(try box.runIds().isEmpty)

        #expect(try await box.guild("run", "train", "x=[1,2]", "--keep-batch", "--needed", "-y").exitCode == 0)
        let skipped = try await box.guild("run", "train", "x=[1,2]", "--needed", "-y")
        #expect(skipped.stdout.hasPrefix("Skipping because the following runs match this operation (--needed specified):\n"))
        #expect(skipped.stdout.contains("  train+  "))
        #expect(try box.runIds().count == 3)
        #expect(try await box.guild("run", "train", "x=[1,3]", "--needed", "-y").stdout == "x=1 y=2\nx=3 y=2\n")
    }

    @Test("--restart of a batch runs its trials again in the same batch, with new flag values if given")
    func restartBatch() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.project)
        #expect(try await box.guild("run", "train", "x=[1,2]", "--keep-batch", "-y").exitCode == 0)
        let batch = try await box.guild("select", "-Fo", "train+").stdout.trimmingCharacters(in: .newlines)
        let again = try await box.guild("run", "--restart", batch, "-y")
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stdout == "x=1 y=2\nx=2 y=2\n")
        #expect(!again.stderr.contains("Run directory is"))
        #expect(try box.runIds().count == 5, "the batch kept (as its first run asked) and two new trials")
        let changed = try await box.guild("run", "--restart", batch, "x=[3]", "-y")
        #expect(changed.stdout == "x=3 y=2\n")
        #expect(try await box.guild("select", batch, "--attr", "status").stdout == "completed\n")
        #expect(try box.runIds().count == 6)
    }
}
