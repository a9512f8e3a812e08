import Foundation
import Subprocess
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// TensorBoard from `TENSORBOARD`, else beside Guild AI's `guild` (a guildai dependency), else PATH.
private let tensorBoard: String? = {
    let env = ProcessInfo.processInfo.environment
    var candidates = [env["TENSORBOARD"]]
    if let guildAI = env["GUILDAI_BIN"] {
        candidates.append(
            URL(fileURLWithPath: guildAI).deletingLastPathComponent().appendingPathComponent("tensorboard").path)
    }
    candidates += (env["PATH"] ?? "").split(separator: ":").map { "\($0)/tensorboard" }
    return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

@Suite(
    "guild tensorboard", .tags(.e2e),
    .enabled(if: tensorBoard != nil, "TensorBoard is not installed (.ci/run installs it with guildai)"))
struct TensorBoardTests {
    @Test("the real TensorBoard serves the runs under Guild's names, reads our event files, and picks up new runs")
    func serves() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=1", "-y", "-q").exitCode == 0)
        let first = try #require(try box.runIds().first)
        let port = 20000 + Int.random(in: 0..<20000)
        var env: [Environment.Key: String] = [:]
        for (k, v) in box.environment { if let key = Environment.Key(rawValue: k) { env[key] = v } }
        env["TENSORBOARD"] = tensorBoard!
        let binary = GuildSandbox.binary
        let project = box.project.path
        let boxEnv = box.environment
        // Polls TensorBoard's HTTP API (loopback) until the answer contains `text`.
        let poll = """
            import sys, time, urllib.request
            url, text = sys.argv[1], sys.argv[2]
            for _ in range(300):
                try:
                    body = urllib.request.urlopen(url, timeout=2).read().decode()
                    if text in body:
                        print(body); sys.exit(0)
                except Exception:
                    pass
                time.sleep(0.2)
            sys.exit(1)
            """
        let result = try await Subprocess.run(
            .path(FilePath(binary)),
            arguments: ["tensorboard", "--port", "\(port)", "--no-open", "--refresh-interval", "1"],
            environment: .custom(env), workingDirectory: FilePath(project), input: .none, output: .discarded,
            error: .discarded
        ) { execution -> (String, String, String) in
            let base = "http://127.0.0.1:\(port)/data"
            let runs = try await GuildSandbox.run(
                "/usr/bin/env", ["python3", "-c", poll, "\(base)/runs", String(first.prefix(8))], environment: boxEnv,
                cwd: URL(fileURLWithPath: project))
            let run = "\(first.prefix(8)) train"
            let name = runs.stdout.split(separator: "\"").first { $0.hasPrefix(run) }.map(String.init) ?? ""
            let scalars = try await GuildSandbox.run(
                "/usr/bin/env",
                [
                    "python3", "-c", poll,
                    "\(base)/plugin/scalars/scalars?tag=loss&run=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                    "[",
                ], environment: boxEnv, cwd: URL(fileURLWithPath: project))
            _ = try await GuildSandbox.run(
                binary, ["run", "train", "x=2", "-y", "-q"], environment: boxEnv, cwd: URL(fileURLWithPath: project))
            let second = try await GuildSandbox.run(
                "/usr/bin/env", ["python3", "-c", poll, "\(base)/runs", "x=2"], environment: boxEnv,
                cwd: URL(fileURLWithPath: project))
            kill(execution.processIdentifier.value, SIGTERM)
            return (runs.stdout, scalars.stdout, second.stdout)
        }
        let (runs, scalars, later) = result.closureResult
        #expect(runs.contains("\(first.prefix(8)) train "), "\(runs)")
        #expect(runs.contains(" noise=0.1 seed=0 sleep=0 x=1/.guild\""), "\(runs)")
        // TensorBoard's reader gets loss = 1.094172 (float32) at step 0 from our event file.
        #expect(scalars.contains(", 0, 1.0941"), "\(scalars)")
        #expect(later.contains("x=2/.guild"), "\(later)")
        #expect(result.terminationStatus == .exited(0))
    }

    @Test("without TensorBoard: a one-line error with the install hint")
    func missing() async throws {
        let box = try GuildSandbox()
        let result = try await box.guild("tensorboard", "--no-open", env: ["PATH": "/usr/bin:/bin", "TENSORBOARD": ""])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "guild: TensorBoard is not installed: install it with 'pip install tensorboard'\n")
    }
}
