import Crypto
import Foundation
import Testing

/// `guild run dvc.yaml:STAGE` on examples/dvc with the real dvc and git.
@Suite(
    "DvC stages as operations", .tags(.e2e),
    .enabled(if: dvcExecutable != nil, "dvc is not installed (.ci/run installs it with pip)"))
struct DvcStageTests {
    private func stageRun(_ box: borrowing GuildSandbox, _ args: String...) async throws -> CommandResult {
        try await box.guild(["run"] + args + ["-y"], env: try box.dvcEnvironment())
    }

    @Test(
        "stages run in their own directories: params as flags, pulled and upstream deps, metrics as scalars, project unchanged"
    )
    func pipeline() async throws {
        let box = try GuildSandbox(example: "dvc")
        try await box.shell("./setup.sh \(box.root.path)/remote")
        let before = try box.projectDigest()

        let help = try await box.guild(["run", "dvc.yaml:train", "--help-op"], env: try box.dvcEnvironment())
        #expect(help.stdout.contains("Stage 'train' imported from dvc.yaml"))
        // The `dvcstage:prepare` flag is not listed, as Guild AI has none.
        #expect(help.stdout.hasSuffix("Flags:\n  train.epochs  (default is 10000)\n  train.lr      (default is 0.1)\n"))

        let prepare = try await stageRun(box, "dvc.yaml:prepare", "prepare.scale=3")
        #expect(prepare.exitCode == 0, "\(prepare.stderr)")
        #expect(prepare.stderr.contains("Fetching DvC resource data/raw.txt"))
        #expect(prepare.stderr.contains("Running stage 'prepare'"))
        let prepareId = try await box.latestRunId()

        let train = try await stageRun(box, "dvc.yaml:train", "train.lr=0.5")
        #expect(train.exitCode == 0, "\(train.stderr)")
        #expect(train.stderr.contains("Using run \(prepareId) for dvcstage:prepare"))
        #expect(train.stderr.contains("Logging metrics from metrics.json"))
        let trainId = try await box.latestRunId()
        let trainDir = box.runDirectory(trainId)

        // 20 numbers 1..20 scaled by 3 average 31.5; loss = lr * mean.
        let info = try await box.guild("runs", "info").stdout
        #expect(info.contains("  loss: 15.750000 (step 0)\n"))
        #expect(info.contains("  nested.epochs: 10000.000000 (step 0)\n"))
        #expect(info.contains("  train.lr: 0.5\n"))
        #expect(try box.attr(trainId, "dvc") == "stage: train\n")
        #expect(try box.attr(trainId, "dvc-stage") == "train\n")
        let params = try String(contentsOf: trainDir.appendingPathComponent("params.yaml"), encoding: .utf8)
        #expect(params == "other: keep-me\nprepare:\n  scale: 2\ntrain:\n  epochs: 10000\n  lr: 0.5")
        let link = try FileManager.default.destinationOfSymbolicLink(
            atPath: trainDir.appendingPathComponent("prepared/nums.txt").path)
        #expect(link == "../../\(prepareId)/prepared/nums.txt")
        #expect(FileManager.default.fileExists(atPath: trainDir.appendingPathComponent("dvc.lock").path))
        #expect(try await box.guild("ls", "-n", "-d").stdout == "params.yaml\nprepared/nums.txt\ntrain.py\n")
        #expect(try await box.guild("ls", "-n", "-g").stdout.contains("metrics.json\nmodel.txt\n"))

        let evaluate = try await stageRun(box, "dvc.yaml:evaluate")
        #expect(evaluate.exitCode == 0, "\(evaluate.stderr)")
        #expect(evaluate.stderr.contains("Using run \(prepareId) for dvcstage:prepare"))
        #expect(evaluate.stderr.contains("Using run \(trainId) for dvcstage:train"))
        // score = 1 / (1 + 0.5 * 60), from YAML metrics (which Guild AI 0.9.0 cannot read).
        #expect(try await box.guild("runs", "info").stdout.contains("  eval.score: 0.032258 (step 0)\n"))

        #expect(try box.projectDigest() == before)
    }

    @Test("--upstream runs the upstream stages that have no run, in order, then the stage")
    func upstream() async throws {
        let box = try GuildSandbox(example: "dvc")
        try await box.shell("./setup.sh \(box.root.path)/remote")
        let result = try await stageRun(box, "dvc.yaml:evaluate", "--upstream")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("WARNING: cannot find a suitable run"))
        let prepareAt = try #require(result.stderr.range(of: "Running upstream stage 'prepare'"))
        let trainAt = try #require(result.stderr.range(of: "Running upstream stage 'train'"))
        #expect(prepareAt.lowerBound < trainAt.lowerBound)
        let ops = try await box.guild("runs").stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)[1]
        }
        #expect(ops == ["dvc.yaml:evaluate", "dvc.yaml:train", "dvc.yaml:prepare"])

        // Now every upstream stage has a run: only the stage itself runs.
        let again = try await stageRun(box, "dvc.yaml:evaluate", "--upstream")
        #expect(!again.stderr.contains("Running upstream stage"))
        #expect(try box.runIds().count == 4)
        let conflict = try await box.guild(
            ["run", "dvc.yaml:train", "--upstream", "--stage", "-y"], env: try box.dvcEnvironment())
        #expect(conflict.stderr.contains("--upstream cannot be used with --stage"))
    }

    @Test(
        "params from several files (a YAML key, a JSON section, a whole file) are flags, each written back to its file; directory deps are linked"
    )
    func severalParamsFilesAndDirectoryDeps() async throws {
        let box = try GuildSandbox()
        try box.write("params.yaml", "a: 1\nb: 2\n")
        try box.write("extra.json", "{\"c\": {\"d\": 3}, \"e\": \"x\"}")
        try box.write("more.yaml", "f: 9\n")
        try box.write("words/one.txt", "one\n")
        try box.write(
            "dvc.yaml",
            """
            stages:
              show:
                cmd: sh -c 'cat params.yaml extra.json words/one.txt > out.txt'
                deps:
                  - words
                params:
                  - a
                  - extra.json:
                      - c
                  - more.yaml:
                outs:
                  - out.txt
            """)
        try await box.shell("git init -q . && dvc init -q")
        let help = try await box.guild(["run", "dvc.yaml:show", "--help-op"], env: try box.dvcEnvironment())
        #expect(help.stdout.contains("  a    (default is 1)\n  c.d  (default is 3)\n  f    (default is 9)\n"))
        #expect(!help.stdout.contains("  e "))
        let result = try await stageRun(box, "dvc.yaml:show", "a=5", "c.d=7")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let id = try #require(try box.runIds().first)
        let out = try String(contentsOf: box.runDirectory(id).appendingPathComponent("out.txt"), encoding: .utf8)
        #expect(out == "a: 5\nb: 2{\"c\": {\"d\": 7}, \"e\": \"x\"}one\n")
        let link = try FileManager.default.destinationOfSymbolicLink(
            atPath: box.runDirectory(id).appendingPathComponent("words").path)
        #expect(link.hasSuffix("project/words"))
    }

    @Test(
        "guild.yml: dvc-stages-import adds stage ops, main: guild.plugins.dvc_stage_main runs a stage, run-attrs provide one"
    )
    func guildfileStages() async throws {
        let box = try GuildSandbox(example: "dvc")
        try await box.shell("./setup.sh \(box.root.path)/remote")
        try box.write(
            "guild.yml",
            """
            - model: m
              dvc-stages-import: [prepare]
              operations:
                fit:
                  description: Train through guild.yml
                  main: guild.plugins.dvc_stage_main train
                  flags-dest: config:params.yaml
                  flags-import: [train.lr]
                make-data:
                  exec: sh -c 'mkdir -p prepared && seq 1 5 > prepared/nums.txt'
                  run-attrs:
                    dvc:
                      stage: prepare
            """)
        let ops = try await box.guild("ops").stdout
        #expect(ops.contains("m:prepare    Stage 'prepare' imported from dvc.yaml\n"))
        #expect(ops.contains("m:fit        Train through guild.yml\n"))
        let prepare = try await stageRun(box, "m:prepare")
        #expect(prepare.exitCode == 0, "\(prepare.stderr)")
        let id = try await box.latestRunId()
        #expect(try box.attr(id, "dvc") == "stage: prepare\n")

        let fit = try await stageRun(box, "m:fit", "train.lr=0.5")
        #expect(fit.exitCode == 0, "\(fit.stderr)")
        #expect(fit.stderr.contains("INFO: [guild] Using \(id) for 'prepare' DvC stage dependency\n"))
        #expect(try await box.guild("runs", "info").stdout.contains("  loss: 10.500000 (step 0)\n"))

        // An ordinary op that says it provides the stage is used by the next stage run.
        #expect(try await stageRun(box, "m:make-data").exitCode == 0)
        #expect(try await stageRun(box, "m:fit", "train.lr=0.5").exitCode == 0)
        #expect(try await box.guild("runs", "info").stdout.contains("  loss: 1.500000 (step 0)\n"))
    }

    @Test("TOML params are flags written back as TOML, and TOML metrics are scalars")
    func tomlParamsAndMetrics() async throws {
        let box = try GuildSandbox()
        try box.write("p.toml", "keep = \"me\"\n[fit]\nlr = 0.1\n")
        try box.write(
            "dvc.yaml",
            """
            stages:
              fit:
                cmd: sh -c 'cp p.toml seen.toml && printf "[score]\\nbest = 0.75\\n" > m.toml'
                params:
                  - p.toml:
                      - fit.lr
                outs:
                  - seen.toml
                metrics:
                  - m.toml:
                      cache: false
            """)
        try await box.shell("git init -q . && dvc init -q")
        let result = try await stageRun(box, "dvc.yaml:fit", "fit.lr=0.3")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let id = try #require(try box.runIds().first)
        let seen = try String(contentsOf: box.runDirectory(id).appendingPathComponent("seen.toml"), encoding: .utf8)
        #expect(seen.contains("keep = 'me'") || seen.contains("keep = \"me\""))
        #expect(seen.contains("lr = 0.3"))
        #expect(try await box.guild("runs", "info").stdout.contains("  score.best: 0.750000 (step 0)\n"))
    }

    @Test("an unknown stage, a missing dvc.yaml, a flag that is not a param and a failing stage are one-line errors")
    func badInput() async throws {
        let box = try GuildSandbox(example: "dvc")
        try await box.shell("./setup.sh \(box.root.path)/remote")
        let unknown = try await stageRun(box, "dvc.yaml:nope")
        #expect(unknown.exitCode == 1)
        #expect(
            unknown.stderr
                == "guild: stage 'nope' is not defined in \(box.project.path)/dvc.yaml (stages: evaluate, prepare, train)\n"
        )
        let missing = try await stageRun(box, "sub/dvc.yaml:train")
        #expect(missing.stderr == "guild: cannot find dvc.yaml in \(box.project.path)/sub\n")
        let badFlag = try await stageRun(box, "dvc.yaml:prepare", "train.lr=1")
        #expect(badFlag.exitCode == 1)
        #expect(badFlag.stderr.hasPrefix("guild: unsupported flag 'train.lr'"))
        #expect(try box.runIds().isEmpty)

        try box.write("params.yaml", "prepare: [unclosed\n")
        let badParams = try await stageRun(box, "dvc.yaml:prepare")
        #expect(badParams.exitCode == 1)
        #expect(badParams.stderr.hasPrefix("guild: error in \(box.project.path)/params.yaml: "))
        try box.write("params.yaml", "prepare:\n  scale: 2\n")
        let saved = try String(contentsOf: box.project.appendingPathComponent("dvc.yaml"), encoding: .utf8)
        try box.write("dvc.yaml", "stages:\n  prepare: [\n")
        let badYAML = try await stageRun(box, "dvc.yaml:prepare")
        #expect(badYAML.stderr.hasPrefix("guild: error in \(box.project.path)/dvc.yaml: "))
        try box.write("dvc.yaml", saved)
        #expect(try box.runIds().isEmpty)

        try box.write("prepare.py", "import sys\nprint('bad input')\nsys.exit(3)\n")
        let failing = try await stageRun(box, "dvc.yaml:prepare")
        #expect(failing.exitCode != 0)
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")
        let id = try #require(try box.runIds().first)
        let output = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/output"), encoding: .utf8)
        #expect(output.contains("bad input"))
    }
}

extension DvcStageTests {
    @Test(
        "a dvc_stage_main op whose stage names a path outside the project, or lacks its params file, fails with one line"
    )
    func stageMainBadInput() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            "out:\n  main: guild.plugins.dvc_stage_main out\nnoparams:\n  main: guild.plugins.dvc_stage_main p\n")
        try box.write(
            "dvc.yaml",
            """
            stages:
              out:
                cmd: cat ../secret.txt
                deps: [../secret.txt]
              p:
                cmd: "true"
                params: [x]
            """)
        try "secret\n".write(to: box.root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try await box.shell("git init -q . && dvc init -q")
        let outside = try await box.guild(["run", "out", "-y"], env: try box.dvcEnvironment())
        #expect(outside.exitCode == 1)
        #expect(
            outside.stderr.hasSuffix(
                "guild: stage 'out' in \(box.project.path)/dvc.yaml: '../secret.txt' is outside the project\n"))
        let id = try #require(try box.runIds().first)
        #expect(!FileManager.default.fileExists(atPath: box.home.appendingPathComponent("runs/secret.txt").path))
        #expect(
            !FileManager.default.fileExists(atPath: box.runDirectory(id).appendingPathComponent("../secret.txt").path))
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")

        let noParams = try await box.guild(["run", "noparams", "-y"], env: try box.dvcEnvironment())
        #expect(noParams.exitCode == 1)
        #expect(
            noParams.stderr.hasSuffix(
                "guild: cannot find config file 'params.yaml' in project directory \(box.project.path)\n"))
    }
}

extension GuildSandbox {
    /// sha256 over every path and file of the project, `.git` and `.dvc/tmp` included.
    func projectDigest() throws -> String {
        var hasher = SHA256()
        for path in (FileManager.default.subpaths(atPath: project.path) ?? []).sorted() {
            hasher.update(data: Data(path.utf8))
            let url = project.appendingPathComponent(path)
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
                hasher.update(data: Data(link.utf8))
            } else if let data = FileManager.default.contents(atPath: url.path) {
                hasher.update(data: data)
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
