import Foundation
import Testing

/// `guild api runs|compare|ops|help-op` on real runs (reference 1.18): Guild's JSON shapes.
@Suite("api commands", .tags(.e2e))
struct ApiCommandTests {
    /// A project whose `use` op needs the file `make` writes; one run of each.
    static func project() async throws -> GuildSandbox {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            make:
              description: Write a message
              main: make
              flags-import: [msg]
            use:
              main: use
              flags:
                n:
                  default: 1
                  choices: [1, 2]
              requires:
                - operation: make
                  select: msg.out
                  name: upstream
            """)
        try box.write("make.py", "msg = 'hi there'\nopen('msg.out', 'w').write(msg)\nprint('loss: 0.5')\n")
        try box.write("use.py", "print(open('msg.out').read())\n")
        #expect(try await box.guild("run", "make", "-y").exitCode == 0)
        #expect(try await box.guild("run", "use", "-y").exitCode == 0)
        return box
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test("api runs: each run's fields, files, source code, deps and scalars")
    func runs() async throws {
        let box = try await Self.project()
        let result = try await box.guild("api", "runs")
        #expect(result.exitCode == 0, "\(result.stderr)")
        // Python's dict order, one line.
        #expect(result.stdout.hasPrefix("[{\"id\": \""))
        #expect(!result.stdout.dropLast().contains("\n"))
        let runs = try #require(try Self.json(result.stdout) as? [[String: Any]])
        #expect(runs.count == 2)
        let (use, make) = (runs[0], runs[1])
        #expect(use["operation"] as? String == "use" && make["operation"] as? String == "make")
        #expect(make["flags"] as? [String: String] == ["msg": "hi there"])
        #expect(make["label"] as? String == "msg='hi there'")
        #expect(make["status"] as? String == "completed" && make["exitStatus"] as? Int == 0)
        #expect(make["marked"] as? Bool == false && make["tags"] as? [String] == [])
        #expect((make["started"] as? Int ?? 0) > 1_600_000_000_000_000)
        #expect((make["shortId"] as? String).map { (make["id"] as! String).hasPrefix($0) } == true)
        #expect((make["command"] as? String)?.contains(" -um guild.op_main make -- ") == true)
        let files = try #require(make["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["guild.yml", "make.py", "msg.out", "use.py"])
        #expect(files[2]["size"] as? Int == 8)
        #expect(files[2]["type"] == nil, "version 2 has no file types")
        let sourcecode = try #require(make["sourcecode"] as? [String: Any])
        #expect(sourcecode["root"] as? String == "." && sourcecode["files"] as? [String] == ["guild.yml", "make.py", "use.py"])
        let opRef = try #require(make["opRef"] as? [String: String])
        #expect(opRef["pkgType"] == "guildfile" && opRef["opName"] == "make")
        #expect(opRef["pkgName"] == box.project.appendingPathComponent("guild.yml").path)
        #expect(make["projectDir"] as? String == box.project.path)
        let scalars = try #require(make["scalars"] as? [[String: Any]])
        let loss = try #require(scalars.first { $0["tag"] as? String == "loss" })
        #expect(loss["prefix"] as? String == ".guild" && loss["lastVal"] as? Double == 0.5 && loss["count"] as? Int == 1)
        let deps = try #require(use["deps"] as? [[String: Any]])
        #expect(deps.count == 1)
        #expect(deps.first?["run"] as? String == make["shortId"] as? String)
        #expect(deps.first?["operation"] as? String == "make" && deps.first?["paths"] as? [String] == ["msg.out"])

        let v1 = try await box.guild("api", "runs", "-v", "1", "2")
        let old = try #require((try Self.json(v1.stdout) as? [[String: Any]])?.first)
        #expect((old["started"] as? String)?.count == 19)
        #expect((old["time"] as? String)?.range(of: #"^\d+:\d\d:\d\d$"#, options: .regularExpression) != nil)
        let oldFiles = try #require(old["files"] as? [[String: Any]])
        #expect(oldFiles[2]["type"] as? String == "Text file" && oldFiles[2]["viewer"] as? String == "text")

        let pretty = try await box.guild("api", "runs", "-f", "1")
        #expect(pretty.stdout.hasPrefix("[\n  {\n    \"command\": "))
        #expect(pretty.stdout.contains("\n    \"tags\": []\n  }\n]\n"))
        let bad = try await box.guild("api", "runs", "-v", "3")
        #expect(bad.exitCode == 2 && bad.stderr.contains("'3' is not one of '1', '2'."))
    }

    @Test("api compare: compare's rows, the full run id first and raw values")
    func compare() async throws {
        let box = try await Self.project()
        let result = try await box.guild("api", "compare", "-Fo", "make")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let rows = try #require(try Self.json(result.stdout) as? [[Any]])
        #expect(rows.first as? [String] == ["id", "operation", "started", "time", "status", "label", "msg", "step", "loss"])
        #expect((rows[1][0] as? String)?.count == 32)
        #expect(rows[1][6] as? String == "hi there" && rows[1][7] as? Int == 0 && rows[1][8] as? Double == 0.5)
        let none = try await box.guild("api", "compare", "-Fo", "nothing")
        #expect(none.stdout == "[]\n")
    }

    @Test("api ops and help-op: operations with their flags, imported and dependency flags included")
    func operations() async throws {
        let box = try await Self.project()
        let result = try await box.guild("api", "ops", "-f")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let ops = try #require(try Self.json(result.stdout) as? [[String: Any]])
        #expect(ops.map { $0["fullname"] as? String } == ["make", "use"])
        let msg = try #require((ops[0]["flags"] as? [String: [String: Any]])?["msg"])
        #expect(msg["default"] as? String == "hi there" && msg["defaultAssign"] as? String == "msg='hi there'")
        #expect(msg["type"] as? String == "string")
        #expect(ops[0]["description"] as? String == "Write a message")
        let flags = try #require(ops[1]["flags"] as? [String: [String: Any]])
        #expect(Set(flags.keys) == ["n", "upstream"])
        #expect(flags["upstream"]?["defaultAssign"] as? String == "upstream=null")
        #expect((flags["n"]?["choices"] as? [[String: Any]])?.map { $0["value"] as? Int } == [1, 2])
        let guildfile = try #require(ops[0]["guildfile"] as? [String: String])
        #expect(guildfile["dir"] == box.project.path)

        let one = try await box.guild("api", "help-op", "use")
        #expect(one.stdout.hasPrefix("{\"opref\": {\"pkgType\": \"guildfile\", "))
        // `guild help` lists the same flags.
        let help = try await box.guild("help", "-n")
        #expect(help.stdout.contains("    make\n      Write a message\n\n      Flags:\n        msg  (default is 'hi there')\n"))
        #expect(help.stdout.contains("      Flags:\n        n         (default is 1)\n"))
        #expect(help.stdout.contains("        upstream\n"))
        let missing = try await box.guild("api", "help-op", "nope")
        #expect(missing.exitCode == 1 && missing.stderr.hasPrefix("guild: operation 'nope' is not defined for this project"))
    }
}

/// `guild models` and `guild runs diff` (reference 1.18).
@Suite("models", .tags(.e2e))
struct ModelsCommandTests {
    @Test("models lists the named public models, sorted, with -v details and filters as Guild AI 0.9.0")
    func models() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            - model: mnist
              description: |
                Digits classifier

                More details here.
              operations:
                train: {main: t}
                eval: {main: t}
            - model: _private
              operations:
                x: {main: t}
            - model: cifar
              operations:
                fit: {main: t}
            - operations:
                anonymous: {main: t}
            """)
        #expect(try await box.guild("models").stdout == "cifar  \nmnist  Digits classifier\n")
        #expect(try await box.guild("models", "-a", "priv").stdout == "_private  \n")
        #expect(try await box.guild("models", "DIGITS").stdout == "mnist  Digits classifier\n")
        #expect(try await box.guild("models", "cif", "zz").stdout == "")
        #expect(
            try await box.guild("models", "-v", "mn").stdout == """
                mnist  Digits classifier
                  source: \(box.project.path)/guild.yml
                  operations: eval, train
                  details: ['', '', 'More details here.']

                """)
        let elsewhere = try await box.guild(["models"], cwd: box.root)
        #expect(elsewhere.exitCode == 0 && elsewhere.stdout.isEmpty)
    }
}

/// `guild help --markdown` and `--package-description` (reference 1.15).
@Suite("project help formats", .tags(.e2e))
struct ProjectHelpFormatTests {
    @Test("--markdown: headings from --base-heading-level, flags as <dl>; --package-description: reStructuredText")
    func formats() async throws {
        let box = try GuildSandbox(example: "hello")
        let markdown = try await box.guild("help", "--markdown", "--base-heading-level", "2", "--title", "Hello")
        #expect(markdown.exitCode == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("## Hello\n\n### Overview\n\nGuild AI supported models and operations"))
        #expect(markdown.stdout.contains("\n```\n$ pip install guildai\n```\n"))
        #expect(
            markdown.stdout.hasSuffix(
                """
                ### Base Operations

                #### hello
                *Print a greeting*

                ##### Flags
                <dl>
                <dt>msg</dt>
                <dd>Message to print (default is 'Hello Guild')</dd>
                </dl>


                """))
        let deep = try await box.guild("help", "--markdown", "--base-heading-level", "6")
        #expect(deep.stdout.hasPrefix("###### Guild AI Help\n\n<h7>Overview</h7>\n"))
        let rst = try await box.guild("help", "--package-description")
        #expect(
            rst.stdout == """
                Base Operations
                ###############

                hello
                =====
                *Print a greeting*

                Flags
                ^^^^^
                **msg**
                  *Message to print (default is 'Hello Guild')*


                """)
        let both = try await box.guild("help", "--markdown", "--package-description")
        #expect(both.exitCode == 1 && both.stderr == "guild: --package-description and --markdown cannot both be used\n")
    }
}
