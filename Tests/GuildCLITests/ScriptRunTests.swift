import Crypto
import Foundation
import Testing

/// Guild AI 0.9.0's `guild`, from `GUILDAI_BIN` (`.ci/run` installs it in a venv).
private let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"]

private let globalsSource = """
    x = 1
    lr = 0.1
    name = "foo"
    flag_bool = False
    _hidden = 2
    params = {"a": 1}
    layers = [1, 2]

    print("x=%s lr=%s name=%s flag_bool=%s layers=%s" % (x, lr, name, flag_bool, layers))
    x = 5

    """

private let argparseSource = """
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=3, help="Number of epochs")
    p.add_argument("--lr", default=0.01, type=float)
    p.add_argument("--opt", default="adam", choices=["adam", "sgd"])
    p.add_argument("--verbose", action="store_true")
    print("parsing")
    args = p.parse_args()
    print("epochs=%i lr=%s opt=%s verbose=%s" % (args.epochs, args.lr, args.opt, args.verbose))

    """

private let clickSource = """
    import click

    @click.command()
    @click.option("--color", type=click.Choice(["red", "blue"]), default="red")
    @click.option("--count", type=int, default=2, help="How many")
    @click.option("--shout", is_flag=True)
    def main(color, count, shout):
        print(("%s " % color * count).strip().upper() if shout else ("%s " % color * count).strip())

    main()

    """

/// Guild's "Refreshing flags..." note on, as users see it (the sandbox turns it off).
private let progress = ["NO_IMPORT_FLAGS_PROGRESS": "0"]

/// `guild run SCRIPT` without an operation in guild.yml (issue 17, reference 3.1).
@Suite("scripts run as operations", .tags(.e2e))
struct ScriptRunTests {
    @Test("a globals script: flags from its literal assignments, help-op, the run and Guild's import-flags cache")
    func globalsScript() async throws {
        let box = try GuildSandbox()
        try box.write("train.py", globalsSource)
        let help = try await box.guild("run", "train.py", "--help-op", env: progress)
        #expect(help.exitCode == 0)
        #expect(
            help.stdout == """
                Usage: guild run [OPTIONS] train.py [FLAG]...

                Use 'guild run --help' for a list of options.

                Flags:
                  flag_bool  (default is no)
                  layers     (default is '1 2')
                  lr         (default is 0.1)
                  name       (default is foo)
                  x          (default is 1)

                """)
        #expect(help.stderr == "Refreshing flags...\n")
        let api = try await box.guild("api", "help-op", "train.py")
        #expect(api.stdout.contains(#""src": null"#) && api.stdout.contains(#""pkgType": "script""#))
        // The cache is Guild AI's: md5 of the script's path, its JSON, `$dest` included.
        let script = box.project.appendingPathComponent("train.py").path
        let key = Insecure.md5Hex(script)
        let cached = try String(
            contentsOf: box.home.appendingPathComponent("cache/import-flags/\(key)"), encoding: .utf8)
        #expect(
            cached
                == #"{"x": {"default": 1, "type": "number", "arg-split": null}, "lr": {"default": 0.1, "type": "number", "arg-split": null}, "name": {"default": "foo", "type": "string", "arg-split": null}, "flag_bool": {"default": false, "type": "boolean", "arg-split": null}, "layers": {"default": "1 2", "type": null, "arg-split": true}, "$dest": "globals"}"#
        )

        let run = try await box.guild("run", "train.py", "x=3", "flag_bool=yes", "layers=4 5 6", "-y", env: progress)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "x=3 lr=0.1 name=foo flag_bool=True layers=[4, 5, 6]\n")
        #expect(run.stderr == "", "a warm cache reads no script")
        let id = try await box.latestRunId()
        #expect(try box.attr(id, "cmd").contains("- guild.op_main\n- train\n- --flag_bool\n- 'true'\n"))
        let opref = try box.opref(id)
        #expect(opref == "script:\(box.project.path) '' '' train.py")
        let op = try box.attr(id, "op")
        #expect(op.contains("flags-dest: globals\n"))
        #expect(op.contains("  - guild.op_main\n  - train\n  - __flag_args__\n"))
        #expect(FileManager.default.fileExists(atPath: box.runDirectory(id).appendingPathComponent("train.py").path))
        let list = try await box.guild("runs")
        #expect(list.stdout.contains("  train.py  "))
        #expect(list.stdout.hasSuffix("completed  flag_bool=yes layers='4 5 6' lr=0.1 name=foo x=3\n"))

        // The script's newer mtime makes the cache stale: its flags are read again.
        try box.write("train.py", "epochs = 2\nprint('epochs', epochs)\n")
        let changed = try await box.guild("run", "train.py", "-y", env: progress)
        #expect(changed.stderr == "Refreshing flags...\n")
        #expect(changed.stdout == "epochs 2\n")
    }

    @Test("an argparse script: defaults, help, choices and store_true switches; unknown flags and --force-flags")
    func argparseScript() async throws {
        let box = try GuildSandbox()
        try box.write("train.py", argparseSource)
        let help = try await box.guild("run", "train.py", "--help-op")
        #expect(help.exitCode == 0)
        #expect(
            help.stdout.hasSuffix(
                """
                Flags:
                  epochs   Number of epochs (default is 3)
                  lr       (default is 0.01)
                  opt      (default is adam)
                           \("")
                           Choices:  adam, sgd

                  verbose  (default is no)
                           \("")
                           Choices:  yes, no


                """))
        #expect(!help.stdout.contains("parsing"), "the script's own output is not shown while flags are read")

        let quiet = try await box.guild("run", "train.py", "epochs=2", "-y")
        #expect(quiet.stdout == "parsing\nepochs=2 lr=0.01 opt=adam verbose=False\n")
        let id = try await box.latestRunId()
        #expect(!(try box.attr(id, "cmd")).contains("--verbose"), "a switch set to no is left out")
        let loud = try await box.guild("run", "train.py", "verbose=yes", "opt=sgd", "-y")
        #expect(loud.stdout.hasSuffix("epochs=3 lr=0.01 opt=sgd verbose=True\n"))

        let unknown = try await box.guild("run", "train.py", "bogus=1", "-y")
        #expect(unknown.exitCode == 1)
        #expect(
            unknown.stderr
                == "guild: unsupported flag 'bogus'\nTry 'guild run train.py --help-op' for a list of flags "
                + "or use --force-flags to skip this check.\n")
        let bad = try await box.guild("run", "train.py", "opt=rmsprop", "-y")
        #expect(bad.exitCode == 1)
        let forced = try await box.guild("run", "train.py", "bogus=1", "--force-flags", "--print-cmd")
        #expect(forced.stdout.hasSuffix("-um guild.op_main train --bogus 1 --epochs 3 --lr 0.01 --opt adam\n"))
    }

    @Test("a click script: its options as flags, a flag option as a switch")
    func clickScript() async throws {
        let box = try GuildSandbox()
        try box.write("paint.py", clickSource)
        let help = try await box.guild("run", "paint.py", "--help-op")
        #expect(help.exitCode == 0, "\(help.stderr)")
        #expect(help.stdout.contains("  count  How many (default is 2)\n"))
        #expect(help.stdout.contains("Choices:  red, blue"))
        let run = try await box.guild("run", "paint.py", "color=blue", "count=3", "shout=yes", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "BLUE BLUE BLUE\n")
        let id = try await box.latestRunId()
        #expect(try box.attr(id, "op").contains("flags-dest: args:click\n"))
    }

    @Test("a guild.yml op wins over a script of the same name; a script runs when guild.yml has no such op")
    func guildfileAndScripts() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "train.py:\n  exec: echo from guild.yml\nother:\n  exec: echo other\n")
        try box.write("train.py", "print('from script')\n")
        try box.write("eval.py", "print('evaluating')\n")
        #expect(try await box.guild("run", "train.py", "-y").stdout == "from guild.yml\n")
        #expect(try await box.guild("run", "eval.py", "-y").stdout == "evaluating\n")
        let missing = try await box.guild("run", "nope.py", "-y")
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.hasPrefix("guild: operation 'nope.py' is not defined for this project\n"))
        // A broken guild.yml is reported, not passed over for the script.
        try box.write("guild.yml", "train: [\n")
        let broken = try await box.guild("run", "eval.py", "-y")
        #expect(broken.exitCode == 1)
        #expect(broken.stderr.contains("guild.yml"))
    }

    @Test("an executable script runs as is; a file that is neither Python nor executable is refused")
    func executableScripts() async throws {
        let box = try GuildSandbox()
        try box.write("prepare.sh", "#!/bin/sh\necho prepared \"$@\"\n")
        chmod(box.project.appendingPathComponent("prepare.sh").path, 0o755)
        try box.write("notes.txt", "hello\n")
        let run = try await box.guild("run", "prepare.sh", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "prepared\n")
        let id = try await box.latestRunId()
        let opref = try box.opref(id)
        #expect(opref == "script:\(box.project.path) '' '' prepare.sh")
        let refused = try await box.guild("run", "notes.txt", "-y")
        #expect(refused.exitCode == 1)
        #expect(refused.stderr == "guild: cannot run 'notes.txt': must be an executable file\n")
    }

    @Test("a script with a syntax error or one that fails on import: Guild's warnings, no flags")
    func brokenScripts() async throws {
        let box = try GuildSandbox()
        try box.write("bad.py", "x = 1\ndef f(:\n    pass\n")
        try box.write("crash.py", "import argparse\nimport not_a_module_xyz\n")
        let bad = try await box.guild("run", "bad.py", "--help-op")
        #expect(bad.exitCode == 0)
        #expect(
            bad.stderr.hasSuffix(
                "WARNING: cannot import flags from ./bad.py: invalid syntax on line 2\n  def f(:\n        ^\n"))
        #expect(!bad.stdout.contains("Flags:"))
        let crash = try await box.guild("run", "crash.py", "--help-op")
        #expect(
            crash.stderr.hasSuffix(
                "WARNING: cannot import flags from crash.py: ModuleNotFoundError: No module named 'not_a_module_xyz' "
                    + "(run with guild --debug for details)\n"))
        let cache = box.home.appendingPathComponent("cache/import-flags")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).isEmpty)
        let run = try await box.guild("run", "bad.py", "-y")
        #expect(run.exitCode == 1)
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")
    }

    @Test("a script run restarts with its flags, and --proto starts a new one from it")
    func restartScriptRun() async throws {
        let box = try GuildSandbox()
        try box.write("train.py", globalsSource)
        #expect(try await box.guild("run", "train.py", "x=7", "-y").exitCode == 0)
        let id = try await box.latestRunId()
        let restart = try await box.guild("run", "--restart", id, "-y")
        #expect(restart.exitCode == 0, "\(restart.stderr)")
        #expect(restart.stdout.hasPrefix("x=7 "))
        let proto = try await box.guild("run", "--proto", id, "lr=0.5", "-y")
        #expect(proto.exitCode == 0, "\(proto.stderr)")
        #expect(proto.stdout.hasPrefix("x=7 lr=0.5 "))
        #expect(try box.runIds().count == 2)
    }

    @Test("--force-sourcecode on a restart copies the project's changed script; without it the run keeps its own")
    func forceSourcecode() async throws {
        let box = try GuildSandbox()
        try box.write("hello.py", "msg = 'A'\nprint(msg)\n")
        #expect(try await box.guild("run", "hello.py", "-y").stdout == "A\n")
        let id = try await box.latestRunId()
        try box.write("hello.py", "msg = 'A'\nprint(msg + ' (modified)')\n")
        #expect(try await box.guild("run", "--restart", id, "-y").stdout == "A\n")
        #expect(try await box.guild("run", "--restart", id, "--force-sourcecode", "-y").stdout == "A (modified)\n")
        #expect(try await box.guild("cat", "-p", "hello.py", id).stdout == "msg = 'A'\nprint(msg + ' (modified)')\n")
    }

    @Test(
        "Guild AI lists, shows and restarts our script runs, shares our flags cache, and we read its script runs",
        .tags(.interop), .enabled(if: guildAI != nil, "GUILDAI_BIN is not set: Guild AI 0.9.0 is not installed"))
    func interop() async throws {
        let box = try GuildSandbox()
        try box.write("train.py", globalsSource)
        try box.write("args.py", argparseSource)
        let environment = box.environment.merging(progress) { $1 }
        let theirs = { (args: [String]) in
            try await GuildSandbox.run(guildAI!, args, environment: environment, cwd: box.project)
        }
        // Guild AI's cache of the script's flags serves our run: no "Refreshing flags...".
        let theirHelp = try await theirs(["run", "args.py", "--help-op"])
        #expect(theirHelp.stderr == "Refreshing flags...\n")
        let ourHelp = try await box.guild("run", "args.py", "--help-op", env: progress)
        #expect(ourHelp.stdout == theirHelp.stdout)
        #expect(ourHelp.stderr == "")
        let trainHelp = try await box.guild("run", "train.py", "--help-op")
        #expect(trainHelp.stdout == (try await theirs(["run", "train.py", "--help-op"])).stdout)

        #expect(try await box.guild("run", "train.py", "x=3", "-y").exitCode == 0)
        #expect(try await theirs(["run", "args.py", "epochs=2", "verbose=yes", "-y"]).exitCode == 0)
        #expect(try await box.guild("run", "args.py", "epochs=2", "verbose=yes", "-y").exitCode == 0)
        let ourList = try await box.guild("runs")
        #expect(ourList.stdout == (try await theirs(["runs"])).stdout)
        let theirInfo = try await theirs(["runs", "info", "3"])
        #expect(theirInfo.stdout.contains("operation: train.py\n"))
        #expect(theirInfo.stdout.contains("flags:\n  flag_bool: no\n  layers: 1 2\n  lr: 0.1\n  name: foo\n  x: 3\n"))
        // The same command for the same flags, Python aside.
        let commands = try await [box.guild("runs", "info", "1"), theirs(["runs", "info", "2"])].map {
            $0.stdout.split(separator: "\n").first { $0.hasPrefix("command:") }?.split(separator: " ").dropFirst(2)
        }
        #expect(commands[0] != nil && commands[0] == commands[1])
        let ids = try await box.guild("select", "--all").stdout.split(separator: "\n").map(String.init)
        try #require(ids.count == 3)
        let restart = try await theirs(["run", "--restart", ids[2], "-y"])
        #expect(restart.exitCode == 0, "\(restart.stderr)")
        #expect(restart.stdout.hasPrefix("x=3 "))
        let ourRestart = try await box.guild("run", "--restart", ids[1], "-y")
        #expect(ourRestart.exitCode == 0, "\(ourRestart.stderr)")
        #expect(ourRestart.stdout.hasSuffix("epochs=2 lr=0.01 opt=adam verbose=True\n"))
    }
}

extension Insecure {
    /// The md5 hex digest of `text`'s UTF-8 bytes.
    static func md5Hex(_ text: String) -> String {
        MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
