import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// Runs an op's process: output streamed to the recorder, signals relayed, exit status
/// mapped as Guild records it.
struct ProcessSupervisor {
    var argv: [String]
    var environment: [String: String]
    var workingDirectory: URL
    /// How long an op may take to exit after a Ctrl-C before it is killed (Guild AI: 30 s).
    var interruptTimeout: Duration = .seconds(30)
    /// Where warnings go (the CLI prints them to stderr).
    var log: @Sendable (String) -> Void = { _ in }
    /// False when the recorder is shared by several processes (a batch's trials) and closed by its owner.
    var finishesRecorder = true
    /// `--stop-after`: the op gets SIGTERM after this long, and SIGKILL `stopKillDelay` later.
    var stopAfter: Duration?
    var stopKillDelay: Duration = .seconds(30)

    /// Starts the process, calls `onStart` with its pid, and waits for it and its output.
    /// - Returns: the exit code, `-signal` when killed by a signal, or -16 when Guild got a Ctrl-C.
    func run(recorder: OutputRecorder, onStart: @Sendable (Int32) throws -> Void) async throws -> Int {
        guard let executable = argv.first else { throw GuildError("the operation command is empty") }
        // A Ctrl-C or SIGTERM while the run was being set up: do not start the op at all.
        if SignalRelay.stopRequested.load(ordering: .relaxed) {
            if finishesRecorder { recorder.finish() }
            return SignalRelay.interrupted.load(ordering: .relaxed) ? -16 : -15
        }
        var env: [Environment.Key: String] = [:]
        for (k, v) in environment { if let key = Environment.Key(rawValue: k) { env[key] = v } }
        let configuration = Configuration(
            executable: .path(FilePath(try ExecutableLookup.find(executable, environment: environment))),
            arguments: Arguments(Array(argv.dropFirst())),
            environment: .custom(env),
            workingDirectory: FilePath(workingDirectory.path),
            platformOptions: PlatformOptions())
        let result = try await launch(configuration) { execution in
            let pid = execution.processIdentifier.value
            SignalRelay.add(pid)
            defer { SignalRelay.remove(pid) }
            // A signal between the check above and `add` was not passed on: pass it now.
            if SignalRelay.stopRequested.load(ordering: .relaxed) {
                kill(pid, SignalRelay.interrupted.load(ordering: .relaxed) ? SIGINT : SIGTERM)
            }
            let watchdog = Task { [log] in await Self.killAfterInterrupt(pid, timeout: interruptTimeout, log: log) }
            defer { watchdog.cancel() }
            let timer = stopAfter.map { after in
                Task { [log, stopKillDelay] in await Self.stop(pid, after: after, killDelay: stopKillDelay, log: log) }
            }
            defer { timer?.cancel() }
            try onStart(pid)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await chunk in execution.standardOutput {
                        chunk.withUnsafeBytes { recorder.record($0, stream: .stdout) }
                    }
                }
                group.addTask {
                    for try await chunk in execution.standardError {
                        chunk.withUnsafeBytes { recorder.record($0, stream: .stderr) }
                    }
                }
                try await group.waitForAll()
            }
        }
        if finishesRecorder { recorder.finish() }
        if SignalRelay.interrupted.load(ordering: .relaxed) { return -16 }
        switch result.terminationStatus {
        case .exited(let code): return Int(code)
        case .signaled(let signal): return -Int(signal)
        }
    }
}

extension ProcessSupervisor {
    /// Once Guild has been interrupted, gives the op `timeout` to exit, then kills it, as
    /// Guild AI does; returns when cancelled (the op ended on its own).
    fileprivate static func killAfterInterrupt(
        _ pid: Int32, timeout: Duration, log: @Sendable (String) -> Void
    ) async {
        let poll = Duration.milliseconds(100)
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: poll)) != nil else { return }
            guard SignalRelay.interrupted.load(ordering: .relaxed) else { continue }
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            log("WARNING: Operation process did not exit - stopping forcefully")
            for process in ProcessTree.descendants(of: pid) + [pid] { kill(process, SIGKILL) }
            return
        }
    }

    /// `--stop-after`: once `after` has passed, SIGTERM, then SIGKILL if the op is still there
    /// `killDelay` later, as Guild AI does; returns when cancelled (the op ended first).
    fileprivate static func stop(
        _ pid: Int32, after: Duration, killDelay: Duration, log: @Sendable (String) -> Void
    ) async {
        let started = ContinuousClock.now
        guard (try? await Task.sleep(for: after)) != nil else { return }
        let elapsed = ContinuousClock.now - started
        let minutes = Double(elapsed.components.seconds) / 60 + Double(elapsed.components.attoseconds) / 6e19
        log("Stopping process early (pid \(pid)) - \(String(format: "%.1f", minutes)) minute(s) elapsed")
        kill(pid, SIGTERM)
        guard (try? await Task.sleep(for: killDelay)) != nil else { return }
        log("WARNING: Process did not terminate (pid \(pid)), killing")
        kill(pid, SIGKILL)
    }

    /// Runs `body` with the started process; a failure to start becomes a one-line GuildError.
    fileprivate func launch(
        _ configuration: Configuration,
        body: (Execution<FileDescriptorInput, SequenceOutput, SequenceOutput>) async throws -> Void
    ) async throws -> ExecutionResult<Void, SequenceOutput, SequenceOutput> {
        do {
            return try await Subprocess.run(
                configuration, input: .currentStandardInput, output: .sequence, error: .sequence, body: body)
        } catch let error as SubprocessError {
            throw GuildError("cannot start '\(argv[0])': \(error)")
        }
    }
}

/// The processes below a pid, from `/proc/*/stat`, so a forced stop leaves no orphans.
enum ProcessTree {
    static func descendants(of root: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), let parent = state(of: pid)?.parent else { continue }
            children[parent, default: []].append(pid)
        }
        var result: [Int32] = []
        var pending = [root]
        while let pid = pending.popLast() {
            for child in children[pid] ?? [] {
                result.append(child)
                pending.append(child)
            }
        }
        return result
    }

    /// A process's state letter (`R`, `S`, `Z`...) and parent pid, from `/proc/<pid>/stat`;
    /// nil when there is no such process.
    static func state(of pid: Int32) -> (letter: Substring, parent: Int32?)? {
        guard let stat = FastFile.readString("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
            return nil
        }
        // After "pid (comm)": state, then the parent pid.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard let letter = fields.first else { return nil }
        return (letter, fields.count > 1 ? Int32(fields[1]) : nil)
    }
}

/// Finds a command on PATH the way a shell would.
public enum ExecutableLookup {
    /// The absolute path of `name`, or `name` itself when it has a `/`.
    /// - Throws: `GuildError` when it is not on PATH.
    public static func find(_ name: String, environment: [String: String]) throws -> String {
        if name.contains("/") { return name }
        for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw GuildError("cannot find '\(name)' on PATH")
    }
}
