import Foundation
import Testing

/// Hostile and unlucky input (issue 14): every command ends, with one line for what it refuses.
@Suite("hardening: alias bombs and odd files in run directories", .tags(.e2e))
struct HardeningTests {
    /// `guild ARGS` under `timeout`: a hang shows as exit 124 instead of a test that never ends.
    private func guild(_ box: borrowing GuildSandbox, _ args: [String], seconds: Int = 30) async throws
        -> CommandResult
    {
        try await GuildSandbox.run(
            "/usr/bin/timeout", ["\(seconds)", GuildSandbox.binary] + args, environment: box.environment,
            cwd: box.project)
    }

    /// Nine levels of nine aliases: 9^9 values if expanded.
    private static let billionLaughs: String = {
        var lines = [#"a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#]
        for level in 1...9 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("an alias bomb in guild.yml, dvc.yaml, a params file or a run's flags attr is a one-line error")
    func aliasBombs() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.billionLaughs + "op:\n  exec: \"true\"\n")
        let guildfile = try await guild(box, ["run", "op", "-y"])
        #expect(guildfile.exitCode == 1)
        #expect(
            guildfile.stderr.hasPrefix("guild: error in \(box.project.path)/guild.yml: ")
                && guildfile.stderr.hasSuffix("the document expands to too many values (aliases nested too deep?)\n"))
        #expect(guildfile.stderr.split(separator: "\n").count == 1)

        try FileManager.default.removeItem(at: box.project.appendingPathComponent("guild.yml"))
        try box.write("dvc.yaml", Self.billionLaughs + "stages:\n  s:\n    cmd: \"true\"\n")
        let dvcfile = try await guild(box, ["run", "dvc.yaml:s", "-y"])
        #expect(dvcfile.exitCode == 1)
        #expect(dvcfile.stderr.hasPrefix("guild: error in \(box.project.path)/dvc.yaml: "))

        try box.write("dvc.yaml", "stages:\n  s:\n    cmd: \"true\"\n    params: [a0]\n")
        try box.write("params.yaml", Self.billionLaughs)
        let params = try await guild(box, ["run", "dvc.yaml:s", "-y"])
        #expect(params.exitCode == 1)
        #expect(params.stderr.contains("params.yaml"), "\(params.stderr)")
        #expect(params.stderr.contains("too many values"), "\(params.stderr)")
        #expect(try box.runIds().isEmpty)

        // A run of its own whose flags attr is a bomb: listing and reading it still answer.
        try box.write("guild.yml", "op:\n  exec: \"true\"\n")
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        let id = try #require(try box.runIds().first)
        try Self.billionLaughs.write(
            to: box.runDirectory(id).appendingPathComponent(".guild/attrs/flags"), atomically: true, encoding: .utf8)
        for args in [["runs"], ["runs", "info"], ["compare", "--csv", "-"], ["select", "--attr", "flags"]] {
            let result = try await guild(box, args)
            #expect(result.exitCode == 0 || result.exitCode == 1, "\(args): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "\(args): \(result.stderr)")
        }
    }

    @Test("a YAML boolean as an op's exec or main is an error, not a command (`yes` prints forever)")
    func booleanCommand() async throws {
        let box = try GuildSandbox()
        for key in ["exec", "main"] {
            try box.write("guild.yml", "op:\n  \(key): true\n")
            let result = try await guild(box, ["run", "op", "-y"], seconds: 20)
            #expect(result.exitCode == 1, "\(key)")
            #expect(
                result.stderr
                    == "guild: error in \(box.project.path)/guild.yml: invalid \(key) value true: expected a string\n")
        }
        #expect(try box.runIds().isEmpty)
    }

    @Test("fifos where run files should be: every listing and reading command ends, and the other runs list")
    func fifosInRunDirectories() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=[1,2,3]", "-y", "-q").exitCode == 0)
        let ids = try box.runIds()
        try #require(ids.count == 3)
        func fifo(_ run: String, _ path: String) throws {
            let url = box.runDirectory(run).appendingPathComponent(path)
            try? FileManager.default.removeItem(at: url)
            #expect(mkfifo(url.path, 0o644) == 0, "\(path)")
        }
        let (odd, good) = (ids[1], ids[2])
        for path in [".guild/attrs/flags", ".guild/attrs/label", ".guild/attrs/started", ".guild/manifest"] {
            try fifo(odd, path)
        }
        try fifo(odd, "events.out.tfevents.1.host.1.0")
        try fifo(ids[0], ".guild/opref")
        let commands: [[String]] = [
            ["runs"], ["runs", "info", odd], ["compare", "--csv", "-"], ["ls", odd], ["ls", "-d", odd],
            ["select", "-A"],
            ["diff", odd, good], ["cat", "-p", ".guild/manifest", odd],
        ]
        for args in commands {
            let result = try await guild(box, args)
            #expect(result.exitCode != 124, "\(args) hung")
            #expect(result.exitCode >= 0, "\(args) died of a signal")
        }
        #expect(try await guild(box, ["runs"]).stdout.contains(String(good.prefix(8))))
        let cat = try await guild(box, ["cat", "-p", ".guild/manifest", odd])
        #expect(cat.exitCode == 1)
        #expect(cat.stderr.hasSuffix(".guild/manifest: not a regular file\n"))
    }

    @Test(
        "paths that leave the run directory are refused: target-path, rename, archive links and hard links, links out, ls/cat -p"
    )
    func pathsOutsideTheRun() async throws {
        let box = try GuildSandbox()
        let outside = box.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try box.write("data.txt", "data\n")
        try box.write("d/ok.txt", "hi\n")
        try box.write(
            "guild.yml",
            """
            up:
              exec: sh -c 'echo made > made.txt'
            tp:
              exec: "true"
              requires:
                - file: data.txt
                  target-path: ../..
            rn:
              exec: "true"
              requires:
                - file: data.txt
                  rename: data.txt ../../escaped.txt
            optp:
              exec: "true"
              requires:
                - operation: up
                  target-path: ../x
            archive:
              exec: "true"
              requires:
                - file: a.tar
            zip:
              exec: "true"
              requires:
                - file: a.zip
            linkout:
              exec: "true"
              requires:
                - file: \(outside.path)
                  target-type: link
            """)
        #expect(try await box.guild("run", "up", "-y").exitCode == 0)
        func refused(_ op: String, _ message: String) async throws {
            let result = try await guild(box, ["run", op, "-y"])
            #expect(result.exitCode == 1, "\(op): \(result.stderr)")
            let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.hasPrefix("guild: run failed because a dependency was not met: "), "\(op): \(result.stderr)")
            #expect(last.contains(message), "\(op): \(result.stderr)")
            #expect(try await box.guild("select", "--attr", "status").stdout == "error\n", "\(op)")
        }
        try await refused("tp", "invalid path '../../data.txt' in file:data.txt resource (it leaves the run directory)")
        try await refused(
            "rn", "invalid path '../../escaped.txt' in file:data.txt resource (it leaves the run directory)")
        try await refused("optp", "invalid path '../x/made.txt' in operation:up resource (it leaves the run directory)")
        try await refused("linkout", "a link may point only into the project or the Guild home")

        func sh(_ script: String) async throws {
            let result = try await GuildSandbox.run(
                "/bin/sh", ["-ec", script], environment: box.environment, cwd: box.project)
            #expect(result.exitCode == 0, "\(script): \(result.stderr)")
        }
        func tar(_ script: String) async throws { try await sh(script + " && tar -cf a.tar d && rm -rf d") }
        try await tar("mkdir -p d && ln -s ../../../../../../../etc d/out")
        try await refused(
            "archive", "has a link member that points outside the archive: d/out -> ../../../../../../../etc")
        try await tar("mkdir -p d && echo hi > d/ok.txt && ln d/ok.txt d/hard")
        try await refused("archive", "has a hard link member, which is not unpacked: d/hard")
        // A link left in the unpack directory is never written through by a later version.
        try await tar("mkdir -p d && echo hi > d/ok.txt")
        #expect(try await guild(box, ["run", "archive", "-y"]).exitCode == 0)
        let resources = box.home.appendingPathComponent("cache/resources")
        let unpacked = try #require(
            try FileManager.default.contentsOfDirectory(atPath: resources.path).first {
                FileManager.default.fileExists(atPath: resources.appendingPathComponent("\($0)/d/ok.txt").path)
            })
        try FileManager.default.createSymbolicLink(
            atPath: resources.appendingPathComponent("\(unpacked)/d/evil").path, withDestinationPath: outside.path)
        try await Task.sleep(for: .milliseconds(1100)) // a newer archive, so it is unpacked again
        try await tar("mkdir -p d/evil && echo pwned > d/evil/pwn.txt")
        try await refused("archive", "member d/evil/pwn.txt would be written through the link d/evil")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)

        try await sh(
            "python3 -c \"import zipfile, stat; z = zipfile.ZipFile('a.zip', 'w'); i = zipfile.ZipInfo('out'); "
                + "i.external_attr = (stat.S_IFLNK | 0o777) << 16; z.writestr(i, '../../../../etc'); z.close()\"")
        try await refused("zip", "has a link member that points outside the archive: out -> ../../../../etc")
        #expect(!FileManager.default.fileExists(atPath: box.home.appendingPathComponent("escaped.txt").path))

        for (args, message) in [
            (
                ["cat", "-p", "../../../etc/passwd", "1"],
                "guild: PATH '../../../etc/passwd' is outside the run directory\n"
            ),
            (["ls", "-p", "../..", "1"], "guild: PATH '../..' is outside the run directory\n"),
            (
                ["cat", "-p", "/etc/passwd", "1"],
                "guild: PATH must be relative\nTry 'guild cat --help' for more information.\n"
            ),
        ] {
            let result = try await guild(box, args)
            #expect(result.exitCode == 1, "\(args)")
            #expect(result.stderr == message, "\(args)")
            #expect(result.stdout.isEmpty, "\(args)")
        }
    }
}
