import Foundation

/// Runs a short helper command (`git`, `python3 -c ...`) and collects its stdout. Foundation's
/// Process is enough here: nothing is signalled or streamed, and the output is read before
/// waiting (STYLE §8); ops themselves run under ProcessSupervisor.
enum HelperCommand {
    /// The command's stdout when it exits 0, else nil. `argv[0]` is looked up on PATH.
    static func output(
        _ argv: [String], in directory: URL? = nil, environment: [String: String]? = nil
    ) -> Data? {
        let result = run(argv, in: directory, environment: environment)
        return result?.status == 0 ? result?.stdout : nil
    }

    /// The command's exit status, stdout and stderr; nil when it cannot be started.
    static func run(
        _ argv: [String], in directory: URL? = nil, environment: [String: String]? = nil
    ) -> (status: Int32, stdout: Data, stderr: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let pipe = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = errors
        guard (try? process.run()) != nil else { return nil }
        // stderr is read on its own thread so neither pipe can fill up and stall the helper.
        let errorText = ErrorCollector()
        let reader = Thread { errorText.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, errorText.wait())
    }
}

/// Hands stderr from its reader thread to the waiting caller.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    func set(_ data: Data) {
        self.data = data
        done.signal()
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
