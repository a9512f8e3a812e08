import Foundation
import Testing

@Suite("guild run edge cases", .tags(.e2e))
struct RunEdgeCaseTests {
    @Test("a restart rebuilds the command from the run, not from the changed guild.yml")
    func restartUsesRecordedCommand() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "echo:\n  exec: echo v1 ${x}\n  flags:\n    x: 1\n")
        #expect(try await box.guild("run", "echo", "x=5", "-y").stdout == "v1 5\n")
        try box.write("guild.yml", "echo:\n  exec: echo v2 ${x}\n  flags:\n    x: 1\n")
        let id = try #require(try box.runIds().first)
        #expect(try await box.guild("run", "--restart", id, "-y").stdout == "v1 5\n")
        try FileManager.default.removeItem(at: box.project.appendingPathComponent("guild.yml"))
        let again = try await box.guild("run", "--restart", id, "x=6", "-y")
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stdout == "v1 6\n")
        #expect(try box.attr(id, "flags") == "x: 6\n")
    }

    @Test("a failed setup keeps a --run-dir's files and refuses an existing run id")
    func setupFailureKeepsUserFiles() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml", "cfg:\n  exec: cat params.yml\n  flags-dest: config:params.yml\n  flags-import: all\n")
        try box.write("params.yml", "a: 1\n")
        let dir = box.root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "precious".write(to: dir.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        let failed = try await box.guild("run", "cfg", "--run-dir", dir.path, "--force-flags", "a.b=2", "-y")
        #expect(failed.exitCode == 1)
        #expect(try String(contentsOf: dir.appendingPathComponent("data.txt"), encoding: .utf8) == "precious")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".guild/PENDING").path))

        #expect(try await box.guild("run", "cfg", "--run-id", "aaa", "-y").exitCode == 0)
        let again = try await box.guild("run", "cfg", "--run-id", "aaa", "-y")
        #expect(again.stderr == "guild: run 'aaa' already exists\n")
        #expect(try box.attr("aaa", "exit_status") == "0\n")
    }

    @Test("a reader that closes the pipe early does not kill guild: the run still completes")
    func closedPipe() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "talk:\n  exec: sh -c 'for i in 1 2 3 4 5; do echo line $i; sleep 0.1; done'\n")
        let piped = try await GuildSandbox.run(
            "/bin/sh", ["-c", "'\(GuildSandbox.binary)' run talk -y 2>&1 | head -c 1"], environment: box.environment,
            cwd: box.project)
        #expect(piped.stdout.count == 1)
        #expect(try await box.waitForStatus("completed") == "completed")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "exit_status") == "0\n")
    }

    @Test("a command that cannot start is one guild: line and the run is error")
    func commandCannotStart() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "missing:\n  exec: no-such-command-here\n")
        let result = try await box.guild("run", "missing", "-y")
        #expect(result.exitCode == 1)
        #expect(result.stderr.hasPrefix("guild: cannot find 'no-such-command-here' on PATH"))
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")
    }

    @Test("the exit code of a killed op is Guild's sys.exit of the negative status")
    func killedExitCode() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "term:\n  exec: sh -c 'kill -TERM $$'\n")
        let result = try await box.guild("run", "term", "-y")
        #expect(result.exitCode == 241)
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "exit_status") == "-15\n")
    }

    @Test("arg-encoding and env-encoding map values to text")
    func encodings() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            show:
              exec: sh -c 'echo "$0 $1 $FLAG_Y"' ${flag_args}
              flags:
                y:
                  default: yes
                  arg-encoding: {yes: Y, no: N}
                  env-encoding: {yes: 'on', no: 'off'}
            """)
        #expect(try await box.guild("run", "show", "-y").stdout == "--y Y on\n")
        #expect(try await box.guild("run", "show", "y=no", "-y").stdout == "--y N off\n")
    }

    @Test("a batch is staged whole and runs with --start; --print-trials needs a batch")
    func stagedBatch() async throws {
        let box = try GuildSandbox(example: "train")
        let notBatch = try await box.guild("run", "train", "--print-trials")
        #expect(notBatch.stderr == "guild: cannot print trials for a non-batch operation\n")
        #expect(try box.runIds().isEmpty)
        let staged = try await box.guild("run", "train", "lr=[0.1,0.2]", "epochs=1", "--stage", "-y")
        #expect(staged.exitCode == 0, "\(staged.stderr)")
        let id = try #require(try box.runIds().first)
        #expect(staged.stdout == "train+ staged as \(id)\nTo start the operation, use 'guild run --start \(id)'\n")
        #expect(try await box.guild("runs", "-s").stdout == "[1]  train+  staged  \n")
        let started = try await box.guild("run", "--start", id, "-y")
        #expect(started.exitCode == 0, "\(started.stderr)")
        #expect(started.stderr.components(separatedBy: "INFO: [guild] Running trial ").count == 3)
        #expect(try await box.guild("runs", "-s").stdout.split(separator: "\n").count == 2, "the batch went to the trash")
    }

    @Test("a batch with --run-dir is made there, its trials in the Guild home and linked from it, as Guild AI does")
    func batchInRunDirectory() async throws {
        let box = try GuildSandbox(example: "train")
        let dir = box.root.appendingPathComponent("elsewhere")
        let result = try await box.guild("run", "train", "lr=[0.1,0.2]", "epochs=1", "--run-dir", dir.path, "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Run directory is '\(dir.path)' (results will not be visible to Guild)\n"))
        let trials = try box.runIds()
        #expect(trials.count == 2, "the trials only: the batch is in the run directory")
        for id in trials {
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent(id).path)
            #expect(link == "../home/runs/\(id)")
            #expect(try box.attr(id, "exit_status") == "0\n")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".guild/proto").path))
        #expect(try String(contentsOf: dir.appendingPathComponent(".guild/attrs/exit_status"), encoding: .utf8) == "0\n")
    }

    @Test("--background honours a relative -C")
    func backgroundWithRelativeDirectory() async throws {
        let box = try GuildSandbox(example: "hello")
        let result = try await box.guild("-C", "project", "run", "hello", "-b", "-y", cwd: box.root)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(try await box.waitForStatus("completed") == "completed")
        let id = try #require(try box.runIds().first)
        #expect(result.stdout == "hello started in background as \(id)\n")
    }

    @Test("vcs_commit records the project's git commit, with * when it has changes")
    func vcsCommit() async throws {
        let box = try GuildSandbox(example: "hello")
        let git = { (args: [String]) in
            try await GuildSandbox.run(
                "git", ["-c", "user.email=t@example.com", "-c", "user.name=t"] + args, environment: box.environment,
                cwd: box.project)
        }
        _ = try await git(["init", "-q"])
        _ = try await git(["add", "."])
        _ = try await git(["commit", "-qm", "init"])
        let head = try await git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await box.guild("run", "hello", "-y").exitCode == 0)
        let clean = try #require(try box.runIds().first)
        #expect(try box.attr(clean, "vcs_commit") == "git:\(head)\n")
        try box.write("hello.py", "print('changed')\n")
        #expect(try await box.guild("run", "hello", "-y").exitCode == 0)
        let dirty = try #require(try box.runIds().first { $0 != clean })
        #expect(try box.attr(dirty, "vcs_commit") == "git:\(head)*\n")
        let status = try await git(["status", "--porcelain"]).stdout
        #expect(status == " M hello.py\n")
    }

    @Test("in a git project, source code is everything git does not ignore")
    func gitSourceCode() async throws {
        let box = try GuildSandbox()
        try GitProject.make(in: box)
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        let id = try #require(try box.runIds().first)
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        let paths = Set(manifest.split(separator: "\n").map { String($0.split(separator: " ")[1]) })
        for kept in ["guild.yml", "model.bin", "new.txt", "sub/a.py", ".dvc/config", "f1.txt", "f120.txt"] {
            #expect(paths.contains(kept), "\(kept)")
        }
        for left in [
            "data/d.csv", "run.log", "secret.txt", ".gitignore", ".guildignore", "nocopy/n.txt", ".dvc/cache/x",
        ] {
            #expect(!paths.contains(left), "\(left)")
        }
        #expect(paths.count == 125)
    }

    @Test("a --run-dir that holds the project is refused and the project is untouched")
    func runDirHoldingProject() async throws {
        let box = try GuildSandbox(example: "hello")
        let before = try String(contentsOf: box.project.appendingPathComponent("guild.yml"), encoding: .utf8)
        for dir in [".", ".."] {
            let result = try await box.guild("run", "hello", "--run-dir", dir, "-y")
            #expect(result.exitCode == 1)
            #expect(result.stderr.hasPrefix("guild: run directory '\(dir)' holds the project directory"))
        }
        #expect(try String(contentsOf: box.project.appendingPathComponent("guild.yml"), encoding: .utf8) == before)
        #expect(!FileManager.default.fileExists(atPath: box.project.appendingPathComponent(".guild").path))
    }

    @Test("a restart keeps the run's label and flags, and refuses an operation or --run-dir")
    func restartKeepsLabelAndFlags() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "echo:\n  exec: echo ${flag_args}\n  flags:\n    x: 1\n")
        #expect(try await box.guild("run", "echo", "x=2", "--label", "mine", "--stage", "-y").exitCode == 0)
        let id = try #require(try box.runIds().first)
        try box.write("guild.yml", "echo:\n  exec: echo ${flag_args}\n  flags:\n    x: 1\n    lr: 0.1\n")
        let started = try await box.guild("run", "--start", id, "-y")
        #expect(started.stdout == "--x 2\n")
        #expect(try box.attr(id, "label") == "mine\n")
        #expect(try box.attr(id, "flags") == "x: 2\n")
        let withOp = try await box.guild("run", "--restart", id, "echo", "-y")
        #expect(withOp.stderr == "guild: OPERATION cannot be used with --restart\n")
        let withDir = try await box.guild("run", "--restart", id, "--run-dir", "elsewhere", "-y")
        #expect(withDir.stderr == "guild: --run-dir cannot be used with --restart\n")
    }

    @Test("a background run removes its pidfile when it ends")
    func backgroundPidFileRemoved() async throws {
        let box = try GuildSandbox(example: "hello")
        let pidFile = box.root.appendingPathComponent("run.pid").path
        #expect(try await box.guild("run", "hello", "--pidfile", pidFile, "-y").exitCode == 0)
        #expect(try await box.waitForStatus("completed") == "completed")
        var gone = false
        for _ in 0..<50 where !gone {
            gone = !FileManager.default.fileExists(atPath: pidFile)
            if !gone { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(gone)
    }

    @Test("vcs_commit is the last commit that touched the project directory")
    func vcsCommitOfSubdirectory() async throws {
        let box = try GuildSandbox(example: "hello")
        let sh = { (script: String) in
            try await GuildSandbox.run("/bin/sh", ["-c", script], environment: box.environment, cwd: box.root)
        }
        let setup =
            "git init -q && git add project && git -c user.email=t@e -c user.name=t commit -qm one"
            + " && git rev-parse HEAD > first && echo x > other.txt && git add other.txt"
            + " && git -c user.email=t@e -c user.name=t commit -qm two"
        #expect(try await sh(setup).exitCode == 0)
        let first = try String(contentsOf: box.root.appendingPathComponent("first"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await box.guild("run", "hello", "-y").exitCode == 0)
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "vcs_commit") == "git:\(first)*\n")
    }
}

/// A git project exercising Guild's git source code rules: ignored files and dirs, a
/// `.guildignore`, a binary, an untracked file, a `.guild-nocopy` dir and over 100 files.
enum GitProject {
    static func make(in box: borrowing GuildSandbox) throws {
        try box.write("guild.yml", "op:\n  exec: \"true\"\n")
        try box.write(".gitignore", "data/\n*.log\n.dvc/cache\n")
        try box.write(".guildignore", "secret.txt\n")
        for (name, text) in [
            ("data/d.csv", "x"), ("run.log", "l"), ("secret.txt", "s"), ("sub/a.py", "py"), (".dvc/config", "c"),
            (".dvc/cache/x", "cc"), ("nocopy/.guild-nocopy", ""), ("nocopy/n.txt", "n"),
        ] {
            try box.write(name, text)
        }
        try Data([0, 1, 2, 255, 0, 7]).write(to: box.project.appendingPathComponent("model.bin"))
        for i in 1...120 { try box.write("f\(i).txt", "\(i)") }
        GuildSandbox.runAndWait([
            "/bin/sh", "-c",
            "cd '\(box.project.path)' && git init -q && git add -A "
                + "&& git -c user.email=t@example.com -c user.name=t commit -qm init",
        ])
        try box.write("new.txt", "untracked")
    }
}
