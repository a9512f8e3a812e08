import Foundation
import Testing

/// guild.yml features run end to end with the built binary and python3. Expected values were
/// taken from Guild AI 0.9.0 running the same projects.
@Suite("guild.yml features", .tags(.e2e))
struct GuildfileFeatureTests {
    private func manifest(_ box: borrowing GuildSandbox, _ id: String) throws -> String {
        try String(contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
    }

    private func newestRun(_ box: borrowing GuildSandbox, excluding seen: inout Set<String>) throws -> String {
        let ids = try box.runIds().filter { !seen.contains($0) }
        try #require(ids.count == 1, "expected one new run, got \(ids)")
        seen.insert(ids[0])
        return ids[0]
    }

    private func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    // MARK: 1. Full format

    static let fullFormat = """
        - model: m1
          default: yes
          operations:
            train:
              description: Train m1
              default: yes
              main: train
              flags:
                x: 1
            eval:
              description: Evaluate m1
              main: train
        - model: m2
          operations:
            prep:
              description: Prepare data
              main: prep
        """

    @Test("full format: model:op, guild ops, the default model and op")
    func fullFormat() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.fullFormat)
        try box.write("train.py", "x = 1\nprint(\"train x=%s\" % x)\n")
        try box.write("prep.py", "print(\"prep\")\n")
        let guildfile = box.project.appendingPathComponent("guild.yml").path
        var seen = Set<String>()

        let ops = try await box.guild("ops")
        #expect(ops.exitCode == 0)
        #expect(ops.stdout == "m1:eval   Evaluate m1\nm1:train  Train m1\nm2:prep   Prepare data\n")

        let prep = try await box.guild("run", "m2:prep", "-y")
        #expect(prep.exitCode == 0, "\(prep.stderr)")
        #expect(prep.stdout == "prep\n")
        let prepId = try newestRun(box, excluding: &seen)
        let prepRef = try String(
            contentsOf: box.runDirectory(prepId).appendingPathComponent(".guild/opref"), encoding: .utf8)
        #expect(prepRef.hasPrefix("guildfile:\(guildfile) ") && prepRef.hasSuffix(" m2 prep"))
        #expect(try box.attr(prepId, "flags") == "{}\n")

        let byDefault = try await box.guild("run", "-y")
        #expect(byDefault.exitCode == 0, "\(byDefault.stderr)")
        #expect(byDefault.stdout == "train x=1\n")
        let defaultId = try newestRun(box, excluding: &seen)
        let defaultRef = try String(
            contentsOf: box.runDirectory(defaultId).appendingPathComponent(".guild/opref"), encoding: .utf8)
        #expect(defaultRef.hasSuffix(" m1 train"))
        #expect(try box.attr(defaultId, "flags") == "x: 1\n")

        let flagsOnly = try await box.guild("run", "x=2", "-y")
        #expect(flagsOnly.exitCode == 0, "\(flagsOnly.stderr)")
        #expect(flagsOnly.stdout == "train x=2\n")
        let flagsId = try newestRun(box, excluding: &seen)
        #expect(try box.attr(flagsId, "flags") == "x: 2\n")
        #expect(try box.attr(flagsId, "user_flags") == "x: 2\n")

        let runs = try await box.guild("runs")
        let lines = runs.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("  m1:train  ") == true)
        #expect(lines.last?.contains("  m2:prep  ") == true)
    }

    @Test("an op name without a model is looked up in the default model only")
    func opOutsideDefaultModel() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.fullFormat)
        try box.write("train.py", "print('train')\n")
        try box.write("prep.py", "print('prep')\n")
        let result = try await box.guild("run", "prep", "-y")
        let ids = try box.runIds()
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("guild: operation 'prep' is not defined for model 'm1'\n"))
        #expect(ids.isEmpty)
    }

    // MARK: 2. exec

    @Test("exec ops: ${flag_args}, ${flag} references, ${project_dir}, and no ${flag_args}")
    func execOps() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            echo:
              exec: python3 ${project_dir}/show.py ${flag_args}
              flags:
                a: 1
                b: hello world
                c: 0.5
            refs:
              exec: python3 show.py --alpha ${a} --name ${b} ${project_dir}
              flags:
                a: 2
                b: x y
            noargs:
              exec: python3 show.py fixed
              flags:
                a: 3
            """)
        try box.write("show.py", "import os, sys\nprint(sys.argv[1:])\nprint('FLAG_A=%s' % os.environ.get('FLAG_A'))\n")
        let dir = box.project.path
        var seen = Set<String>()

        let printCmd = try await box.guild("run", "echo", "--print-cmd")
        #expect(printCmd.stdout == "python3 \(dir)/show.py --a 1 --b 'hello world' --c 0.5\n")
        #expect(try box.runIds().isEmpty)

        let echo = try await box.guild("run", "echo", "-y")
        #expect(echo.exitCode == 0, "\(echo.stderr)")
        #expect(echo.stdout == "['--a', '1', '--b', 'hello world', '--c', '0.5']\nFLAG_A=1\n")
        let echoId = try newestRun(box, excluding: &seen)
        #expect(
            try box.attr(echoId, "cmd")
                == "- python3\n- \(dir)/show.py\n- --a\n- '1'\n- --b\n- hello world\n- --c\n- '0.5'\n")
        #expect(try box.attr(echoId, "flags") == "a: 1\nb: hello world\nc: 0.5\n")
        let echoManifest = try manifest(box, echoId)
        #expect(echoManifest.hasPrefix("s guild.yml ") && echoManifest.contains("\ns show.py "))

        let refs = try await box.guild("run", "refs", "a=5", "-y")
        #expect(refs.exitCode == 0, "\(refs.stderr)")
        #expect(refs.stdout == "['--alpha', '5', '--name', 'x y', '\(dir)']\nFLAG_A=5\n")
        let refsId = try newestRun(box, excluding: &seen)
        #expect(try box.attr(refsId, "cmd") == "- python3\n- show.py\n- --alpha\n- '5'\n- --name\n- x y\n- \(dir)\n")
        #expect(try box.attr(refsId, "flags") == "a: 5\nb: x y\n")

        let noargs = try await box.guild("run", "noargs", "a=4", "-y")
        #expect(noargs.exitCode == 0, "\(noargs.stderr)")
        #expect(noargs.stdout == "['fixed']\nFLAG_A=4\n")
        let noargsId = try newestRun(box, excluding: &seen)
        #expect(try box.attr(noargsId, "cmd") == "- python3\n- show.py\n- fixed\n")
        #expect(try box.attr(noargsId, "flags") == "a: 4\n")
    }

    // MARK: 3. Flag attributes

    static let flagAttrs = """
        flagattrs:
          description: Flag attributes
          exec: python3 show.py ${flag_args}
          flags:
            learning-rate:
              default: 0.1
              arg-name: lr
            hidden:
              default: 7
              arg-skip: yes
              env-name: HIDDEN_VALUE
            verbose:
              default: no
              arg-switch: yes
            quiet:
              default: yes
              arg-switch: no
            limit:
              default: null
              null-label: unlimited
              description: Max items
            scale:
              type: float
              default: 2
            size:
              default: m
              choices:
                - value: small
                  alias: s
                  description: Small size
                - value: medium
                  alias: m
                  description: Medium size
                - value: large
                  alias: l
        req:
          exec: python3 show.py ${flag_args}
          flags:
            data:
              required: yes
              description: Data path
        """

    static let showScript = """
        import os, sys
        print(sys.argv[1:])
        print("HIDDEN_VALUE=%s" % os.environ.get("HIDDEN_VALUE"))
        print("FLAG_HIDDEN=%s" % os.environ.get("FLAG_HIDDEN"))

        """

    @Test("flag attrs: arg-name, arg-skip, arg-switch, env-name, float type, choice aliases")
    func flagAttributes() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.flagAttrs)
        try box.write("show.py", Self.showScript)
        var seen = Set<String>()

        let defaults = try await box.guild("run", "flagattrs", "-y")
        #expect(defaults.exitCode == 0, "\(defaults.stderr)")
        #expect(
            defaults.stdout
                == "['--lr', '0.1', '--scale', '2.0', '--size', 'medium']\nHIDDEN_VALUE=7\nFLAG_HIDDEN=None\n")
        let first = try newestRun(box, excluding: &seen)
        #expect(
            try box.attr(first, "cmd")
                == "- python3\n- show.py\n- --lr\n- '0.1'\n- --scale\n- '2.0'\n- --size\n- medium\n")
        #expect(
            try box.attr(first, "flags") == """
                hidden: 7
                learning-rate: 0.1
                limit: null
                quiet: true
                scale: 2.0
                size: medium
                verbose: false

                """)
        #expect(try box.attr(first, "user_flags") == "{}\n")
        #expect(
            try box.attr(first, "label") == "hidden=7 learning-rate=0.1 quiet=yes scale=2.0 size=medium verbose=no\n")

        let custom = try await box.guild("run", "flagattrs", "scale=1", "size=l", "verbose=yes", "quiet=yes", "-y")
        #expect(custom.exitCode == 0, "\(custom.stderr)")
        #expect(custom.stdout.hasPrefix("['--lr', '0.1', '--scale', '1.0', '--size', 'large', '--verbose']\n"))
        let second = try newestRun(box, excluding: &seen)
        let flags = try box.attr(second, "flags")
        #expect(flags.contains("scale: 1.0\n") && flags.contains("size: large\n") && flags.contains("verbose: true\n"))
        #expect(try box.attr(second, "user_flags") == "quiet: true\nscale: 1.0\nsize: l\nverbose: true\n")
        #expect(
            try box.attr(second, "label") == "hidden=7 learning-rate=0.1 quiet=yes scale=1.0 size=large verbose=yes\n")
    }

    @Test("--help-op shows null-label, defaults and choice aliases as Guild formats them")
    func helpOpFlagAttributes() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.flagAttrs)
        try box.write("show.py", Self.showScript)
        let help = try await box.guild("run", "flagattrs", "--help-op")
        #expect(help.exitCode == 0, "\(help.stderr)")
        #expect(
            help.stdout == """
                Usage: guild run [OPTIONS] flagattrs [FLAG]...

                Flag attributes

                Use 'guild run --help' for a list of options.

                Flags:
                  hidden         (default is 7)
                  learning-rate  (default is 0.1)
                  limit          Max items (default is unlimited)
                  quiet          (default is yes)
                  scale          (default is 2)
                  size           (default is m)
                \(String(repeating: " ", count: 17))
                                 Choices:
                                   s  Small size
                                   m  Medium size
                                   l

                  verbose        (default is no)

                """)
        let req = try await box.guild("run", "req", "--help-op")
        #expect(req.exitCode == 0)
        #expect(req.stdout.hasSuffix("Flags:\n  data  Data path (required)\n"))
        #expect(try box.runIds().isEmpty)
    }

    @Test("a missing required flag is one guild: line, exit 1 and no run")
    func requiredFlag() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.flagAttrs)
        try box.write("show.py", Self.showScript)
        let missing = try await box.guild("run", "req", "-y")
        #expect(missing.exitCode == 1)
        let lines = missing.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("guild: ") == true)
        #expect(lines.first?.contains("data") == true)
        #expect(try box.runIds().isEmpty)

        let given = try await box.guild("run", "req", "data=x.csv", "-y")
        #expect(given.exitCode == 0, "\(given.stderr)")
        #expect(given.stdout.hasPrefix("['--data', 'x.csv']\n"))
    }

    // MARK: 4. Flags destinations and imports

    static let flagsDest = """
        glob:
          main: glob
          flags-import: [a, b]
        ap:
          main: ap
          flags-import: all
          flags-import-skip: [c]
        cfg:
          main: usecfg
          flags-dest: config:params.json
          flags-import: all
        nested:
          main: usenested
          flags-dest: config:conf.yml
          flags-import: all
        """

    private func writeFlagsDestProject(_ box: borrowing GuildSandbox) throws {
        try box.write("guild.yml", Self.flagsDest)
        try box.write("glob.py", "a = 1\nb = \"two\"\nc = 3.5\nprint(\"a=%r b=%r c=%r\" % (a, b, c))\n")
        try box.write(
            "ap.py",
            """
            import argparse
            p = argparse.ArgumentParser()
            p.add_argument("--a", type=int, default=1)
            p.add_argument("--b", default="x")
            p.add_argument("--c", type=float, default=0.5)
            args = p.parse_args()
            print("a=%r b=%r c=%r" % (args.a, args.b, args.c))

            """)
        try box.write(
            "params.json",
            "{\"lr\": 0.1, \"name\": \"net\", \"layers\": [1, 2], \"opt\": {\"beta\": 0.9, \"eps\": 1e-8}, \"debug\": false}\n"
        )
        try box.write("usecfg.py", "print(open(\"params.json\").read())\n")
        try box.write("conf.yml", "a:\n  b: 1\n  c: keep\ntop: hello\n")
        try box.write("usenested.py", "print(open(\"conf.yml\").read(), end=\"\")\n")
    }

    @Test("globals: flags-import names which script globals become flags")
    func globalsImport() async throws {
        let box = try GuildSandbox()
        try writeFlagsDestProject(box)
        let help = try await box.guild("run", "glob", "--help-op")
        #expect(help.stdout.hasSuffix("Flags:\n  a  (default is 1)\n  b  (default is two)\n"))

        let unsupported = try await box.guild("run", "glob", "a=5", "c=9", "-y")
        #expect(unsupported.exitCode == 1)
        #expect(unsupported.stderr.hasPrefix("guild: unsupported flag 'c'\n"))
        #expect(try box.runIds().isEmpty)

        let result = try await box.guild("run", "glob", "a=5", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "a=5 b='two' c=3.5\n")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "flags") == "a: 5\nb: two\n")
        #expect(try box.attr(id, "cmd").hasSuffix("- guild.op_main\n- glob\n- --\n- --a\n- '5'\n- --b\n- two\n"))
        #expect(try box.attr(id, "env").contains("FLAGS_DEST: globals\n"))
    }

    @Test("args: argparse is detected and flags-import-skip leaves a flag out")
    func argparseImport() async throws {
        let box = try GuildSandbox()
        try writeFlagsDestProject(box)
        let help = try await box.guild("run", "ap", "--help-op")
        #expect(help.stdout.hasSuffix("Flags:\n  a  (default is 1)\n  b  (default is x)\n"))

        let skipped = try await box.guild("run", "ap", "c=1", "-y")
        #expect(skipped.exitCode == 1)
        #expect(skipped.stderr.hasPrefix("guild: unsupported flag 'c'\n"))

        let result = try await box.guild("run", "ap", "a=5", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "a=5 b='x' c=0.5\n")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "flags") == "a: 5\nb: x\n")
        #expect(try box.attr(id, "cmd").hasSuffix("- guild.op_main\n- ap\n- --\n- --a\n- '5'\n- --b\n- x\n"))
        #expect(try box.attr(id, "env").contains("FLAGS_DEST: args\n"))
    }

    @Test("flags-dest config:params.json writes Guild's one-line sorted JSON")
    func jsonConfig() async throws {
        let box = try GuildSandbox()
        try writeFlagsDestProject(box)
        let help = try await box.guild("run", "cfg", "--help-op")
        #expect(
            help.stdout.hasSuffix(
                """
                Flags:
                  debug     (default is no)
                  layers    (default is '1 2')
                  lr        (default is 0.1)
                  name      (default is net)
                  opt.beta  (default is 0.9)
                  opt.eps   (default is 1.0e-08)

                """))

        let result = try await box.guild("run", "cfg", "lr=0.2", "opt.beta=0.5", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let json =
            "{\"debug\": false, \"layers\": [1, 2], \"lr\": 0.2, \"name\": \"net\", \"opt\": {\"beta\": 0.5, \"eps\": 1e-08}}"
        #expect(result.stdout == json + "\n")
        let id = try #require(try box.runIds().first)
        let written = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent("params.json"), encoding: .utf8)
        #expect(written == json)
        #expect(
            try box.attr(id, "flags")
                == "debug: false\nlayers: 1 2\nlr: 0.2\nname: net\nopt.beta: 0.5\nopt.eps: 1.0e-08\n")
        let m = try manifest(box, id)
        #expect(m.hasSuffix("d params.json 23caad285e4bc20c09f375d63b2670e900dde7a1 config:params.json\n"))
        #expect(!m.contains("s params.json"))
        #expect(try box.attr(id, "env").contains("FLAGS_DEST: config:params.json\n"))
        let projectCopy = try String(contentsOf: box.project.appendingPathComponent("params.json"), encoding: .utf8)
        #expect(projectCopy.contains("\"lr\": 0.1"))
    }

    @Test("a nested YAML config gets a.b set and keeps its other keys")
    func nestedYAMLConfig() async throws {
        let box = try GuildSandbox()
        try writeFlagsDestProject(box)
        let result = try await box.guild("run", "nested", "a.b=2", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "a:\n  b: 2\n  c: keep\ntop: hello")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "flags") == "a.b: 2\na.c: keep\ntop: hello\n")
        let m = try manifest(box, id)
        #expect(m.hasSuffix("d conf.yml 212c12d7020a261e2d4c504c985e934078e64ee8 config:conf.yml\n"))
    }

    // MARK: 5. Source code

    private func writeSourceProject(_ box: borrowing GuildSandbox, ops: String) throws {
        try box.write("guild.yml", ops + "\n")
        try box.write("x.py", "import helper\nprint(\"x ok\", helper.VALUE)\n")
        try box.write("helper.py", "VALUE = 42\n")
        try box.write("notes.txt", "notes\n")
        try box.write("conf.yaml", "x: 1\n")
        try box.write("data/d.txt", "d\n")
        try box.write(".hidden/h.txt", "h\n")
        try box.write("skip/.guild-nocopy", "")
        try box.write("skip/s.txt", "s\n")
        try box.write("sub/a.txt", "sub\n")
        try Data([0, 1, 2, 0x62, 0x69, 0x6e]).write(to: box.project.appendingPathComponent("blob.bin"))
    }

    private func sourceFiles(_ box: borrowing GuildSandbox, _ id: String) throws -> [String] {
        try manifest(box, id).split(separator: "\n").filter { $0.hasPrefix("s ") }.map {
            String($0.split(separator: " ")[1])
        }
    }

    static let sourceOps = """
        one:
          main: x
          sourcecode: '*.py'
        many:
          exec: python3 x.py
          sourcecode:
            - x.py
            - '*.txt'
        noexcl:
          main: x
          sourcecode:
            - exclude:
                dir: data
        dest:
          main: x
          sourcecode:
            dest: src
        nosrc:
          exec: python3 -c "print('no source')"
          sourcecode: no
        defaults:
          main: x
        """

    @Test("sourcecode: a pattern, a list of patterns and a dir exclude")
    func sourceCodePatterns() async throws {
        let box = try GuildSandbox()
        try writeSourceProject(box, ops: Self.sourceOps)
        var seen = Set<String>()

        let one = try await box.guild("run", "one", "-y")
        #expect(one.exitCode == 0, "\(one.stderr)")
        #expect(one.stdout == "x ok 42\n")
        let oneId = try newestRun(box, excluding: &seen)
        #expect(
            try manifest(box, oneId) == """
                s helper.py cb278280bcac2480c81f3f66c45d0385081f8be3 helper.py
                s x.py ca79eb0e8ca6cfe93f4b2402b2676c379591a915 x.py

                """)
        #expect(try box.attr(oneId, "sourcecode_digest") == "246f04c2f79fb83bfc288a2c14af69ea\n")

        // `*` in a pattern matches across directories, as Python's fnmatch does.
        let many = try await box.guild("run", "many", "-y")
        #expect(many.exitCode != 0)
        let manyId = try newestRun(box, excluding: &seen)
        #expect(try sourceFiles(box, manyId) == ["notes.txt", "x.py", "data/d.txt", "sub/a.txt"])
        #expect(try box.attr(manyId, "sourcecode_digest") == "a0df26b574355be714b484b0ba4bf708\n")

        let noexcl = try await box.guild("run", "noexcl", "-y")
        #expect(noexcl.exitCode == 0, "\(noexcl.stderr)")
        let noexclId = try newestRun(box, excluding: &seen)
        #expect(
            try sourceFiles(box, noexclId) == ["conf.yaml", "guild.yml", "helper.py", "notes.txt", "x.py", "sub/a.txt"])
        #expect(try box.attr(noexclId, "sourcecode_digest") == "2e4e19f6c2d78057c483f26f87181895\n")
        #expect(!exists(box.runDirectory(noexclId).appendingPathComponent("data")))
    }

    @Test("sourcecode dest: src copies under src, guild cat -s finds it and the op still imports it")
    func sourceCodeDest() async throws {
        let box = try GuildSandbox()
        try writeSourceProject(box, ops: Self.sourceOps)
        let result = try await box.guild("run", "dest", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "x ok 42\n")
        let id = try #require(try box.runIds().first)
        #expect(
            try manifest(box, id) == """
                s src/conf.yaml 9d09ed138c1d920caccb961e9d7181e821dba0f4 conf.yaml
                s src/guild.yml 67d48bd05e7d44e6bcc2f6d8c2b4668f79dba5ea guild.yml
                s src/helper.py cb278280bcac2480c81f3f66c45d0385081f8be3 helper.py
                s src/notes.txt b9350f295d01cbab7589bc1c6850a621e86992ed notes.txt
                s src/x.py ca79eb0e8ca6cfe93f4b2402b2676c379591a915 x.py
                s src/data/d.txt e983f374794de9c64e3d1c1de1d490c0756eeeff data/d.txt
                s src/sub/a.txt 7cf75004d82170041072b8b78bfb3c46062fbf68 sub/a.txt

                """)
        #expect(try box.attr(id, "sourcecode_digest") == "9fe52a467d14a20d4db3c745a8bc1d22\n")
        #expect(exists(box.runDirectory(id).appendingPathComponent("src/x.py")))
        #expect(!exists(box.runDirectory(id).appendingPathComponent("x.py")))
        let cat = try await box.guild("cat", "-s", "-p", "x.py")
        #expect(cat.exitCode == 0, "\(cat.stderr)")
        #expect(cat.stdout == "import helper\nprint(\"x ok\", helper.VALUE)\n")
    }

    @Test("sourcecode: no copies nothing and the digest is null")
    func sourceCodeDisabled() async throws {
        let box = try GuildSandbox()
        try writeSourceProject(box, ops: Self.sourceOps)
        let result = try await box.guild("run", "nosrc", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "no source\n")
        let id = try #require(try box.runIds().first)
        #expect(try manifest(box, id) == "")
        #expect(try box.attr(id, "sourcecode_digest") == "null\n")
        let entries = try FileManager.default.contentsOfDirectory(atPath: box.runDirectory(id).path)
        #expect(entries == [".guild"])
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("\nsourcecode_digest: \n"))
    }

    @Test("default source code rules skip dot dirs, binary files and .guild-nocopy dirs")
    func sourceCodeDefaults() async throws {
        let box = try GuildSandbox()
        try writeSourceProject(box, ops: Self.sourceOps)
        let result = try await box.guild("run", "defaults", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("WARNING"))
        let id = try #require(try box.runIds().first)
        #expect(
            try sourceFiles(box, id) == [
                "conf.yaml", "guild.yml", "helper.py", "notes.txt", "x.py", "data/d.txt", "sub/a.txt",
            ])
        #expect(try box.attr(id, "sourcecode_digest") == "c513991245d3d24d918ae6dd76102387\n")
        for skipped in [".hidden/h.txt", "skip/s.txt", "blob.bin"] {
            #expect(!exists(box.runDirectory(id).appendingPathComponent(skipped)), "\(skipped)")
        }
    }

    @Test("the default file count limit copies the first files and warns once")
    func sourceCodeCountLimit() async throws {
        let box = try GuildSandbox()
        try writeSourceProject(box, ops: Self.sourceOps)
        let result = try await box.guild("run", "defaults", "-y", env: ["MAX_DEFAULT_SOURCECODE_COUNT": "3"])
        let warning =
            "WARNING: Found more than 3 source code files but will only copy 3 as a safety measure. "
            + "To control which files are copied, define 'sourcecode' for the operation in a Guild file.\n"
        #expect(result.stderr.contains(warning))
        #expect(result.stderr.components(separatedBy: "Found more than").count == 2)
        let id = try #require(try box.runIds().first)
        // x.py was not copied, so the op cannot import it.
        #expect(result.exitCode != 0)
        #expect(try sourceFiles(box, id) == ["conf.yaml", "guild.yml", "helper.py"])
    }

    // MARK: 6. Output scalars

    static let scalarOps = #"""
        custom:
          exec: python3 out.py
          output-scalars:
            - 'epoch (?P<step>\step): loss=(?P<loss>\value) acc=(?P<acc>\value)'
            - 'result (\key)=(\value)'
        mapping:
          exec: python3 out.py
          output-scalars:
            val_loss: 'val=(\value)'
            total: 'total (\value)'
        disabled:
          exec: python3 out.py
          output-scalars: no
        """#

    static let scalarScript = """
        print("epoch 1: loss=0.5 acc=0.7")
        print("epoch 2: loss=0.25 acc=0.875")
        print("result f1=0.625")
        print("val=1.5")
        print("total 3")
        print("loss: 9.0")

        """

    private func eventFiles(_ box: borrowing GuildSandbox, _ id: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: box.runDirectory(id).appendingPathComponent(".guild").path)
            .filter { $0.hasPrefix("events.out.tfevents.") }
    }

    @Test("output-scalars: a list with named groups and key/value groups")
    func outputScalarsList() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.scalarOps)
        try box.write("out.py", Self.scalarScript)
        let result = try await box.guild("run", "custom", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let info = try await box.guild("runs", "info")
        #expect(
            info.stdout.hasSuffix(
                "scalars:\n  acc: 0.875000 (step 2)\n  f1: 0.625000 (step 2)\n  loss: 0.250000 (step 2)\n"))
        let id = try #require(try box.runIds().first)
        #expect(try eventFiles(box, id).count == 1)
    }

    @Test("output-scalars: a {key: regex} mapping")
    func outputScalarsMapping() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.scalarOps)
        try box.write("out.py", Self.scalarScript)
        let result = try await box.guild("run", "mapping", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.hasSuffix("scalars:\n  total: 3.000000 (step 0)\n  val_loss: 1.500000 (step 0)\n"))
    }

    @Test("output-scalars: no logs nothing")
    func outputScalarsDisabled() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.scalarOps)
        try box.write("out.py", Self.scalarScript)
        let result = try await box.guild("run", "disabled", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("epoch 1: loss=0.5 acc=0.7\n") && result.stdout.hasSuffix("\nloss: 9.0\n"))
        let id = try #require(try box.runIds().first)
        #expect(try eventFiles(box, id).isEmpty)
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.hasSuffix("\nscalars:\n"))
    }

    // MARK: 7. run-attrs, label, tags

    static let labelOps = """
        train:
          exec: python3 -c "print('ok')"
          label: lr=${lr} run ${name}
          run-attrs:
            framework: toy
            version: 2
          flags:
            lr: 0.1
            name: alpha
        """

    @Test("a label template in guild.yml renders flag values")
    func labelTemplate() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.labelOps)
        let result = try await box.guild("run", "train", "lr=0.5", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "ok\n")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "label") == "lr=0.5 run alpha\n")
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("\nlabel: lr=0.5 run alpha\n"))
        #expect(info.stdout.contains("\ncommand: python3 -c print('ok')\n"))
    }

    @Test("-t tags are stored and, without --label, replace the op's label template")
    func tags() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.labelOps)
        let result = try await box.guild("run", "train", "lr=0.5", "-t", "fast", "-t", "demo", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "tags") == "- fast\n- demo\n")
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("\ntags:\n  - fast\n  - demo\nflags:\n  lr: 0.5\n  name: alpha\n"))
        let label = try box.attr(id, "label")
        #expect(label == "fast demo lr=0.5 name=alpha\n")
        let labelled = try await box.guild("run", "train", "-t", "x", "--label", "mine ${lr}", "-y")
        #expect(labelled.exitCode == 0, "\(labelled.stderr)")
        let newest = try #require(try box.runIds().first { $0 != id })
        #expect(try box.attr(newest, "label") == "mine 0.1\n")
    }

    @Test("run-attrs are written as run attributes and shown by runs info")
    func runAttrs() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.labelOps)
        let result = try await box.guild("run", "train", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let id = try #require(try box.runIds().first)
        let info = try await box.guild("runs", "info")
        // Guild 0.9.0 writes each run-attrs entry as its own attr and lists it after `pid:`.
        let framework = try? box.attr(id, "framework")
        let version = try? box.attr(id, "version")
        #expect(framework == "toy\n")
        #expect(version == "2\n")
        #expect(info.stdout.contains("\npid: \nframework: toy\nversion: 2\ntags:\n"))
    }

    // MARK: 8. Operation-only file with a string op

    @Test("an op value that is a string is the op's main module")
    func stringOperation() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "train: train\n")
        try box.write("train.py", "x = 3\nprint(\"x is\", x)\n")
        let ops = try await box.guild("ops")
        #expect(ops.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "train")
        let help = try await box.guild("run", "train", "--help-op")
        #expect(
            help.stdout
                == "Usage: guild run [OPTIONS] train [FLAG]...\n\nUse 'guild run --help' for a list of options.\n")

        // No flags-import: only flags defined in guild.yml are accepted.
        let unsupported = try await box.guild("run", "train", "x=4", "-y")
        #expect(unsupported.exitCode == 1)
        #expect(unsupported.stderr.hasPrefix("guild: unsupported flag 'x'\n"))

        let result = try await box.guild("run", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "x is 3\n")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "flags") == "{}\n")
        #expect(try box.attr(id, "cmd").hasSuffix("- -um\n- guild.op_main\n- train\n- --\n"))
        let opref = try box.opref(id)
        #expect(opref.hasSuffix(" '' train"))
    }
}
