import Foundation
import Testing

/// The `dvc` executable: `DVC_BIN`, else `dvc` on PATH (`.ci/run` sets DVC_BIN after installing
/// DVC in a venv).
let dvcExecutable: String? = {
    let env = ProcessInfo.processInfo.environment
    if let bin = env["DVC_BIN"], FileManager.default.isExecutableFile(atPath: bin) { return bin }
    for dir in (env["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(dir)/dvc"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

extension GuildSandbox {
    /// PATH with a directory holding only `dvc` in front, so ops keep the usual python3.
    func dvcEnvironment() throws -> [String: String] {
        let bin = root.appendingPathComponent("dvc-bin")
        if !FileManager.default.fileExists(atPath: bin.path) {
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: bin.appendingPathComponent("dvc").path, withDestinationPath: dvcExecutable!)
        }
        return ["PATH": bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")]
    }

    /// Runs a shell script in the project with `dvc` on PATH; fails the test on a non-zero exit.
    func shell(_ script: String) async throws {
        let env = environment.merging(try dvcEnvironment()) { $1 }
        let result = try await Self.run("/bin/sh", ["-ec", script], environment: env, cwd: project)
        #expect(result.exitCode == 0, "\(script)\n\(result.stderr)")
    }

    /// A git + DvC project whose `data/hello.txt` is tracked by DvC and pushed to a local
    /// directory remote, then removed from the project and its cache, so only a pull brings it.
    func makeDvcProject() async throws {
        let remote = root.appendingPathComponent("remote").path
        try await shell(
            """
            git init -q . && git config user.email t@example.com && git config user.name t
            dvc init -q && dvc remote add -q -d local \(remote)
            mkdir -p data && echo 'hello dvc' > data/hello.txt
            dvc add -q data/hello.txt && dvc push -q
            rm data/hello.txt && rm -rf .dvc/cache
            """)
    }
}

@Suite(
    "dvcfile and dvcstage sources", .tags(.e2e),
    .enabled(if: dvcExecutable != nil, "dvc is not installed (.ci/run installs it with pip)"))
struct DvcSourceTests {
    @Test("dvcfile pulls a file the project lacks into the run, keeps its path, and records i and d lines")
    func dvcfilePull() async throws {
        let box = try GuildSandbox()
        try await box.makeDvcProject()
        try box.write(
            "guild.yml",
            """
            use:
              exec: cat data/hello.txt
              requires:
                - dvcfile: data/hello.txt
            other-remote:
              exec: "true"
              requires:
                - dvcfile: data/hello.txt
                  remote: nosuch
                  always-pull: yes
            no-dvc-file:
              exec: "true"
              requires:
                - dvcfile: missing.csv
            """)
        let env = try box.dvcEnvironment()
        let result = try await box.guild(["run", "use", "-y"], env: env)
        #expect(result.exitCode == 0, "\(result.stderr)")
        // dvc pull writes to guild's own stdout, as under Guild AI.
        #expect(result.stdout.hasPrefix("A       data/hello.txt\n"))
        #expect(result.stdout.hasSuffix("\nhello dvc\n"))
        #expect(result.stderr.contains("Resolving dvcfile:data/hello.txt\nFetching DvC resource data/hello.txt\n"))
        let id = try await box.latestRunId()
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("i .git - dvcfile:data/hello.txt\n"))
        #expect(manifest.contains("i .dvc/cache - dvcfile:data/hello.txt\n"))
        #expect(manifest.contains("d data/hello.txt 45505a3c6bf0863342f34766960553080df632f3 dvcfile:data/hello.txt\n"))
        #expect(try await box.guild("ls", "-n", "-d").stdout == "data/hello.txt\n")
        #expect(!FileManager.default.fileExists(atPath: box.project.appendingPathComponent("data/hello.txt").path))

        // remote: reaches dvc pull as --remote (Guild AI drops it).
        let badRemote = try await box.guild(["run", "other-remote", "-y"], env: env)
        #expect(badRemote.exitCode == 1)
        #expect(badRemote.stderr.contains("'dvc pull' exited with non-zero exit status 1 (see above for details)"))
        #expect(badRemote.stderr.contains("remote 'nosuch' doesn't exist"))

        let missing = try await box.guild(["run", "no-dvc-file", "-y"], env: env)
        #expect(
            missing.stderr.hasSuffix(
                "cannot find DvC file missing.csv.dvc in \(box.project.path) (required for 'dvc pull')\n"))
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")
    }

    @Test("dvcfile uses the project's file when it is there, like a file source")
    func dvcfileFromProject() async throws {
        let box = try GuildSandbox()
        try box.write("params.csv", "a,b\n")
        try box.write("guild.yml", "use:\n  exec: cat params.csv\n  requires:\n    - dvcfile: params.csv\n")
        let result = try await box.guild(["run", "use", "-y"], env: try box.dvcEnvironment())
        #expect(result.exitCode == 0, "\(result.stderr)")
        let id = try await box.latestRunId()
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("d params.csv "))
        #expect(manifest.contains(" file:params.csv\n"))
        #expect(!manifest.contains("i .git"))
    }

    @Test("dvcstage takes the latest or the chosen run that provided the stage, found by run-attrs")
    func dvcstageRuns() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            prep:
              exec: sh -c 'echo ${n} > out.txt && echo x > other.txt'
              flags:
                n: 1
              run-attrs:
                dvc:
                  stage: prepare-data
            after:
              exec: cat out.txt
              requires:
                - dvcstage: prepare-data
                  select: out\\.txt
            """)
        let none = try await box.guild("run", "after", "-y")
        #expect(
            none.stderr.contains("WARNING: cannot find a suitable run for required resource 'dvcstage:prepare-data'"))
        #expect(
            none.stderr.contains(
                "could not resolve 'dvcstage:prepare-data' in dvcstage:prepare-data resource: no suitable run for 'prepare-data' stage"
            ))

        #expect(try await box.guild("run", "prep", "n=1", "-y").exitCode == 0)
        let first = try await box.latestRunId()
        #expect(try await box.guild("run", "prep", "n=2", "-y").exitCode == 0)
        #expect(try await box.guild("run", "after", "-y").stdout == "2\n")
        let chosen = try await box.guild("run", "after", "dvcstage:prepare-data=\(first.prefix(5))", "-y")
        #expect(chosen.stdout == "1\n")
        let id = try await box.latestRunId()
        #expect(try box.attr(id, "flags") == "dvcstage:prepare-data: \(first)\n")
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("d out.txt "))
        #expect(manifest.contains(" dvcstage:prepare-data\n"))
    }
}
