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

    /// Runs `dvc ARGS` in `directory` with guild's stdout and stderr, as Guild AI runs `dvc pull`
    /// while it resolves dependencies.
    /// - Returns: dvc's exit status (negative for a signal).
    static func runOnConsole(_ args: [String], in directory: String, environment: [String: String]) throws -> Int {
        let dvc = try executable(environment: environment)
        let pid = try ChildProcess.start(
            ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, dvc] + args, environment: environment)
        return ChildProcess.wait(pid)
    }
}
