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
}
