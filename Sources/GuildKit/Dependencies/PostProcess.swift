import Foundation

/// A source's `post-process` command, run once in the directory the source resolved into (a
/// marker file `.guild-cache-<sha1>.post` records that it ran), as Guild AI does.
enum PostProcess {
    static func run(
        _ source: ResourceSource, of dependency: OperationDependency, in directory: String, context: ResolveContext
    ) throws {
        guard let script = source.postProcess?.trimmingCharacters(in: .whitespacesAndNewlines), !script.isEmpty
        else { return }
        let command = try projectSourceFunctions(
            script.replacingOccurrences(of: "\n", with: " "), location: dependency.location.path)
        let marker = directory + "/.guild-cache-\(Hashing.sha1(command)).post"
        if FileManager.default.fileExists(atPath: marker) { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        context.log(
            "Post processing \(dependency.resource.resolvingName) resource in \(directory): '\(command)'")
        guard let result = HelperCommand.run(["sh", "-c", command], in: URL(fileURLWithPath: directory)) else {
            throw DependencyError("error post processing \(dependency.resource.resolvingName) resource: cannot run sh")
        }
        guard result.status == 0 else {
            throw DependencyError(
                "error post processing \(dependency.resource.resolvingName) resource: Command '\(command)' returned "
                    + "non-zero exit status \(result.status).")
        }
        try FastFile.write("", to: marker)
    }

    /// `$(project-src PATH)` replaced by PATH's absolute path under the guild.yml directory.
    private static func projectSourceFunctions(_ script: String, location: String) throws -> String {
        var out = ""
        var rest = script[...]
        while let start = rest.range(of: "$(project-src "), let end = rest[start.upperBound...].firstIndex(of: ")") {
            out += rest[..<start.lowerBound]
            let arg = String(rest[start.upperBound..<end]).trimmingCharacters(in: .whitespaces)
            let path = PathText.join(location, (try? Shlex.split(arg).first) ?? arg)
            guard FileManager.default.fileExists(atPath: path) else {
                throw DependencyError("project-src failed: could not find '\(arg)' in path '\(location)'")
            }
            out += path
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
