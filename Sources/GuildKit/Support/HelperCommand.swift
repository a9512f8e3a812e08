import Foundation

/// Runs a short helper command (`git`, `python3 -c ...`) and collects its stdout. Foundation's
/// Process is enough here: nothing is signalled or streamed, and the output is read before
/// waiting (STYLE §8); ops themselves run under ProcessSupervisor.
enum HelperCommand {
    /// The command's stdout when it exits 0, else nil. `argv[0]` is looked up on PATH.
    static func output(
        _ argv: [String], in directory: URL? = nil, environment: [String: String]? = nil
    ) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}
