import Foundation
import Testing

/// `guild completion`: the scripts, `--install`, and the candidates they ask `guild` for,
/// through real bash and fish (reference 1.16).
@Suite("shell completion", .tags(.e2e))
struct CompletionTests {
    private func candidates(_ box: borrowing GuildSandbox, _ line: String) async throws -> [String] {
        let words = line.split(separator: " ").map(String.init)
        let index = line.hasSuffix(" ") ? words.count : words.count - 1
        let result = try await box.guild(
            [], env: ["_GUILD_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": String(index)])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { $0.hasPrefix("plain,") ? String($0.dropFirst(6)) : "?\($0)" }
    }

    @Test("candidates: commands, options, operations, flags, flag choices, run ids and run files")
    func protocolCandidates() async throws {
        let box = try await ApiCommandTests.project()
        let ids = try await box.guild("select", "--all").stdout.split(separator: "\n").map(String.init)
        #expect(try await candidates(box, "guild ru") == ["run", "runs"])
        #expect(try await candidates(box, "guild run ") == ["!!no-colon-wordbreak", "make", "use"])
        #expect(try await candidates(box, "guild run use ") == ["!!nospace", "n=", "upstream="])
        #expect(try await candidates(box, "guild run use n=") == ["n=1", "n=2"])
        #expect(try await candidates(box, "guild label -s x ") == ids)
        #expect(try await candidates(box, "guild runs rm \(ids[1].prefix(4))") == [ids[1]])
        #expect(try await candidates(box, "guild runs --del") == ["--deleted"])
        #expect(try await candidates(box, "guild compare --ma") == ["--max", "--marked"])
        #expect(try await candidates(box, "guild cat -p ") == ["!!runfiles:\(box.home.path)/runs/\(ids[0])"])
        #expect(try await candidates(box, "guild api ") == ["compare", "help-op", "merge", "ops", "runs"])
        #expect(try await candidates(box, "guild completion -s ") == ["bash", "zsh", "fish"])
        #expect(try await candidates(box, "guild -H ") == ["!!dir"])
    }

    @Test("the bash script completes through bash itself, words with : and = included")
    func bash() async throws {
        let box = try await ApiCommandTests.project()
        try box.write("dvc.yaml", "stages:\n  train:\n    cmd: echo hi\n")
        let script = try await box.guild("completion", "--shell", "bash")
        #expect(script.stdout.hasPrefix("#-*-shell-script-*-\n"))
        try box.write("bash_completion", script.stdout)
        let probe = """
            . ./bash_completion
            t() {
              COMP_LINE=$1; COMP_POINT=${#COMP_LINE}; COMP_WORDS=("${@:3}"); COMP_CWORD=$2
              _guild_completion guild "${COMP_WORDS[COMP_CWORD]}" 2>/dev/null
              echo "${COMPREPLY[*]}"
            }
            t 'guild ru' 1 guild ru
            t 'guild run m' 2 guild run m
            t 'guild run dvc.yaml:tr' 4 guild run dvc.yaml : tr
            t 'guild run use n=' 5 guild run use n = ''
            t 'guild ls -p ' 3 guild ls -p ''
            """
        let bin = URL(fileURLWithPath: GuildSandbox.binary).deletingLastPathComponent().path
        let result = try await GuildSandbox.run(
            "/bin/bash", ["-c", probe], environment: box.environment.merging(["PATH": "\(bin):/usr/bin:/bin"]) { $1 },
            cwd: box.project)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 6)
        #expect(Array(lines.prefix(4)) == ["run runs", "make", "train", "1 2"])
        #expect(lines.count > 4 && lines[4].split(separator: " ").sorted() == ["guild.yml", "make.py", "msg.out", "use.py"])
    }

    @Test(
        "the fish script completes through fish itself",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/fish"), "fish is not installed (.ci/run installs it)"))
    func fish() async throws {
        let box = try await ApiCommandTests.project()
        let script = try await box.guild("completion", "-s", "fish")
        try box.write("guild.fish", script.stdout)
        let bin = URL(fileURLWithPath: GuildSandbox.binary).deletingLastPathComponent().path
        let result = try await GuildSandbox.run(
            "/usr/bin/fish", ["-c", "source guild.fish; complete -C'guild ru'; complete -C'guild run use u'"],
            environment: box.environment.merging(["PATH": "\(bin):/usr/bin:/bin"]) { $1 }, cwd: box.project)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "run\nruns\nupstream=\n")
    }

    @Test(
        "the zsh script is valid zsh",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh"), "zsh is not installed (.ci/run installs it)"))
    func zsh() async throws {
        let box = try GuildSandbox()
        let script = try await box.guild("completion", "-s", "zsh")
        #expect(script.stdout.hasPrefix("#-*-shell-script-*-\n") && script.stdout.contains("compdef _guild_completion guild"))
        try box.write("zsh_completion", script.stdout)
        let result = try await GuildSandbox.run("/usr/bin/zsh", ["-n", "zsh_completion"], environment: box.environment, cwd: box.project)
        #expect(result.exitCode == 0, "\(result.stderr)")
    }

    @Test("--install writes the script beside GUILD_CONFIG and sources it from the init file once")
    func install() async throws {
        let box = try GuildSandbox()
        let dir = box.root.path
        try "alias ll='ls -l'\n".write(toFile: "\(dir)/bashrc", atomically: true, encoding: .utf8)
        let env = ["GUILD_CONFIG": "\(dir)/conf/config.yml", "HOME": "\(dir)/user"]
        let first = try await box.guild(["completion", "-s", "bash", "--install", "--shell-init", "\(dir)/bashrc"], env: env)
        #expect(first.exitCode == 0)
        #expect(
            first.stderr == """
                Writing completion script to \(dir)/conf/bash_completion
                Backing up \(dir)/bashrc to \(dir)/bashrc.guild-backup.1
                Updating \(dir)/bashrc to support Guild command completion

                """)
        #expect(first.stdout.hasPrefix("Guild command completion is installed"))
        let line = "[ -s \(dir)/conf/bash_completion ] && . \(dir)/conf/bash_completion  # Enable completion for guild"
        #expect(try String(contentsOfFile: "\(dir)/bashrc", encoding: .utf8) == "alias ll='ls -l'\n\n\(line)\n")
        #expect(try String(contentsOfFile: "\(dir)/bashrc.guild-backup.1", encoding: .utf8) == "alias ll='ls -l'\n")
        #expect(try String(contentsOfFile: "\(dir)/conf/bash_completion", encoding: .utf8).hasPrefix("#-*-shell-script-*-"))
        let again = try await box.guild(["completion", "-s", "bash", "-i", "--shell-init", "\(dir)/bashrc"], env: env)
        #expect(again.exitCode == 0 && again.stdout.isEmpty)
        #expect(again.stderr.hasSuffix("Guild completion is already installed in \(dir)/bashrc (line 3):\n  \(line)\n"))
        let fish = try await box.guild(["completion", "-s", "fish", "-i", "--shell-init", "\(dir)/fish/guild.fish"], env: env)
        #expect(fish.exitCode == 0)
        #expect(
            try String(contentsOfFile: "\(dir)/fish/guild.fish", encoding: .utf8)
                == "test -s \(dir)/conf/fish_completion ;and . \(dir)/conf/fish_completion\n")

        let other = try await box.guild("completion", "--shell", "other")
        #expect(other.exitCode == 2)
        #expect(
            other.stderr == """
                guild: Invalid value for '-s' / '--shell': 'other' is not one of 'bash', 'zsh', 'fish'.
                Try 'guild completion --help' for more information.

                """)
    }
}
