import Foundation
import Testing

@Suite("guild run", .tags(.e2e))
struct RunCommandTests {
    @Test("hello runs into a new run directory with Guild's files")
    func helloRun() async throws {
        let box = try GuildSandbox(example: "hello")
        let result = try await box.guild("run", "hello", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "Hello Guild\n")
        let ids = try box.runIds()
        try #require(ids.count == 1)
        let id = ids[0]
        #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try box.attr(id, "exit_status") == "0\n")
        #expect(try box.attr(id, "flags") == "msg: Hello Guild\n")
        #expect(try box.attr(id, "id") == "\(id)\n")
        #expect(try box.attr(id, "user_flags") == "{}\n")
        #expect(try box.attr(id, "label") == "msg='Hello Guild'\n")
        let guildDir = box.runDirectory(id).appendingPathComponent(".guild")
        let opref = try String(contentsOf: guildDir.appendingPathComponent("opref"), encoding: .utf8)
        let guildfile = box.project.appendingPathComponent("guild.yml").path
        #expect(opref.hasPrefix("guildfile:\(guildfile) ") && opref.hasSuffix(" '' hello"))
        let output = try String(contentsOf: guildDir.appendingPathComponent("output"), encoding: .utf8)
        #expect(output == "Hello Guild\n")
        let index = try Data(contentsOf: guildDir.appendingPathComponent("output.index"))
        #expect(index.count == 9 && index[8] == 0)
        let manifest = try String(contentsOf: guildDir.appendingPathComponent("manifest"), encoding: .utf8)
        #expect(manifest.contains("s hello.py "))
        #expect(manifest.contains("s guild.yml "))
        for marker in ["LOCK", "PENDING", "STAGED"] {
            #expect(!FileManager.default.fileExists(atPath: guildDir.appendingPathComponent(marker).path))
        }
        #expect(FileManager.default.fileExists(atPath: box.runDirectory(id).appendingPathComponent("hello.py").path))
        let digest = try box.attr(id, "sourcecode_digest")
        #expect(digest.count == 33)
    }

    @Test("flags reach a Python script as globals and output scalars are logged")
    func trainGlobals() async throws {
        let box = try GuildSandbox(example: "train")
        let result = try await box.guild("run", "train", "lr=0.05", "epochs=2", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("loss: 0.860708"))
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "flags") == "epochs: 2\nlr: 0.05\noptimizer: sgd\n")
        #expect(try box.attr(id, "user_flags") == "epochs: 2\nlr: 0.05\n")
        #expect(try box.attr(id, "label") == "epochs=2 lr=0.05 optimizer=sgd\n")
        let cmd = try box.attr(id, "cmd")
        #expect(
            cmd.hasSuffix(
                "- -um\n- guild.op_main\n- train\n- --\n- --epochs\n- '2'\n- --lr\n- '0.05'\n- --optimizer\n- sgd\n"))
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("status: completed\n"))
        #expect(info.stdout.contains("flags:\n  epochs: 2\n  lr: 0.05\n  optimizer: sgd\n"))
        #expect(info.stdout.contains("scalars:\n  acc: 0.569646 (step 2)\n  loss: 0.860708 (step 2)\n"))
    }

    @Test("argparse flags are passed as --name value arguments")
    func trainArgs() async throws {
        let box = try GuildSandbox(example: "train")
        let result = try await box.guild("run", "train-args", "epochs=2", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "loss: 0.904837 (step 1)\nloss: 0.740818 (step 2)\n")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "cmd").hasSuffix("- train_args\n- --\n- --epochs\n- '2'\n- --lr\n- '0.1'\n"))
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("scalars:\n  loss: 0.740818 (step 2)\n"))
    }

    @Test("config-file flags are imported and written into the run's copy of the file")
    func trainConfig() async throws {
        let box = try GuildSandbox(example: "train")
        let result = try await box.guild("run", "train-config", "train.lr=0.2", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Resolving config:config.yml"))
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "flags") == "model.layers: 2\nmodel.name: toy\ntrain.epochs: 3\ntrain.lr: 0.2\n")
        let config = try String(contentsOf: box.runDirectory(id).appendingPathComponent("config.yml"), encoding: .utf8)
        #expect(config == "model:\n  layers: 2\n  name: toy\ntrain:\n  epochs: 3\n  lr: 0.2")
        let projectConfig = try String(contentsOf: box.project.appendingPathComponent("config.yml"), encoding: .utf8)
        #expect(projectConfig.contains("lr: 0.1"))
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("\nd config.yml "))
        #expect(manifest.hasSuffix(" config:config.yml\n"))
        #expect(!manifest.contains("s config.yml"))
        #expect(
            try box.attr(id, "deps").hasPrefix(
                "config:config.yml:\n  config:config.yml:\n    paths:\n    - .guild/generated/"))
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("  acc: 0.849403 (step 3)\n  loss: 0.301194 (step 3)\n"))
        let deps = try await box.guild("ls", "-d", "-n")
        #expect(deps.stdout == "config.yml\n")
    }

    @Test("a failing process keeps its output and the run is marked error")
    func failingRun() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "fail:\n  main: fail\n")
        try box.write("fail.py", "import sys\nprint('about to fail')\nsys.exit(3)\n")
        let result = try await box.guild("run", "fail", "-y")
        #expect(result.exitCode == 3)
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "exit_status") == "3\n")
        let select = try await box.guild("select", "--attr", "status")
        #expect(select.stdout == "error\n")
        let cat = try await box.guild("cat", "--output")
        #expect(cat.stdout == "about to fail\n")
    }

    @Test("--print-cmd, --print-env and --help-op show the op without running it")
    func printCommands() async throws {
        let box = try GuildSandbox(example: "train")
        let cmd = try await box.guild("run", "train-args", "lr=0.5", "--print-cmd")
        #expect(cmd.exitCode == 0)
        #expect(cmd.stdout.hasSuffix(" -um guild.op_main train_args -- --epochs 3 --lr 0.5\n"))
        let env = try await box.guild("run", "train", "--print-env")
        #expect(env.stdout.contains("FLAGS_DEST=globals\n"))
        #expect(env.stdout.contains("FLAG_LR=0.1\n"))
        let help = try await box.guild("run", "train", "--help-op")
        #expect(
            help.stdout.hasPrefix(
                "Usage: guild run [OPTIONS] train [FLAG]...\n\nTrain a toy model (flags as Python globals)\n"))
        #expect(help.stdout.contains("  epochs     Number of epochs (default is 3)\n"))
        #expect(help.stdout.contains("\n             Choices:  sgd, adam\n"))
        #expect(try box.runIds().isEmpty)
    }

    @Test("labels, tags, staging, restart and proto")
    func runOptions() async throws {
        let box = try GuildSandbox(example: "train")
        let labelled = try await box.guild("run", "train", "epochs=1", "--label", "lr is ${lr}", "-t", "best", "-y")
        #expect(labelled.exitCode == 0, "\(labelled.stderr)")
        let first = try #require(try box.runIds().first)
        #expect(try box.attr(first, "label") == "lr is 0.1\n")
        #expect(try box.attr(first, "tags") == "- best\n")

        let staged = try await box.guild("run", "train", "epochs=1", "--stage", "-y")
        #expect(staged.stdout.contains("train staged as "))
        let list = try await box.guild("runs")
        #expect(list.stdout.split(separator: "\n").first?.contains("  staged  ") == true)
        let stagedId = try #require(try box.runIds().first { $0 != first })
        #expect(
            FileManager.default.fileExists(atPath: box.runDirectory(stagedId).appendingPathComponent(".guild/ENV").path)
        )

        let started = try await box.guild("run", "--start", String(stagedId.prefix(8)), "-y")
        #expect(started.exitCode == 0, "\(started.stderr)")
        #expect(try box.attr(stagedId, "exit_status") == "0\n")

        let restarted = try await box.guild("run", "--restart", String(first.prefix(8)), "lr=0.2", "-y")
        #expect(restarted.exitCode == 0, "\(restarted.stderr)")
        #expect(try box.attr(first, "flags") == "epochs: 1\nlr: 0.2\noptimizer: sgd\n")
        #expect(try box.runIds().count == 2)

        let proto = try await box.guild("run", "--proto", String(first.prefix(8)), "optimizer=adam", "-y")
        #expect(proto.exitCode == 0, "\(proto.stderr)")
        let ids = try box.runIds()
        #expect(ids.count == 3)
        let newest = try #require(ids.first { $0 != first && $0 != stagedId })
        #expect(try box.attr(newest, "flags") == "epochs: 1\nlr: 0.2\noptimizer: adam\n")
    }

    @Test("--run-dir runs outside the Guild home")
    func runDir() async throws {
        let box = try GuildSandbox(example: "hello")
        let dir = box.root.appendingPathComponent("elsewhere")
        let result = try await box.guild("run", "hello", "--run-dir", dir.path, "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Run directory is '\(dir.path)'"))
        #expect(try box.runIds().isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".guild/attrs/exit_status").path))
    }

    @Test("--background returns at once and the run completes")
    func background() async throws {
        let box = try GuildSandbox(example: "hello")
        let pidFile = box.root.appendingPathComponent("pid").path
        let result = try await box.guild("run", "hello", "--background", "--pidfile", pidFile, "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hello started in background as "))
        #expect(result.stdout.hasSuffix(" (pidfile \(pidFile))\n"))
        #expect(try await box.waitForStatus("completed") == "completed")
        #expect(try await box.guild("cat", "--output").stdout == "Hello Guild\n")
    }
}
