import Foundation

/// Runs the `dvc` executable from PATH.
enum DvcCommand {
    /// The `dvc` on PATH.
    /// - Throws: `DependencyError` with the install hint when there is none.
    static func executable(environment: [String: String]) throws -> String {
        guard let path = try? ExecutableLookup.find("dvc", environment: environment) else {
            throw DependencyError("cannot find 'dvc' on PATH: install DVC with 'pip install dvc'")
        }
        return path
    }

    /// Runs `dvc ARGS` in `directory`; its output is passed to `log` line by line.
    /// - Returns: the exit status and dvc's output.
    static func run(
        _ args: [String], in directory: String, environment: [String: String], log: @Sendable (String) -> Void
    ) throws -> (status: Int32, output: String) {
        let dvc = try executable(environment: environment)
        guard
            let result = HelperCommand.run(
                [dvc] + args, in: URL(fileURLWithPath: directory), environment: environment)
        else { throw DependencyError("cannot run \(dvc)") }
        let output = String(decoding: result.stdout, as: UTF8.self) + result.stderr
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) { log(String(line)) }
        return (result.status, output)
    }
}
