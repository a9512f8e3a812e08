import Foundation
import Testing

@Suite("bad input", .tags(.e2e))
struct BadInputTests {
    /// Runs `args` in the train example and expects exit 1, one `guild:` error line containing
    /// `message`, and no run left behind.
    private func expectError(
        _ args: [String], _ message: String, setup: (borrowing GuildSandbox) throws -> Void = { _ in }
    )
        async throws
    {
        let box = try GuildSandbox(example: "train")
        try setup(box)
        let result = try await GuildSandbox.run(
            GuildSandbox.binary, args, environment: box.environment, cwd: box.project)
        #expect(result.exitCode == 1, "\(args): \(result.stderr)")
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("guild: "), "\(result.stderr)")
        #expect(first.contains(message), "\(result.stderr)")
        #expect(try box.runIds().isEmpty)
    }

    @Test func unknownOperation() async throws {
        try await expectError(["run", "nope", "-y"], "operation 'nope' is not defined for this project")
    }

    @Test func unknownFlag() async throws {
        try await expectError(["run", "train", "foo=1", "-y"], "unsupported flag 'foo'")
    }

    @Test func valueOutsideChoices() async throws {
        try await expectError(
            ["run", "train", "optimizer=rmsprop", "-y"], "unsupported value rmsprop for flag 'optimizer'")
    }

    @Test func wrongType() async throws {
        try await expectError(["run", "train", "epochs=1.5", "-y"], "invalid value 1.5 for epochs")
    }

    @Test func flagWithoutValue() async throws {
        try await expectError(["run", "train", "lr", "-y"], "invalid argument 'lr' - expected NAME=VAL")
    }

    @Test func missingMainScript() async throws {
        try await expectError(["run", "train", "-y"], "cannot find module 'train'") { box in
            try FileManager.default.removeItem(at: box.project.appendingPathComponent("train.py"))
        }
    }

    @Test func malformedGuildfile() async throws {
        try await expectError(["run", "train", "-y"], "guild.yml") { box in
            try box.write("guild.yml", "train:\n  main: train\n  flags:\n    lr: [1, 2\n")
        }
        let box = try GuildSandbox()
        try box.write("guild.yml", "train:\n  main: train\n  flags:\n    lr: [1, 2\n")
        let result = try await box.guild("run", "train", "-y")
        #expect(result.stderr.contains("line"), "the error names the line: \(result.stderr)")
    }

    @Test func guildHomeIsAFile() async throws {
        let box = try GuildSandbox(example: "hello")
        let file = box.root.appendingPathComponent("home-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let result = try await box.guild("run", "hello", "-y", env: ["GUILD_HOME": file.path])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "guild: '\(file.path)' is not a directory\n")
    }

    @Test func guildHomeMissing() async throws {
        let box = try GuildSandbox(example: "hello")
        let missing = box.root.appendingPathComponent("nope").path
        let result = try await box.guild("runs", env: ["GUILD_HOME": missing])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "guild: directory '\(missing)' does not exist\n")
    }
}
