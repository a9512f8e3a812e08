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

    @Test("event files written by TensorBoard's own writer (TF1 simple_value and TF2 tensor scalars) are compared")
    func readsTensorBoardWriters() async throws {
        let python = URL(fileURLWithPath: tensorBoard!).deletingLastPathComponent().appendingPathComponent("python")
            .path
        try #require(FileManager.default.isExecutableFile(atPath: python))
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  exec: 'true'\n")
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        let id = try #require(try box.runIds().first)
        let script = """
            import sys, numpy as np
            from tensorboard.summary.writer.event_file_writer import EventFileWriter
            from tensorboard.compat.proto import summary_pb2, event_pb2
            from tensorboard.util import tensor_util
            run = sys.argv[1]
            w = EventFileWriter(run)  # TF1 style: simple_value
            for step, v in enumerate([0.9, 0.5, 0.25]):
                s = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="loss", simple_value=v)])
                w.add_event(event_pb2.Event(wall_time=1.0, step=step, summary=s))
            w.close()
            w = EventFileWriter(run + "/val")  # TF2 style: a float tensor with the scalars plugin
            meta = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
            for step, v in [(1, 0.5), (2, 0.75)]:
                t = tensor_util.make_tensor_proto(np.float32(v))
                s = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="acc", tensor=t, metadata=meta)])
                w.add_event(event_pb2.Event(wall_time=1.0, step=step, summary=s))
            w.close()
            """
        let written = try await GuildSandbox.run(
            python, ["-c", script, box.runDirectory(id).path], environment: box.environment, cwd: box.project)
        #expect(written.exitCode == 0, "\(written.stderr)")
        let csv = try await box.guild("compare", "--csv", "-", "-cc", "loss,min loss as best,val#acc,val#acc step")
        #expect(csv.stdout == "run,loss,best,val acc,val acc step\n\(id.prefix(8)),0.25,0.25,0.75,2\n", "\(csv.stderr)")
        let info = try await box.guild("runs", "info")
        #expect(info.stdout.contains("  loss: 0.250000 (step 2)\n  val#acc: 0.750000 (step 2)\n"), "\(info.stdout)")
    }

    @Test("without TensorBoard: a one-line error with the install hint")
    func missing() async throws {
        let box = try GuildSandbox()
        let result = try await box.guild("tensorboard", "--no-open", env: ["PATH": "/usr/bin:/bin", "TENSORBOARD": ""])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "guild: TensorBoard is not installed: install it with 'pip install tensorboard'\n")
    }
}
