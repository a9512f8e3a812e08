import Testing

@testable import GuildKit

@Suite struct OperationCommandTests {
    private func command(dest: String, defs: [FlagDef] = []) -> OperationCommand {
        OperationCommand(
            templateArgs: ["${python_exe}", "-um", "guild.op_main", "train", "--", OperationCommand.flagArgsToken],
            commandEnv: [:], flagsDest: dest, flagDefs: Dictionary(uniqueKeysWithValues: defs.map { ($0.name, $0) }))
    }

    @Test func argsAreSortedAndEncoded() throws {
        let flags: [String: YAMLValue] = [
            "lr": .float(0.1), "b": .bool(true), "c": .bool(false), "n": .null, "s": .string("a b"),
        ]
        let argv = try command(dest: "args").resolvedArgs(flags: flags, pythonExe: "/py", projectDir: "/p")
        #expect(
            argv == ["/py", "-um", "guild.op_main", "train", "--", "--b", "1", "--c", "", "--lr", "0.1", "--s", "a b"])
    }

    @Test func globalsUseYAMLFlowValues() {
        let args = command(dest: "globals").flagArgs(
            ["l": .list([.int(1), .int(2)]), "s": .string("1")], templateArgs: [])
        #expect(args == ["--l", "[1, 2]", "--s", "'1'"])
    }

    @Test func argNameSkipAndSwitch() {
        var named = FlagDef(name: "lr")
        named.argName = "learning-rate"
        var skipped = FlagDef(name: "secret")
        skipped.argSkip = true
        var switched = FlagDef(name: "verbose")
        switched.argSwitch = .bool(true)
        let cmd = command(dest: "args", defs: [named, skipped, switched])
        #expect(
            cmd.flagArgs(["lr": .float(0.1), "secret": .int(1), "verbose": .bool(true)], templateArgs: [])
                == ["--learning-rate", "0.1", "--verbose"])
        #expect(cmd.flagArgs(["verbose": .bool(false)], templateArgs: []) == [])
    }

    @Test func flagEnvNames() {
        var custom = FlagDef(name: "x")
        custom.envName = "MY_X"
        let env = command(dest: "args", defs: [custom]).flagEnv(["x": .int(1), "a-b.c": .null, "s": .string("v")])
        #expect(env == ["MY_X": "1", "FLAG_A_B_C": "", "FLAG_S": "v"])
    }

    @Test func referencesInExecArgs() throws {
        let cmd = OperationCommand(
            templateArgs: ["sh", "${project_dir}/run.sh", "--lr=${lr}", OperationCommand.flagArgsToken],
            commandEnv: [:], flagsDest: "args", flagDefs: [:])
        #expect(
            try cmd.resolvedArgs(flags: ["lr": .float(0.5)], pythonExe: "py", projectDir: "/p")
                == ["sh", "/p/run.sh", "--lr=0.5", "--lr", "0.5"])
        #expect(throws: GuildError.self) { try cmd.resolvedArgs(flags: [:], pythonExe: "py", projectDir: "/p") }
    }

    @Test func shadowedFlagsAreLeftOutWithAWarning() {
        let cmd = OperationCommand(
            templateArgs: ["train", "--x", "3", OperationCommand.flagArgsToken], commandEnv: [:], flagsDest: "args",
            flagDefs: [:])
        #expect(cmd.flagArgs(["x": .int(1), "y": .int(2)], templateArgs: cmd.templateArgs) == ["--y", "2"])
        #expect(
            cmd.shadowedFlagWarnings(["x": .int(1), "y": .int(2)])
                == ["ignoring flag 'x=1' because it's shadowed in the operation cmd as --x"])
    }
}
