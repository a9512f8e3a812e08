import Foundation
import GuildKit
import Subprocess
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `guild` executable and a scratch Guild home and project for one test.
struct GuildSandbox: ~Copyable {
    let root: URL
    let home: URL
    let project: URL

    /// Makes a temp dir with an empty Guild home and, if given, a copy of `examples/<example>`.
    init(example: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("guild-test-\(UUID().uuidString)")
        home = root.appendingPathComponent("home")
        project = root.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        if let example {
            try FileManager.default.copyItem(at: Self.examplesDirectory.appendingPathComponent(example), to: project)
        } else {
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        }
    }

    deinit {
        // Foundation's recursive removeItem has crashed here on Linux; rm is dependable. It is
        // spawned and reaped directly: Foundation.Process.waitUntilExit has blocked a test
        // thread here for tens of seconds under load, stalling every other test.
        Self.runAndWait(["/bin/rm", "-rf", root.path])
    }

    /// Runs `argv` and waits for it, without Foundation.Process; returns its exit status.
    @discardableResult
    static func runAndWait(_ argv: [String]) -> Int32 {
        guard let pid = try? ChildProcess.start(argv) else { return -1 }
        return reap(pid)
    }

    /// Waits for a child process without Foundation.Process.waitUntilExit; returns its exit status.
    @discardableResult
    static func reap(_ pid: pid_t) -> Int32 { Int32(ChildProcess.wait(pid)) }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let examplesDirectory = packageRoot.appendingPathComponent("examples")

    /// `GUILD_BIN`, else the `guild` beside the test bundle.
    static var binary: String {
        if let bin = ProcessInfo.processInfo.environment["GUILD_BIN"] { return bin }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("guild")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/guild").path
    }

    /// The environment every command gets: this sandbox's Guild home, and a fixed HOME. Guild's
    /// "Refreshing flags..." note (on the first import of a script's flags) is off, as both
    /// tools allow, so that tests read the messages they check; the flag-import tests turn it on.
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GUILD_HOME"] = home.path
        env["HOME"] = root.path
        env["NO_IMPORT_FLAGS_PROGRESS"] = "1"
        env.removeValue(forKey: "VIRTUAL_ENV")
        env.removeValue(forKey: "CONDA_PREFIX")
        return env
    }

    /// examples/batch with six kept trials (x = 1..3, noise = 0 and 0.1; loss = (x-2)^2 + noise)
    /// and their batch run, for the compare and filter tests.
    static func batchGrid() async throws -> GuildSandbox {
        let box = try GuildSandbox(example: "batch")
        let result = try await box.guild("run", "train", "x=[1,2,3]", "noise=[0,0.1]", "--keep-batch", "-y", "-q")
        #expect(result.exitCode == 0, "\(result.stderr)")
        return box
    }

    /// Writes `text` to `name` in the project.
    func write(_ name: String, _ text: String) throws {
        let url = project.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `guild ARGS` in the project and returns its exit code and output.
    @discardableResult
    func guild(_ args: String..., env extra: [String: String] = [:], cwd: URL? = nil) async throws -> CommandResult {
        try await guild(Array(args), env: extra, cwd: cwd)
    }

    func guild(_ args: [String], env extra: [String: String] = [:], cwd: URL? = nil, input: String? = nil)
        async throws -> CommandResult
    {
        try await Self.run(
            Self.binary, args, environment: environment.merging(extra) { $1 }, cwd: cwd ?? project, input: input)
    }

    /// Runs any command and collects its output; `input` is its standard input (default: none,
    /// so a prompt reads EOF).
    static func run(
        _ executable: String, _ args: [String], environment: [String: String], cwd: URL, input: String? = nil
    ) async throws -> CommandResult {
        var env: [Environment.Key: String] = [:]
        for (k, v) in environment { if let key = Environment.Key(rawValue: k) { env[key] = v } }
        let exe = executable.contains("/") ? Executable.path(FilePath(executable)) : Executable.name(executable)
        let result =
            if let input {
                try await Subprocess.run(
                    exe, arguments: Arguments(args), environment: .custom(env), workingDirectory: FilePath(cwd.path),
                    input: .string(input), output: .string(limit: 16 << 20), error: .string(limit: 16 << 20))
            } else {
                try await Subprocess.run(
                    exe, arguments: Arguments(args), environment: .custom(env), workingDirectory: FilePath(cwd.path),
                    output: .string(limit: 16 << 20), error: .string(limit: 16 << 20))
            }
        let code: Int32
        switch result.terminationStatus {
        case .exited(let c): code = c
        case .signaled(let s): code = -s
        }
        return CommandResult(exitCode: code, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// Polls `guild select --attr status` for up to 60 s until it prints `status` (a loaded CI
    /// machine can take many seconds to start a background op's Python).
    func waitForStatus(_ status: String) async throws -> String {
        var current = ""
        for _ in 0..<600 {
            current = try await guild("select", "--attr", "status").stdout
            if current == status + "\n" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return current.trimmingCharacters(in: .newlines)
    }

    /// The ids of the runs in the Guild home.
    func runIds() throws -> [String] {
        let dir = home.appendingPathComponent("runs")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    func runDirectory(_ id: String) -> URL { home.appendingPathComponent("runs/\(id)") }

    /// The id of the run `guild select` picks (the latest).
    func latestRunId() async throws -> String {
        try await guild("select").stdout.trimmingCharacters(in: .newlines)
    }

    /// The text of run `id`'s `.guild/opref`.
    func opref(_ id: String) throws -> String {
        try String(contentsOf: runDirectory(id).appendingPathComponent(".guild/opref"), encoding: .utf8)
    }

    /// The raw text of attr `name` of run `id`.
    func attr(_ id: String, _ name: String) throws -> String {
        try String(contentsOf: runDirectory(id).appendingPathComponent(".guild/attrs/\(name)"), encoding: .utf8)
    }
}

/// What a command printed and returned.
struct CommandResult {
    let exitCode: Int32
    let stdout: String
    let stderr: String
}

extension GuildSandbox {
    /// Sends `signal` to `pid` as soon as the `.guild/output` of a run under `runsDirectory`
    /// contains `text` (waiting up to 60 s); returns when it was sent (wall clock, read just
    /// before, to compare with the run's own timestamps), or nil.
    ///
    /// Tests that signal guild mid-run watch the run files from a thread of their own: guild's
    /// piped stdout, and tasks of the test process, can be seconds late on a busy machine.
    static func signal(
        _ pid: pid_t, _ signal: Int32, whenRunOutputIn runsDirectory: URL, contains text: String
    ) async -> Date? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    for id in (try? FileManager.default.contentsOfDirectory(atPath: runsDirectory.path)) ?? [] {
                        let output = runsDirectory.appendingPathComponent("\(id)/.guild/output")
                        if let data = FileManager.default.contents(atPath: output.path),
                            String(decoding: data, as: UTF8.self).contains(text)
                        {
                            // Taken before the signal: guild's reaction is never measured short.
                            let sent = Date()
                            kill(pid, signal)
                            continuation.resume(returning: sent)
                            return
                        }
                    }
                    usleep(20_000)
                }
                continuation.resume(returning: nil)
            }
        }
    }
}
