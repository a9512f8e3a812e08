import Foundation
import Testing

/// `requires:` end to end: the examples/pipeline project and small guild.yml files.
@Suite("dependencies", .tags(.e2e))
struct DependencyTests {
    /// Runs `guild run ARGS -y` and expects exit 0.
    @discardableResult
    private func run(_ box: borrowing GuildSandbox, _ args: String...) async throws -> CommandResult {
        let result = try await box.guild(["run"] + args + ["-y"])
        #expect(result.exitCode == 0, "guild run \(args): \(result.stderr)")
        return result
    }

    private func latestId(_ box: borrowing GuildSandbox) async throws -> String {
        try await box.latestRunId()
    }

    @Test("train uses the latest prepare run, or the marked one, or the one given as prepare=ID")
    func upstreamRunChoice() async throws {
        let box = try GuildSandbox(example: "pipeline")
        try await run(box, "prepare")
        let first = try await latestId(box)
        try await run(box, "prepare", "test-split=0.5")
        let second = try await latestId(box)

        let latest = try await run(box, "train")
        #expect(latest.stderr.contains("Resolving operation:prepare\nUsing run \(second) for operation:prepare\n"))
        let trainId = try await latestId(box)
        #expect(try box.attr(trainId, "flags").contains("operation:prepare: \(second)\n"))

        try await run(box, "train", "prepare=\(first.prefix(6))")
        let chosen = try await latestId(box)
        #expect(try box.attr(chosen, "flags").contains("operation:prepare: \(first)\n"))
        #expect(try box.attr(chosen, "label") == "epochs=50 lr=0.05 operation:prepare=\(first)\n")

        try "true".write(
            to: box.runDirectory(first).appendingPathComponent(".guild/attrs/marked"), atomically: true,
            encoding: .utf8)
        let marked = try await run(box, "train")
        #expect(marked.stderr.contains("Using run \(first) for operation:prepare"))
    }

    @Test("resolved files are copied by default, recorded in the manifest and deps, and split by ls -d/-g/-s")
    func manifestAndListing() async throws {
        let box = try GuildSandbox(example: "pipeline")
        try await run(box, "prepare")
        let prepare = try await latestId(box)
        try await run(box, "train")
        let train = try await latestId(box)
        let trainDir = box.runDirectory(train)

        let manifest = try String(contentsOf: trainDir.appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("d data/test.csv "))
        #expect(manifest.contains(" operation:prepare\n"))
        let attrs = try #require(try? box.attr(train, "deps"))
        #expect(
            attrs == """
                operation:prepare:
                  operation:prepare:
                    config: \(prepare)
                    paths:
                    - ../\(prepare)/test.csv
                    - ../\(prepare)/train.csv
                    uri: operation:prepare

                """)
        // Copies, not links: Guild AI 0.9.0's default for every source type.
        let attributes = try FileManager.default.attributesOfItem(
            atPath: trainDir.appendingPathComponent("data/train.csv").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)

        #expect(try await box.guild("ls", "-n", "-d").stdout == "data/test.csv\ndata/train.csv\n")
        #expect(try await box.guild("ls", "-n", "-g").stdout == "model.json\n")
        #expect(try await box.guild("ls", "-n", "-s", "-p", "*.py").stdout == "evaluate.py\nprepare.py\ntrain.py\n")

        // The prepare run took data/raw.csv from the project as a dependency, not as source code.
        #expect(try await box.guild("ls", "-n", "-d", prepare).stdout == "raw.csv\n")
        let prepareManifest = try String(
            contentsOf: box.runDirectory(prepare).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(prepareManifest.contains("d raw.csv 0ab522d1eccac75b1a01bdcea8b7b0076e09585a file:data/raw.csv\n"))
        #expect(!prepareManifest.contains("s data/raw.csv"))
    }

    @Test("target-type link makes relative symlinks into the upstream run")
    func linkTarget() async throws {
        let box = try GuildSandbox(example: "pipeline")
        try await run(box, "prepare")
        try await run(box, "train")
        let train = try await latestId(box)
        let evaluate = try await run(box, "evaluate")
        #expect(evaluate.stdout.contains("test_mse: "))
        #expect(evaluate.stderr.contains("Resolving model\nUsing run \(train) for model\n"))
        let id = try await latestId(box)
        let link = try FileManager.default.destinationOfSymbolicLink(
            atPath: box.runDirectory(id).appendingPathComponent("model.json").path)
        #expect(link == "../\(train)/model.json")
        #expect(try box.attr(id, "flags") == "model: \(train)\n")
    }

    @Test("a missing upstream run, file or module fails the run as error with Guild's message and help")
    func unmetDependencies() async throws {
        let box = try GuildSandbox(example: "pipeline")
        let noRun = try await box.guild("run", "train", "-y")
        #expect(noRun.exitCode == 1)
        #expect(noRun.stderr.contains("WARNING: cannot find a suitable run for required resource 'operation:prepare'"))
        #expect(
            noRun.stderr.hasSuffix(
                "guild: run failed because a dependency was not met: could not resolve 'operation:prepare' in "
                    + "operation:prepare resource: no suitable run for prepare\n"))
        let id = try await latestId(box)
        #expect(try await box.guild("select", "--attr", "status").stdout == "error\n")
        #expect(
            !FileManager.default.fileExists(
                atPath: box.runDirectory(id).appendingPathComponent(".guild/attrs/started").path))
        #expect(
            !FileManager.default.fileExists(
                atPath: box.runDirectory(id).appendingPathComponent(".guild/attrs/deps").path))

        try box.write(
            "guild.yml",
            """
            needs-file:
              exec: "true"
              requires:
                - file: missing.txt
                  help: Run ./fetch.sh to get missing.txt
            needs-module:
              exec: "true"
              requires:
                - module: no_such_module_here
            optional-file:
              exec: ls
              requires:
                - file: missing.txt
                  optional: yes
                - file: prepare.py
            """)
        let missing = try await box.guild("run", "needs-file", "-y")
        #expect(missing.exitCode == 1)
        #expect(
            missing.stderr.hasSuffix(
                "guild: run failed because a dependency was not met: could not resolve 'file:missing.txt' in "
                    + "file:missing.txt resource: cannot find source file 'missing.txt'\n"
                    + "Run ./fetch.sh to get missing.txt\n"))
        let module = try await box.guild("run", "needs-module", "-y")
        #expect(module.stderr.contains("resource: No module named 'no_such_module_here'\n"))

        let optional = try await run(box, "optional-file")
        #expect(
            optional.stderr.contains("Could not resolve file:missing.txt - skipping because dependency is optional"))
        #expect(optional.stdout.contains("prepare.py"))

        let forced = try await box.guild("run", "needs-file", "--force-deps", "-y")
        #expect(forced.exitCode == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("WARNING: a dependency was not met: could not resolve 'file:missing.txt'"))
    }

    @Test("select, select-max, rename, target-path and model resources by name")
    func selectRenameAndNamedResources() async throws {
        let box = try GuildSandbox()
        try box.write("ckpt/model-1.bin", "one")
        try box.write("ckpt/model-12.bin", "twelve")
        try box.write("ckpt/model-3.bin", "three")
        try box.write("ckpt/notes.txt", "n")
        try box.write(
            "guild.yml",
            """
            - model: m
              resources:
                checkpoints:
                  target-path: weights
                  sources:
                    - file: ckpt
                      select-max: model-([0-9]+)\\.bin
                      rename:
                        pattern: model-(.*)\\.bin
                        repl: best-\\1.bin
              operations:
                use:
                  exec: find weights -type f
                  requires: checkpoints
                notes:
                  exec: cat renamed.txt
                  requires:
                    - file: ckpt
                      select: .*\\.txt
                      rename: renamed.txt
            """)
        let use = try await run(box, "use")
        #expect(use.stdout == "weights/best-12.bin\n")
        #expect(use.stderr.contains("Resolving checkpoints\n"))
        let id = try await latestId(box)
        #expect(
            try box.attr(id, "deps").contains(
                "checkpoints:\n  file:ckpt:\n    paths:\n    - ../../../project/ckpt/model-12.bin\n"))
        let notes = try await run(box, "notes")
        #expect(notes.stdout == "n")
    }

    @Test("config sources take params and flags; flag-name and ${flag} choose file sources")
    func configAndFlagValuedSources() async throws {
        let box = try GuildSandbox()
        try box.write("base.yml", "lr: 0.1\nmodel:\n  layers: 2\n")
        try box.write("small.csv", "small\n")
        try box.write("big.csv", "big\n")
        try box.write("v2/notes.txt", "two\n")
        try box.write(
            "guild.yml",
            """
            cfg:
              exec: cat base.yml
              flags:
                lr: 0.5
              requires:
                - config: base.yml
                  params:
                    model.layers: 4
            pick:
              exec: cat data.csv notes.txt
              flags:
                version: v2
              requires:
                - file: small.csv
                  flag-name: data
                  rename: data.csv
                - file: ${version}/notes.txt
            """)
        let cfg = try await run(box, "cfg", "lr=0.2")
        #expect(cfg.stdout == "lr: 0.2\nmodel:\n  layers: 4")
        #expect(
            try String(contentsOf: box.project.appendingPathComponent("base.yml"), encoding: .utf8).hasPrefix("lr: 0.1")
        )

        let pick = try await run(box, "pick", "data=big.csv")
        #expect(pick.stdout == "big\ntwo\n")
        #expect(pick.stderr.contains("Using big.csv for data\n"))
        let id = try await latestId(box)
        #expect(try box.attr(id, "flags") == "data: big.csv\nversion: v2\n")
        let missing = try await box.guild("run", "pick", "version=v3", "-y")
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("cannot find source file 'v3/notes.txt'"))
    }

    @Test("a staged run resolves operation sources when it starts; a restart skips what it resolved")
    func stagedAndRestart() async throws {
        let box = try GuildSandbox(example: "pipeline")
        try await run(box, "prepare")
        let prepare = try await latestId(box)
        let staged = try await run(box, "train", "--stage")
        #expect(staged.stderr.contains("Skipping resolution of operation:prepare because it's being staged"))
        let train = try await latestId(box)
        #expect(
            !FileManager.default.fileExists(
                atPath: box.runDirectory(train).appendingPathComponent("data/train.csv").path))

        let started = try await run(box, "--start", train)
        #expect(started.stderr.contains("Using run \(prepare) for operation:prepare"))
        #expect(try await box.guild("select", "--attr", "status").stdout == "completed\n")

        let restarted = try await run(box, "--restart", train)
        #expect(restarted.stderr.contains("Skipping resolution of operation:prepare because it's already resolved"))
    }

    @Test("--needed skips a run whose op and flags match a run that did not fail")
    func needed() async throws {
        let box = try GuildSandbox(example: "pipeline")
        try await run(box, "prepare")
        let skipped = try await run(box, "prepare", "--needed")
        #expect(
            skipped.stdout.hasPrefix(
                "Skipping because the following runs match this operation (--needed specified):\n  ["))
        #expect(try box.runIds().count == 1)
        try await run(box, "prepare", "test-split=0.5", "--needed")
        #expect(try box.runIds().count == 2)
        try await run(box, "train", "--needed")
        try await run(box, "train", "--needed")
        #expect(try box.runIds().count == 3)
    }

    @Test("the project directory is never changed by runs with dependencies")
    func projectUnchanged() async throws {
        let box = try GuildSandbox(example: "pipeline")
        let before = try treeListing(box.project)
        try await run(box, "prepare")
        try await run(box, "train")
        try await run(box, "evaluate")
        #expect(try treeListing(box.project) == before)
    }

    /// Every path under `root` with its contents (empty for directories).
    private func treeListing(_ root: URL) throws -> [String: Data] {
        let paths = FileManager.default.subpaths(atPath: root.path) ?? []
        return Dictionary(
            uniqueKeysWithValues: paths.map { ($0, (try? Data(contentsOf: root.appendingPathComponent($0))) ?? Data()) }
        )
    }
}

extension GuildSandbox {
    @discardableResult
    func guild(_ args: [String], env extra: [String: String] = [:]) async throws -> CommandResult {
        try await Self.run(Self.binary, args, environment: environment.merging(extra) { $1 }, cwd: project)
    }
}
