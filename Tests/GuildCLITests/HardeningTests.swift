import Foundation
import Testing

/// Hostile and unlucky input (issue 14): every command ends, with one line for what it refuses.
@Suite("hardening: hostile input ends with one line and stays inside the run", .tags(.e2e))
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

    @Test("100 KB flag values (text, digits, in a list) run in seconds and reach the op unchanged")
    func hugeFlagValues() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            echo:
              exec: python3 -c "import sys; open('got', 'w').write(sys.argv[1])" ${x}
              flags:
                x: a
            """)
        for value in [String(repeating: "a", count: 100_000), String(repeating: "7", count: 100_000)] {
            let result = try await guild(box, ["run", "echo", "x=\(value)", "-y", "-q"], seconds: 60)
            #expect(result.exitCode == 0, "\(result.stderr.prefix(200))")
            let received = try box.runIds().contains { id in
                (try? String(contentsOf: box.runDirectory(id).appendingPathComponent("got"), encoding: .utf8)) == value
            }
            #expect(received, "the op got the value as given")
        }
        let list = "x=[\(String(repeating: "b", count: 100_000)),c]"
        let batch = try await guild(box, ["run", "echo", list, "-y", "-q"], seconds: 60)
        #expect(batch.exitCode == 0)
        #expect(try box.runIds().count == 4, "two trials; the batch run is not kept")
    }

    @Test("a cache that cannot be written is skipped: Python ops still run and compare still answers")
    func unwritableCache() async throws {
        let box = try GuildSandbox(example: "batch")
        let cache = box.home.appendingPathComponent("cache")
        try? FileManager.default.removeItem(at: cache)
        try "not a directory\n".write(to: cache, atomically: true, encoding: .utf8)
        // Each run without a cache pays Python's flag import again: a loaded CI machine needs time.
        let run = try await guild(box, ["run", "train", "x=1", "-y", "-q"], seconds: 90)
        #expect(run.exitCode == 0, "\(run.stderr)")
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "exit_status") == "0\n")
        let compare = try await guild(box, ["compare", "--csv", "-"])
        #expect(compare.exitCode == 0)
        #expect(compare.stdout.contains("\(id.prefix(8)),train,"))
        #expect(try String(contentsOf: cache, encoding: .utf8) == "not a directory\n")
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
        let runs = try await guild(box, ["runs"]).stdout
        #expect(runs.contains(String(good.prefix(8))))
        #expect(runs.contains("\(ids[0].prefix(8))]  (invalid opref)"), "a run with a bad opref lists as such")
        try "garbage\n".write(
            to: box.runDirectory(good).appendingPathComponent(".guild/opref"), atomically: true, encoding: .utf8)
        #expect(try await guild(box, ["compare", "--csv", "-"]).stdout.contains("\(good.prefix(8)),(invalid opref),"))
        let restart = try await guild(box, ["run", "--restart", good, "-y"])
        #expect(restart.exitCode == 1)
        #expect(restart.stderr == "guild: cannot rerun \(good): its .guild/opref cannot be read\n")
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

    @Test(
        "source code: a link out of the project is copied as a link, never its content; dangling and looping links are skipped",
        arguments: [false, true])
    func sourceCodeLinks(git: Bool) async throws {
        let box = try GuildSandbox()
        let shared = box.root.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try "shared\n".write(to: shared.appendingPathComponent("s.txt"), atomically: true, encoding: .utf8)
        try box.write("guild.yml", "op:\n  exec: sh -c 'cat shared/s.txt && test -f etc/hostname'\n")
        try box.write("a.txt", "a\n")
        let fm = FileManager.default
        let project = box.project.path
        try fm.createSymbolicLink(atPath: project + "/etc", withDestinationPath: "/etc")
        try fm.createSymbolicLink(atPath: project + "/shared", withDestinationPath: "../shared")
        try fm.createSymbolicLink(atPath: project + "/dangling", withDestinationPath: "nowhere")
        try fm.createSymbolicLink(atPath: project + "/loop", withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: project + "/inside.txt", withDestinationPath: "a.txt")
        #expect(mkfifo(project + "/fifo", 0o644) == 0)
        if git {
            let result = try await GuildSandbox.run(
                "/usr/bin/git", ["init", "-q", "."], environment: box.environment, cwd: box.project)
            #expect(result.exitCode == 0)
        }
        let run = try await guild(box, ["run", "op", "-y"], seconds: 60)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "shared\n")
        #expect(
            run.stderr.contains("WARNING: Skipping source code link \(project)/dangling: its target does not exist\n"))
        #expect(run.stderr.contains("WARNING: Skipping source code link \(project)/loop: it loops\n"))
        let id = try #require(try box.runIds().first)
        let runDir = box.runDirectory(id).path
        #expect(try fm.destinationOfSymbolicLink(atPath: runDir + "/etc") == "/etc")
        #expect(try fm.destinationOfSymbolicLink(atPath: runDir + "/shared") == shared.path)
        #expect(try String(contentsOfFile: runDir + "/inside.txt", encoding: .utf8) == "a\n")
        #expect(!fm.fileExists(atPath: runDir + "/fifo"))
        #expect(try await box.guild("ls", "-n", "-s").stdout == "a.txt\netc/\nguild.yml\ninside.txt\nshared/\n")
    }

    @Test("two restarts of one run at once: one runs the op, the other is refused")
    func concurrentRestarts() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  exec: sh -c 'echo x >> count.txt; sleep ${t}'\n  flags:\n    t: 0\n")
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        let id = try #require(try box.runIds().first)
        let (env, cwd) = (box.environment, box.project)
        let restart = { @Sendable in
            try await GuildSandbox.run(
                GuildSandbox.binary, ["run", "--restart", id, "t=3", "-y"], environment: env, cwd: cwd)
        }
        for round in 1...3 {
            async let first = restart()
            async let second = restart()
            let results = try await [first, second]
            #expect(results.filter { $0.exitCode == 0 }.count == 1, "round \(round): \(results.map(\.stderr))")
            let refused = try #require(results.first { $0.exitCode != 0 })
            #expect(refused.exitCode == 1)
            #expect(
                refused.stderr == "guild: run \(id) is already running\n"
                    || refused.stderr == "guild: run \(id) is still running\n", "\(refused.stderr)")
            let count = try String(
                contentsOf: box.runDirectory(id).appendingPathComponent("count.txt"), encoding: .utf8)
            #expect(count.split(separator: "\n").count == round + 1, "round \(round)")
        }
        #expect(try await box.guild("select", "--attr", "status").stdout == "completed\n")
    }

    @Test(
        "operation deps with select: a running upstream run without the files is passed over; none with them is unmet")
    func selectSkipsRunningUpstream() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            prepare:
              exec: sh -c 'sleep ${t}; echo data > data.txt'
              flags:
                t: 0
            empty:
              exec: "true"
            train:
              exec: cat data.txt
              requires:
                - operation: prepare
                  select: data.txt
            train-empty:
              exec: "true"
              requires:
                - operation: empty
                  select: data.txt
            loose:
              exec: "true"
              requires:
                - operation: empty
            """)
        #expect(try await box.guild("run", "prepare", "-y").exitCode == 0)
        let completed = try await box.latestRunId()
        let background = try await box.guild("run", "prepare", "t=600", "--background", "-y")
        #expect(background.exitCode == 0, "\(background.stderr)")
        #expect(try await box.waitForStatus("running") == "running")
        let running = try await box.latestRunId()
        #expect(running != completed)
        let train: Result<CommandResult, any Error>
        do { train = .success(try await box.guild("run", "train", "-y")) } catch { train = .failure(error) }
        // guild stop ends the whole process tree, so no sleep outlives the test.
        #expect(try await box.guild("stop", running, "-y").exitCode == 0)
        let trainResult = try train.get()
        #expect(trainResult.exitCode == 0, "\(trainResult.stderr)")
        #expect(trainResult.stderr.contains("Using run \(completed) for operation:prepare\n"))
        #expect(trainResult.stdout == "data\n")

        #expect(try await box.guild("run", "empty", "-y").exitCode == 0)
        let empty = try await box.latestRunId()
        let unmet = try await box.guild("run", "train-empty", "-y")
        #expect(unmet.exitCode == 1)
        #expect(
            unmet.stderr.hasSuffix(
                "guild: run failed because a dependency was not met: could not resolve 'operation:empty' in "
                    + "operation:empty resource: select 'data.txt' matches no file in run \(empty)\n"),
            "\(unmet.stderr)")
        // Without select, nothing resolved is a warning and the run completes, as in Guild AI.
        let loose = try await box.guild("run", "loose", "-y")
        #expect(loose.exitCode == 0)
        #expect(loose.stderr.contains("WARNING: nothing resolved for operation:empty\n"))
    }

    @Test("damaged caches are rebuilt and never change a result: opref index, scalar index, import-flags")
    func damagedCaches() async throws {
        let box = try GuildSandbox(example: "pipeline")
        #expect(try await box.guild("run", "prepare", "-y", "-q").exitCode == 0)
        #expect(try await box.guild("run", "prepare", "test-split=0.5", "-y", "-q").exitCode == 0)
        let latest = try await box.latestRunId()
        // Once the runs directory has settled, the index is trusted while its mtime holds.
        try await Task.sleep(for: .milliseconds(2500))
        #expect(try await box.guild("run", "train", "--help-op").exitCode == 0)
        let cache = box.home.appendingPathComponent("cache")
        let index = cache.appendingPathComponent("opref-index")
        let written = try String(contentsOf: index, encoding: .utf8)
        #expect(!written.hasPrefix("# v2 unsettled "))
        // The latest prepare run's entry lost (a file cut off where it was): it must still be found.
        let lines = written.split(separator: "\n")
        let kept = lines.filter { !$0.hasPrefix(latest) }
        #expect(kept.count == lines.count - 1)
        try (kept.joined(separator: "\n") + "\n").write(to: index, atomically: true, encoding: .utf8)
        let train = try await box.guild("run", "train", "epochs=1", "-y")
        #expect(train.stderr.contains("Using run \(latest) for operation:prepare\n"), "\(train.stderr)")

        let compare = try await box.guild("compare", "--csv", "-")
        try Data("not a database".utf8).write(to: cache.appendingPathComponent("scalars-v3.sqlite"))
        #expect(try await box.guild("compare", "--csv", "-").stdout == compare.stdout)

        let help = try await box.guild("run", "train", "--help-op").stdout
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache.path + "/import-flags")) ?? [] {
            try "garbage\n".write(toFile: cache.path + "/import-flags/" + name, atomically: true, encoding: .utf8)
        }
        #expect(try await box.guild("run", "train", "--help-op").stdout == help)
    }
}

extension URL {
    fileprivate func contents() throws -> String? {
        try? String(contentsOf: self, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
