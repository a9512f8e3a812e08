import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Copies process output to the console and to `.guild/output` + `output.index`, and logs
/// output scalars as they stream (reference 2.6, 6).
final class OutputRecorder: Sendable {
    enum Stream: UInt8 { case stdout = 0, stderr = 1 }

    private struct State {
        var outputFD: Int32
        var indexFD: Int32
        var splitters: [OutputLineSplitter]
        var scalars: OutputScalarParser?
        var events: EventFileWriter?
        var eventsDirectory: URL
    }

    private let state: Mutex<State>
    private let quiet: Bool
    /// Where output is echoed instead of the console: a batch's recorder for a trial it runs.
    private let echo: OutputRecorder?

    /// Opens the output files of `run` for appending; unless `quiet`, output is echoed to the
    /// console, or to `echo` when given.
    init(run: Run, quiet: Bool, scalars: sending OutputScalarParser?, echo: OutputRecorder? = nil) throws {
        let guildDir = run.guildDirectory.path
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
        let out = open(guildDir + "/output", flags, 0o644)
        let index = open(guildDir + "/output.index", flags, 0o644)
        guard out >= 0, index >= 0 else {
            throw GuildError("cannot open output files in \(guildDir): \(String(cString: strerror(errno)))")
        }
        self.quiet = quiet
        self.echo = echo
        state = Mutex(
            State(
                outputFD: out, indexFD: index, splitters: [OutputLineSplitter(), OutputLineSplitter()],
                scalars: scalars, events: nil, eventsDirectory: run.guildDirectory))
    }

    /// Records one chunk read from `stream`.
    func record(_ bytes: UnsafeRawBufferPointer, stream: Stream) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if let echo, !quiet {
            echo.record(bytes, stream: stream)
        } else if !quiet {
            Self.writeAll(stream == .stdout ? 1 : 2, base, bytes.count)
        }
        state.withLock { state in
            Self.writeAll(state.outputFD, base, bytes.count)
            let lines = state.splitters[Int(stream.rawValue)].feed(Array(bytes))
            handle(lines, stream: stream, state: &state)
        }
    }

    /// Records a line Guild itself logs (`INFO: [guild] Running trial ...`) as stderr output.
    func log(_ line: String) {
        Array((line + "\n").utf8).withUnsafeBytes { record($0, stream: .stderr) }
    }

    /// Flushes a final partial line of each stream and closes the files.
    func finish() {
        state.withLock { state in
            for stream in [Stream.stdout, .stderr] {
                if let line = state.splitters[Int(stream.rawValue)].finish() {
                    handle([line], stream: stream, state: &state)
                }
            }
            state.events?.close()
            state.events = nil
            close(state.outputFD)
            close(state.indexFD)
            state.outputFD = -1
            state.indexFD = -1
        }
    }

    private func handle(_ lines: [String], stream: Stream, state: inout State) {
        guard !lines.isEmpty, state.indexFD >= 0 else { return }
        let ms = UInt64(Date().timeIntervalSince1970 * 1000)
        var entry = [UInt8](repeating: 0, count: 9 * lines.count)
        for i in 0..<lines.count {
            for b in 0..<8 { entry[i * 9 + b] = UInt8((ms >> (56 - 8 * UInt64(b))) & 0xff) }
            entry[i * 9 + 8] = stream.rawValue
        }
        entry.withUnsafeBytes { Self.writeAll(state.indexFD, $0.baseAddress!, $0.count) }
        guard state.scalars != nil else { return }
        var logged = false
        for line in lines {
            for scalar in state.scalars!.parse(line: line) {
                if state.events == nil {
                    state.events = try? EventFileWriter(directory: state.eventsDirectory)
                }
                state.events?.addScalar(tag: scalar.key, value: scalar.value, step: scalar.step)
                logged = true
            }
        }
        if logged { state.events?.flush() }
    }

    private static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) {
        var offset = 0
        while offset < count {
            let n = write(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
