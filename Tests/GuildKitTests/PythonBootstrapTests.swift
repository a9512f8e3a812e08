import Foundation
import Testing

@testable import GuildKit

/// Runs real `python3` (via /usr/bin/env) through the bootstrap `guild.op_main`.
@Suite struct PythonBootstrapTests {
    struct Result {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
    }

    /// A temp project/run dir plus a bootstrap install.
    final class Sandbox {
        let root: URL
        let runDir: URL
        let bootstrap: URL

        init() throws {
            root = FileManager.default.temporaryDirectory
                .appendingPathComponent("guild-bootstrap-test-\(UUID().uuidString)", isDirectory: true)
            runDir = root.appendingPathComponent("run", isDirectory: true)
            try FileManager.default.createDirectory(at: runDir, withIntermediateDirectories: true)
            bootstrap = try PythonBootstrap.install(in: root.appendingPathComponent("cache", isDirectory: true))
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ relativePath: String, _ contents: String) throws {
            let url = runDir.appendingPathComponent(relativePath)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }

        /// `python3 [-S] -um guild.op_main <args>` with cwd = run dir; without `-S`, also the
        /// command guild starts for it (`PythonBootstrap.launchArguments`), which must do the same.
        func run(_ args: [String], env extra: [String: String] = [:], noSite: Bool = false) throws -> Result {
            let argv = ["python3"] + (noSite ? ["-S"] : []) + ["-um", "guild.op_main"] + args
            let result = try run(argv: argv, env: extra)
            let launched = PythonBootstrap.launchArguments(for: argv, environment: extra)
            if launched != argv {
                let other = try run(argv: launched, env: extra)
                #expect(
                    "\(other.status) \(other.signaled)\n\(other.stdout)\n\(Self.callerFrames(other.stderr))"
                        == "\(result.status) \(result.signaled)\n\(result.stdout)\n\(Self.callerFrames(result.stderr))",
                    "\(launched) differs from -m")
            }
            return result
        }

        /// A traceback that leaves op_main (a KeyboardInterrupt let through, say) begins with the
        /// frames that started it, runpy's under `-m`, the `-c` line's otherwise: those are left out.
        static func callerFrames(_ stderr: String) -> String {
            var lines: [Substring] = []
            var skipCode = false
            for line in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
                if skipCode {
                    skipCode = false
                    if line.hasPrefix("    ") { continue }
                }
                if line.hasPrefix("  File \"<frozen runpy>\"") || line.hasPrefix("  File \"<string>\"")
                    || (line.contains("/guild/op_main.py\", line ") && line.hasSuffix(", in <module>"))
                {
                    skipCode = true
                    continue
                }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }

        private func run(argv: [String], env extra: [String: String]) throws -> Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = argv
            process.currentDirectoryURL = runDir
            var env = ProcessInfo.processInfo.environment
            for name in ["FLAGS_DEST", "LOG_LEVEL", "HANDLE_KEYBOARD_INTERRUPT", "SCRIPT_DIR", "NO_SYS_PATH_MODIFY"] {
                env.removeValue(forKey: name)
            }
            env["PYTHONPATH"] = PythonBootstrap.pythonPath(
                sourceCodePaths: ["."], bootstrapDirectory: bootstrap, inherited: nil)
            env["RUN_DIR"] = runDir.path
            env["GUILD_SOURCECODE"] = "."
            env["LOG_LEVEL"] = "20"
            for (name, value) in extra { env[name] = value }
            process.environment = env
            let outURL = root.appendingPathComponent("out-\(UUID().uuidString)")
            let errURL = root.appendingPathComponent("err-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            let outHandle = try FileHandle(forWritingTo: outURL)
            let errHandle = try FileHandle(forWritingTo: errURL)
            process.standardOutput = outHandle
            process.standardError = errHandle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try outHandle.close()
            try errHandle.close()
            return Result(
                status: process.terminationStatus,
                signaled: process.terminationReason == .uncaughtSignal,
                stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
            )
        }
    }

    static let reportScript = """
        import sys
        lr = 0.5
        i = 7
        b = False
        s = "x"
        l = []
        print(repr((sys.argv[1:], lr, i, b, s, l)))
        """

    @Test func argsDestPassesBaseAndFlagArgs() throws {
        let sb = try Sandbox()
        try sb.write("train.py", Self.reportScript)
        let r = try sb.run(["train", "--base", "--", "--lr", "0.1"], env: ["FLAGS_DEST": "args"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "(['--base', '--lr', '0.1'], 0.5, 7, False, 'x', [])\n")
        // Default FLAGS_DEST is args; `guild run train.py` form has no `--`.
        let r2 = try sb.run(["train", "--lr", "0.1"])
        #expect(r2.stdout == "(['--lr', '0.1'], 0.5, 7, False, 'x', [])\n")
    }

    @Test func globalsDestOverridesAssignmentsAndKeepsTypes() throws {
        let sb = try Sandbox()
        try sb.write("train.py", Self.reportScript)
        let r = try sb.run(
            ["train", "--", "--lr", "0.1", "--i", "3", "--b", "yes", "--s", "hello world", "--l", "[1, 2.5, a]"],
            env: ["FLAGS_DEST": "globals"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "([], 0.1, 3, True, 'hello world', [1, 2.5, 'a'])\n")
    }

    @Test func globalsDestWithoutPyYAML() throws {
        let sb = try Sandbox()
        try sb.write("train.py", Self.reportScript)
        let args = ["train", "--", "--lr", "1e-3", "--i", "-5", "--b", "off", "--s", "'007'", "--l", "[x, {a: 1}]"]
        let expected = "([], 0.001, -5, False, '007', ['x', {'a': 1}])\n"
        // The fallback decoder (no PyYAML), with and without site-packages.
        let r = try sb.run(args, env: ["FLAGS_DEST": "globals", "GUILD_OP_MAIN_NO_PYYAML": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == expected)
        let r2 = try sb.run(args, env: ["FLAGS_DEST": "globals"], noSite: true)
        #expect(r2.stdout == expected, "\(r2.stderr)")
        // PyYAML when present gives the same values.
        let r3 = try sb.run(args, env: ["FLAGS_DEST": "globals"])
        #expect(r3.stdout == expected, "\(r3.stderr)")
    }

    @Test func sexagesimalNumbersDecodeAsPyYAMLDoes() throws {
        let sb = try Sandbox()
        try sb.write("train.py", Self.reportScript)
        let args = ["train", "--", "--lr", "1:30.5", "--i", "-2:03:04"]
        let expected = "([], 90.5, -7384, False, 'x', [])\n"
        let fallback = try sb.run(args, env: ["FLAGS_DEST": "globals", "GUILD_OP_MAIN_NO_PYYAML": "1"])
        #expect(fallback.stdout == expected, "\(fallback.stderr)")
        let pyyaml = try sb.run(args, env: ["FLAGS_DEST": "globals"])
        #expect(pyyaml.stdout == expected, "\(pyyaml.stderr)")
    }

    @Test func dictAndNamespaceDests() throws {
        let sb = try Sandbox()
        try sb.write(
            "train.py",
            """
            params = {"unused": 1}
            try:
                print(repr(params))
            except NameError:
                print(vars(ns)["a"].b, ns.c)
            """)
        let r = try sb.run(["train", "--", "--a.b", "1", "--c", "x"], env: ["FLAGS_DEST": "dict:params"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{'a': {'b': 1}, 'c': 'x'}\n")
        let r2 = try sb.run(["train", "--", "--a.b", "1", "--c", "x"], env: ["FLAGS_DEST": "namespace:ns"])
        #expect(r2.stdout == "{'unused': 1}\n")
        try sb.write("ns.py", "print(ns.a.b, ns.c)")
        let r3 = try sb.run(["ns", "--", "--a.b", "1", "--c", "x"], env: ["FLAGS_DEST": "namespace:ns"])
        #expect(r3.stdout == "1 x\n", "\(r3.stderr)")
    }

    @Test func noneAndUnknownDestsDropFlagArgs() throws {
        let sb = try Sandbox()
        try sb.write("train.py", Self.reportScript)
        for dest in ["none", "config:flags.yml", "bogus"] {
            let r = try sb.run(["train", "--base", "--", "--lr", "0.1"], env: ["FLAGS_DEST": dest])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "(['--base'], 0.5, 7, False, 'x', [])\n", "dest \(dest)")
        }
    }

    @Test func argv0NameAndSysPath() throws {
        let sb = try Sandbox()
        try sb.write(
            "train.py",
            """
            import sys
            print(sys.argv[0])
            print(__name__, repr(__package__), __file__)
            print(sys.path[0])
            """)
        let r = try sb.run(["train"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let runDir = sb.runDir.resolvingSymlinksInPath().path
        #expect(lines.first.map { $0.hasSuffix("/run/train.py") } == true)
        #expect(lines.dropFirst().first == "__main__ '' \(lines[0])")
        // cwd entry removed; "." from PYTHONPATH made absolute by Python.
        #expect(lines.last.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == runDir)
    }

    @Test func moduleInSubpackageAndPathStyle() throws {
        let sb = try Sandbox()
        try sb.write("pkg/__init__.py", "")
        try sb.write("pkg/util.py", "X = 42\n")
        try sb.write(
            "pkg/train.py",
            """
            import sys
            from . import util
            print(__name__, __package__, sys.argv[0].endswith("/pkg/train.py"), sys.argv[1:], util.X)
            """)
        let r = try sb.run(["pkg.train", "--", "--x", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "__main__ pkg True ['--x', '1'] 42\n")

        try sb.write("sub/t2.py", "import sys\nprint(sys.argv[0].endswith('/sub/t2.py'), sys.argv[1:])\n")
        let r2 = try sb.run(["sub/t2", "--y", "2"])
        #expect(r2.stdout == "True ['--y', '2']\n", "\(r2.stderr)")

        let r3 = try sb.run(["nosuch"])
        #expect(r3.status == 1)
        #expect(r3.stderr == "guild: No module named nosuch\n")
    }

    @Test func exitCodesAndTracebacks() throws {
        let sb = try Sandbox()
        try sb.write("se.py", "raise SystemExit(3)\n")
        let r = try sb.run(["se"])
        #expect(r.status == 3)
        #expect(!r.signaled)

        try sb.write("ex.py", "def f():\n    raise RuntimeError('boom')\nf()\n")
        let r2 = try sb.run(["ex"])
        #expect(r2.status == 1)
        #expect(r2.stderr.hasPrefix("Traceback (most recent call last):\n  File \""))
        #expect(r2.stderr.contains("ex.py\", line 3, in <module>"))
        #expect(r2.stderr.hasSuffix("RuntimeError: boom\n"))
        #expect(!r2.stderr.contains("op_main"), "op_main frames are hidden")

        try sb.write("ki.py", "raise KeyboardInterrupt()\n")
        let r3 = try sb.run(["ki"])
        #expect(r3.status == 0 && !r3.signaled, "Guild swallows Ctrl-C by default")
        let r4 = try sb.run(["ki"], env: ["HANDLE_KEYBOARD_INTERRUPT": "1"])
        // Python re-raises SIGINT on itself; if the parent blocked SIGINT it
        // exits 130 (128 + SIGINT) instead.
        #expect((r4.signaled && r4.status == 2) || (!r4.signaled && r4.status == 130), "\(r4)")
        #expect(r4.stderr.hasSuffix("KeyboardInterrupt\n"))

        let r5 = try sb.run([])
        #expect(r5.status == 2)
        #expect(r5.stderr.hasPrefix("guild.op_main: missing required arg"))
    }

    @Test func launchSkipsRunpyAndKeepsAnotherOpMainWorking() throws {
        let argv = ["/usr/bin/python3", "-um", "guild.op_main", "train", "--", "--x", "1"]
        #expect(
            PythonBootstrap.launchArguments(for: argv, environment: [:])
                == ["/usr/bin/python3", "-u", "-c", PythonBootstrap.opMainLauncher, "train", "--", "--x", "1"])
        #expect(PythonBootstrap.launchArguments(for: argv, environment: ["NO_SYS_PATH_MODIFY": "1"]) == argv)
        #expect(
            PythonBootstrap.launchArguments(for: ["python3", "train.py"], environment: [:]) == ["python3", "train.py"])
        // A project's own `guild.op_main` (first on PYTHONPATH, as "." is) runs as `-m` runs it.
        let sb = try Sandbox()
        try sb.write("guild/__init__.py", "")
        try sb.write("guild/op_main.py", "import sys\nif __name__ == '__main__':\n    print('own', sys.argv[1:])\n")
        let r = try sb.run(["train", "--", "--x", "1"])
        #expect(r.stdout == "own ['train', '--', '--x', '1']\n", "\(r.stderr)")
    }

    @Test func loggingIsConfiguredLikeGuild() throws {
        let sb = try Sandbox()
        try sb.write(
            "logt.py",
            """
            import logging
            logging.basicConfig(format="%(levelname)s:%(message)s")
            logging.info("loss: 0.5")
            logging.debug("hidden")
            """)
        let r = try sb.run(["logt"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "INFO: [root] loss: 0.5\n")
    }

    @Test func installIsIdempotent() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("guild-bootstrap-install-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try PythonBootstrap.install(in: root)
        #expect(first.lastPathComponent == "python-bootstrap-\(PythonBootstrap.version)")
        let opMain = first.appendingPathComponent("guild/op_main.py")
        for name in Self.sourceNames {
            #expect(
                try Data(contentsOf: first.appendingPathComponent("guild/" + name))
                    == Data(contentsOf: Self.sources.appendingPathComponent(name)), "\(name)")
        }
        let modified = try FileManager.default.attributesOfItem(atPath: opMain.path)[.modificationDate] as? Date

        let second = try PythonBootstrap.install(in: root)
        #expect(second == first)
        let modifiedAgain = try FileManager.default.attributesOfItem(atPath: opMain.path)[.modificationDate] as? Date
        #expect(modified == modifiedAgain)

        // A missing file is restored; no temp dirs are left behind.
        try FileManager.default.removeItem(at: opMain)
        _ = try PythonBootstrap.install(in: root)
        #expect(FileManager.default.fileExists(atPath: opMain.path))
        let entries = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(entries == ["python-bootstrap-\(PythonBootstrap.version)"])
    }

    @Test func concurrentInstallsAgree() async throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("guild-bootstrap-race-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let results = try await withThrowingTaskGroup(of: URL.self) { group in
            for _ in 0..<8 { group.addTask { try PythonBootstrap.install(in: root) } }
            return try await group.reduce(into: [URL]()) { $0.append($1) }
        }
        #expect(Set(results).count == 1)
        let entries = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(entries == ["python-bootstrap-\(PythonBootstrap.version)"])
    }

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/GuildKit/Execution/Python/guild")
    /// The embedded files' names (`guild/op_main.py` is `op_main.py` in `sources`).
    static let sourceNames = PythonBootstrap.files.map { String($0.relativePath.dropFirst("guild/".count)) }

    /// The package's `.py` files are what the binary embeds, and Python's own compiler takes them
    /// with warnings as errors (an invalid escape in a regex is a SyntaxWarning today).
    @Test func sourcesCompileAndAreTheEmbeddedFiles() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter {
            $0.hasSuffix(".py")
        }
        #expect(Set(onDisk) == Set(Self.sourceNames))
        #expect(PythonBootstrap.files.allSatisfy { $0.relativePath.hasPrefix("guild/") })
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("guild-pyc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in Self.sourceNames {
            let source = Self.sources.appendingPathComponent(name).path
            let code = """
                import py_compile, sys
                py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)
                """
            let result = HelperCommand.run(
                [
                    "/usr/bin/env", "python3", "-W", "error", "-c", code, source,
                    scratch.appendingPathComponent(name + "c").path,
                ])
            #expect(result?.status == 0, "\(name): \(result?.stderr ?? "python3 did not start")")
        }
    }

    @Test func pythonPathMatchesGuild() {
        let path = PythonBootstrap.pythonPath(
            sourceCodePaths: ["."], bootstrapDirectory: URL(fileURLWithPath: "/c/pb"), inherited: "/x:.:/y")
        #expect(path == ".:/c/pb:/x:/y")
        #expect(PythonBootstrap.version.hasPrefix("0.9.0-"))
    }
}
