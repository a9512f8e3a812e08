import Foundation
import Testing

@Suite("Guild home", .tags(.e2e))
struct GuildHomeTests {
    /// The sandbox's environment without GUILD_HOME, so the home is found, not given.
    private func environment(_ box: borrowing GuildSandbox) -> [String: String] {
        var env = box.environment
        env.removeValue(forKey: "GUILD_HOME")
        return env
    }

    @Test("listing runs creates no Guild home")
    func listingCreatesNothing() async throws {
        let box = try GuildSandbox(example: "hello")
        let result = try await GuildSandbox.run(
            GuildSandbox.binary, ["runs"], environment: environment(box), cwd: box.project)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent(".guild").path))
    }

    @Test("-H, the nearest .guild upward, and ~/.guild, in that order")
    func resolutionOrder() async throws {
        let box = try GuildSandbox(example: "hello")
        let env = environment(box)
        let run = { (args: [String]) in
            try await GuildSandbox.run(GuildSandbox.binary, args, environment: env, cwd: box.project)
        }

        #expect(try await run(["run", "hello", "-y"]).exitCode == 0)
        let userHome = box.root.appendingPathComponent(".guild/runs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: userHome.path).count == 1)

        let local = box.project.appendingPathComponent(".guild")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        #expect(try await run(["run", "hello", "-y"]).exitCode == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: local.appendingPathComponent("runs").path).count == 1)
        #expect(try await run(["runs"]).stdout.split(separator: "\n").count == 1)

        #expect(try await run(["-H", box.home.path, "run", "hello", "-y"]).exitCode == 0)
        #expect(try box.runIds().count == 1)
        let listed = try await run(["-H", box.home.path, "runs", "info"])
        #expect(listed.stdout.contains("run_dir: ~/home/runs/"))
    }

    @Test("-C runs in another directory")
    func changeDirectory() async throws {
        let box = try GuildSandbox(example: "hello")
        let result = try await box.guild("-C", box.project.path, "run", "hello", "-y", cwd: box.root)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "Hello Guild\n")
        let missing = try await box.guild("-C", "/nonexistent-dir", "runs")
        #expect(missing.stderr == "guild: directory '/nonexistent-dir' does not exist\n")
    }

    @Test("--quiet keeps output out of the terminal but in the run")
    func quiet() async throws {
        let box = try GuildSandbox(example: "hello")
        let result = try await box.guild("run", "hello", "-q", "-y")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "")
        #expect(try await box.guild("cat", "--output").stdout == "Hello Guild\n")
    }
}
