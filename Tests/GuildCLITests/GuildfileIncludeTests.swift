import Foundation
import Testing

/// `include` items and `$include` references in guild.yml (issue 17 part 3, guildfile-include.md).
@Suite("guild.yml include and $include", .tags(.e2e))
struct GuildfileIncludeTests {
    @Test("included files add their models; $include merges a config's flags and another model's operations")
    func includes() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            - include: shared/common.yml
            - model: m
              operations:
                $include: base
                train:
                  exec: echo lr=${lr} epochs=${epochs}
                  flags:
                    $include: [training-flags]
                    epochs: 5
            """)
        try box.write(
            "shared/common.yml",
            """
            - config: training-flags
              flags:
                lr: 0.1
                epochs: 1
            - model: base
              operations:
                prepare:
                  exec: echo preparing
            """)
        let ops = try await box.guild("operations")
        #expect(ops.stdout.contains("base:prepare"))
        #expect(ops.stdout.contains("m:prepare"))
        #expect(ops.stdout.contains("m:train"))
        let train = try await box.guild("run", "m:train", "-y")
        #expect(train.exitCode == 0, "\(train.stderr)")
        #expect(train.stdout == "lr=0.1 epochs=5\n")
        #expect(try await box.guild("run", "m:prepare", "-y").stdout == "preparing\n")
    }

    @Test("a missing include, a cycle and a reference to nothing are one-line errors naming the file")
    func badIncludes() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "- include: missing.yml\n")
        let missing = try await box.guild("run", "x", "-y")
        #expect(missing.exitCode == 1)
        #expect(
            missing.stderr
                == "guild: error in \(box.project.path)/guild.yml: cannot find include 'missing.yml' (includes must "
                + "be local to including Guild file or a Guild package on the system path)\n")
        try box.write("guild.yml", "- include: a.yml\n")
        try box.write("a.yml", "- include: guild.yml\n")
        let cycle = try await box.guild("run", "x", "-y")
        #expect(cycle.exitCode == 1)
        #expect(cycle.stderr.hasPrefix("guild: error in \(box.project.path)/guild.yml: cycle in 'includes': "))
        #expect(cycle.stderr.split(separator: "\n").count == 1)
        try box.write("guild.yml", "- model: m\n  operations:\n    $include: nothing\n")
        let reference = try await box.guild("run", "x", "-y")
        #expect(reference.exitCode == 1)
        #expect(reference.stderr.hasSuffix("invalid include reference 'nothing': cannot find target\n"))
    }
}
