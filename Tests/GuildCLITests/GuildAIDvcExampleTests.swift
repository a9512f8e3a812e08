import Foundation
import Testing

/// The Python that runs the example's stages: the one beside `dvc` (its venv), when it has what
/// Guild's examples/dvc imports (`.ci/run` installs numpy<2, scikit-learn, matplotlib).
private let stagePython: String? = {
    guard let dvc = dvcExecutable else { return nil }
    let python = URL(fileURLWithPath: dvc).deletingLastPathComponent().appendingPathComponent("python").path
    guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
    return GuildSandbox.runAndWait([python, "-c", "import numpy, sklearn, matplotlib, joblib"]) == 0 ? python : nil
}()

private let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"]

/// Guild AI 0.9.0's own examples/dvc project (`Fixtures/guildai-dvc`, its data served from a
/// local DvC remote) walked through as Guild's `guild/tests/uat/dvc.md` does, every command run
/// by our guild and by Guild AI 0.9.0 on copies of the same project, and their outputs compared.
@Suite(
    "Guild AI's examples/dvc, side by side with Guild AI 0.9.0", .tags(.e2e, .interop),
    .enabled(if: dvcExecutable != nil, "dvc is not installed (.ci/run installs it with pip)"),
    .enabled(if: stagePython != nil, "the venv of dvc lacks numpy, scikit-learn or matplotlib (.ci/run installs them)"),
    .enabled(if: guildAI != nil, "GUILDAI_BIN is not set: Guild AI 0.9.0 is not installed (see .ci/run)"))
struct GuildAIDvcExampleTests {
    @Test("ops, --print-cmd and --help-op of dvc_stage_main and dvc.yaml ops")
    func operations() async throws {
        let pair = try await ExamplePair.make()
        try await pair.same("ops")
        for op in ["prepare-data-dvc-stage", "train-models-dvc-stage", "faketrain-dvc-stage", "dvc.yaml:faketrain"] {
            let cmd = try await pair.same("run", op, "--print-cmd")
            #expect(cmd.contains(" -um guild.op_main guild.plugins.dvc_stage_main "), "\(op)")
        }
        #expect(
            try await pair.same("run", "faketrain-dvc-stage", "--print-cmd").hasSuffix(
                "dvc_stage_main faketrain -- --noise 0.1 --x 0.1\n<exit 0>\n"))
        for op in ["faketrain-dvc-stage", "train-models-dvc-stage", "dvc.yaml:faketrain", "dvc.yaml:train-models"] {
            try await pair.same("run", op, "--help-op")
        }
        #expect(try await pair.same("run", "faketrain-dvc-stage", "--help-op").contains("  noise  (default is 0.1)\n"))
    }

    @Test("dvc_stage_main ops: upstream errors, pulled and linked deps, metrics as scalars in an event file")
    func stageMainPipeline() async throws {
        let pair = try await ExamplePair.make()
        let missing = try await pair.same("run", "train-models-dvc-stage", "-y")
        #expect(missing.hasSuffix("guild: no suitable run for stage 'prepare-data' (needed for iris.npy)\n<exit 1>\n"))
        try await pair.sameLines("runs", "info", matching: "status: ")
        try await pair.same("run", "eval-models-dvc-stage", "-y")
        let prepare = try await pair.same("run", "prepare-data-dvc-stage", "-y")
        #expect(prepare.contains("INFO: [guild] Fetching DvC resource iris.csv\n"))
        for args in [["ls", "-n", "--dependencies"], ["ls", "-n", "--generated"], ["select", "--attr", "deps"]] {
            try await pair.same(args)
        }
        try await pair.same("cat", "-p", ".guild/manifest")
        #expect(try await pair.same("run", "train-models-dvc-stage", "-y").contains("INFO: [guild] Linking iris.npy\n"))
        for args in [["ls", "-n"], ["ls", "-nd"], ["ls", "-ng"]] { try await pair.same(args) }
        let eval = try await pair.same("run", "eval-models-dvc-stage", "-y")
        #expect(eval.contains("INFO: [guild] Logging metrics from models-eval.json\n"))
        for args in [["ls", "-n"], ["ls", "-nd"], ["ls", "-ng"]] { try await pair.same(args) }
        #expect(try await pair.same("ls", "-ng").contains("events.out.tfevents.X\nmodels-eval.json\n"))
        // The linear SVC's score (the other models are not deterministic).
        try await pair.sameLines("runs", "info", matching: "  modle-1-score: ")
        try await pair.same("run", "train-models-dvc-dep", "train.C=2.0", "-y")
        for args in [["ls", "-nd"], ["ls", "-ng"]] { try await pair.same(args) }
    }

    @Test("batches over a dvc_stage_main op and a dvc.yaml stage: trial lines, labels, flags and scalars")
    func batches() async throws {
        let pair = try await ExamplePair.make()
        let trials = try await pair.same("run", "faketrain-dvc-stage", "x=[-1.0,0.0,1.0]", "-y")
        #expect(trials.contains("INFO: [guild] Running trial ID: faketrain-dvc-stage (noise=0.1, x=-1.0)\n"))
        #expect(trials.contains("INFO: [guild] Resolving config:params.json.in\n"))
        try await pair.same("compare", "-t", "-cc", ".operation,.status,.label,=noise,=x", "-n3")
        try await pair.sameLines("runs", "info", matching: "command: ", "exit_status: ")
        // output-scalars: no, so the only scalar is the metric.
        try await pair.sameLines("runs", "info", matching: "  noise: ", "  x: ", "  loss: ", "scalars:")
        let direct = try await pair.same("run", "dvc.yaml:faketrain", "x=[0.2,0.3]", "-y")
        #expect(direct.contains("INFO: [guild] Resolving dvcfile:faketrain.py\n"))
        try await pair.sameLines("runs", "info", matching: "dvc-stage: ")
        try await pair.same("select", "--attr", "flags")
        try await pair.same("compare", "-t", "-cc", ".operation,.status,.label,=x", "-n2")
    }

    @Test("each tool restarts the other's stage runs: the recorded command is Guild's")
    func restartsAcrossTools() async throws {
        let pair = try await ExamplePair.make()
        let box = pair.ours
        let env = ExamplePair.environment(box)
        func run(_ tool: String, _ args: [String]) async throws -> CommandResult {
            let result = try await GuildSandbox.run(tool, args, environment: env, cwd: box.project)
            #expect(result.exitCode == 0, "\(tool) \(args): \(result.stderr)")
            return result
        }
        for (first, second, op) in [
            (GuildSandbox.binary, guildAI!, "faketrain-dvc-stage"),
            (guildAI!, GuildSandbox.binary, "dvc.yaml:faketrain"),
        ] {
            try await run(first, ["run", op, "x=0.3", "-y", "-q"])
            let id = try await run(first, ["select"]).stdout.trimmingCharacters(in: .newlines)
            let restart = try await run(second, ["run", "--restart", id, "-y"])
            #expect(restart.stderr.contains("INFO: [guild] Logging metrics from summary.json\n"), "\(op)")
            for tool in [first, second] {
                let info = try await run(tool, ["runs", "info", id]).stdout
                #expect(info.contains("status: completed\n") && info.contains("  x: 0.3\n"), "\(op)")
                #expect(info.contains("  loss: "), "\(op)")
            }
        }
    }

    @Test("a guild.yml op that provides a stage satisfies a dvc_stage_main op's upstream stage")
    func crossStyleDependencies() async throws {
        let pair = try await ExamplePair.make()
        try await pair.same("run", "train-models-dvc-stage", "-y")
        try await pair.same("run", "prepare-data-dvc-dep", "-y")
        for args in [["ls", "-nd"], ["ls", "-ng"]] { try await pair.same(args) }
        try await pair.sameLines("runs", "info", matching: "dvc-stage: ")
        let train = try await pair.same("run", "train-models-dvc-stage", "-y")
        #expect(train.contains("INFO: [guild] Using ID for 'prepare-data' DvC stage dependency\n"))
    }

    @Test("dvc.yaml:STAGE ops: upstream resolution through dvcstage:, flags from params, reruns with new flags")
    func dvcYamlStages() async throws {
        let pair = try await ExamplePair.make()
        let failed = try await pair.same("run", "dvc.yaml:train-models", "-y")
        #expect(
            failed.hasSuffix(
                "could not resolve 'dvcstage:prepare-data' in dvcstage:prepare-data resource: no suitable run for 'prepare-data' stage\n<exit 1>\n"
            ))
        try await pair.sameLines("runs", "info", matching: "status: ")
        try await pair.same("run", "dvc.yaml:prepare-data", "-y")
        try await pair.same("ls", "-ng")
        try await pair.same("run", "dvc.yaml:train-models", "-y")
        for args in [["ls", "-nd"], ["ls", "-ng"], ["select", "--attr", "flags"]] { try await pair.same(args) }
        try await pair.same("run", "dvc.yaml:train-models", "train.C=2.0", "train.gamma=0.8", "-y")
        try await pair.same("select", "--attr", "flags")
    }

    @Test("hello: a dvc_stage_main op that pulls its dep, and dvcfile deps (copied, renamed, always pulled)")
    func hello() async throws {
        let pair = try await ExamplePair.make()
        #expect(try await pair.same("run", "hello-dvc-stage", "-y").contains("Hello World!\n"))
        for args in [["ls", "-nd"], ["ls", "-ng"], ["cat", "-p", ".guild/manifest"]] { try await pair.same(args) }
        try await pair.same("run", "hello-dvc-dep", "-y")
        try await pair.same("cat", "-p", ".guild/manifest")
        try await pair.same("run", "hello-dvc-dep-2", "-y")
        try await pair.same("ls", "-nd")
        try await pair.writeBoth("hello.in", "Project\n")
        #expect(try await pair.same("run", "hello-dvc-dep", "-y").contains("Hello Project!\n"))
        #expect(try await pair.same("run", "hello-dvc-dep-always-pull", "-y").contains("Hello World!\n"))
        try await pair.same("cat", "-p", "hello.in")
    }
}

/// Two copies of the example project, each with its own Guild home: ours and Guild AI's.
private struct ExamplePair: ~Copyable {
    let ours: GuildSandbox
    let theirs: GuildSandbox

    private init(ours: consuming GuildSandbox, theirs: consuming GuildSandbox) {
        self.ours = ours
        self.theirs = theirs
    }

    static func make() async throws -> ExamplePair {
        let ours = try GuildSandbox()
        let theirs = try GuildSandbox()
        let remote = ours.root.appendingPathComponent("remote").path
        try await setUp(ours, remote: remote)
        try await setUp(theirs, remote: remote)
        return ExamplePair(ours: ours, theirs: theirs)
    }

    /// The project as Guild's setup.py makes it, with git quiet about its default branch.
    private static func setUp(_ box: borrowing GuildSandbox, remote: String) async throws {
        try "[init]\n\tdefaultBranch = master\n".write(
            to: box.root.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
        let script = GuildSandbox.packageRoot.appendingPathComponent(
            "Tests/GuildCLITests/Fixtures/setup-guildai-dvc.sh")
        let result = try await GuildSandbox.run(
            "/bin/bash", [script.path, box.project.path, remote], environment: environment(box), cwd: box.root)
        #expect(result.exitCode == 0, "\(result.stderr)")
    }

    /// PATH with dvc's venv first, as when it is activated, so stages (`python ...`) and Python
    /// ops find numpy and scikit-learn.
    static func environment(_ box: borrowing GuildSandbox) -> [String: String] {
        var env = box.environment
        let venvBin = URL(fileURLWithPath: stagePython!).deletingLastPathComponent().path
        env["PATH"] = venvBin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        return env
    }

    func writeBoth(_ name: String, _ text: String) throws {
        try ours.write(name, text)
        try theirs.write(name, text)
    }

    /// Runs `guild ARGS` with both tools; expects the same normalized output and exit code.
    /// - Returns: the normalized output (stdout, stderr, `<exit N>`).
    @discardableResult
    func same(_ args: String...) async throws -> String { try await same(args) }

    @discardableResult
    func same(_ args: [String]) async throws -> String {
        let (mine, guild) = try await both(args)
        #expect(mine == guild, "guild \(args.joined(separator: " "))")
        return guild
    }

    /// Like `same`, for the lines that start with `prefix` only.
    func sameLines(_ args: String..., matching prefixes: String...) async throws {
        let (mine, guild) = try await both(args)
        let pick = { (text: String) in
            text.split(separator: "\n").filter { line in prefixes.contains { line.hasPrefix($0) } }
        }
        #expect(!pick(guild).isEmpty, "guild \(args.joined(separator: " ")): no \(prefixes) lines")
        #expect(pick(mine) == pick(guild), "guild \(args.joined(separator: " "))")
    }

    private func both(_ args: [String]) async throws -> (String, String) {
        let mine = try await GuildSandbox.run(
            GuildSandbox.binary, args, environment: Self.environment(ours), cwd: ours.project)
        let guild = try await GuildSandbox.run(
            guildAI!, args, environment: Self.environment(theirs), cwd: theirs.project)
        return (normalize(mine, ours), normalize(guild, theirs))
    }

    /// Output with what differs between two homes made apart replaced: run ids, paths, times,
    /// the Python executable, event file names, and the random losses of faketrain.
    private func normalize(_ result: CommandResult, _ box: borrowing GuildSandbox) -> String {
        var text = (result.stdout + result.stderr + "<exit \(result.exitCode)>\n")
            .replacingOccurrences(of: "Refreshing flags...\n", with: "")
            .replacingOccurrences(of: box.home.path, with: "GH")
            .replacingOccurrences(of: box.project.path, with: "PROJ")
        for (pattern, replacement) in [
            (#"[0-9a-f]{32}"#, "ID"), (#"\b[0-9a-f]{8}\b"#, "ID"), (#"\S*/python3? -um"#, "PY -um"),
            (#"events\.out\.tfevents\.\S+"#, "events.out.tfevents.X"), (#"loss: -?[0-9.e-]+"#, "loss: L"),
            (#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"#, "TIME"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }
}
