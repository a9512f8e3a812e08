import Foundation
import Testing

/// Guild AI 0.9.0's `guild`, from `GUILDAI_BIN` (`.ci/run` installs it in a venv).
private let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"]

/// `include` items, `$include` references and `extends` in guild.yml (issue 17 part 3,
/// guildfile-include.md, guildfile-extends.md).
@Suite("guild.yml include, $include and extends", .tags(.e2e))
struct GuildfileIncludeTests {
    private static let extendsProject = """
        - config: base
          params:
            lr: 0.1
            name: base
          operation-defaults:
            exec: echo from defaults
          operations:
            train:
              exec: echo {{ name }} lr=${lr} epochs=${epochs}
              flags:
                lr: "{{ lr }}"
                epochs: 1
            other: {}
        - model: child
          extends: base
          params:
            lr: 0.5
            name: child
          operations:
            train:
              flags:
                epochs: 3
        - model: grandchild
          extends: [child]
          params:
            name: grandchild
        """

    @Test("extends: parents' operations, flags and operation-defaults, filled in; params resolved in the child")
    func extends() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", Self.extendsProject)
        let ops = try await box.guild("operations")
        #expect(ops.stdout == "child:other\nchild:train\ngrandchild:other\ngrandchild:train\n")
        #expect(try await box.guild("run", "child:train", "-y").stdout == "child lr=0.5 epochs=3\n")
        #expect(try await box.guild("run", "grandchild:train", "-y").stdout == "grandchild lr=0.5 epochs=3\n")
        #expect(try await box.guild("run", "child:other", "-y").stdout == "from defaults\n")
        if let guildAI {
            let theirs = try await GuildSandbox.run(
                guildAI, ["run", "grandchild:train", "-y"], environment: box.environment, cwd: box.project)
            #expect(theirs.stdout == "grandchild lr=0.5 epochs=3\n")
        }

        try box.write("guild.yml", "- model: a\n  extends: b\n- model: b\n  extends: a\n")
        let cycle = try await box.guild("operations")
        #expect(cycle.exitCode == 1)
        #expect(cycle.stderr.contains("cycle in 'extends': "))
        try box.write("guild.yml", "- model: a\n  extends: nothing\n")
        let undefined = try await box.guild("operations")
        #expect(undefined.exitCode == 1)
        #expect(undefined.stderr.hasSuffix("undefined model or config 'nothing'\n"))
    }

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
