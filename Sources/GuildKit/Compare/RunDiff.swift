import Foundation

/// The path pairs `guild diff` hands to the diff command (Guild AI's `diff_impl`).
public struct RunDiff: Sendable {
    public var attrs = false
    public var env = false
    public var flags = false
    public var deps = false
    public var output = false
    public var sourcecode = false
    /// `-p/--path`: paths relative to each run directory (or to its source code with `--sourcecode`).
    public var paths: [String] = []

    public init() {}

    /// The pairs of paths to compare, in Guild's order; the run directories when nothing is chosen.
    public func pathPairs(_ run: Run, _ other: Run) -> [(String, String)] {
        func guildPath(_ run: Run, _ name: String) -> String { run.guildDirectory.appendingPathComponent(name).path }
        var pairs: [(String, String)] = []
        if attrs {
            pairs.append((guildPath(run, "attrs"), guildPath(other, "attrs")))
        } else {
            for (on, name) in [(env, "env"), (flags, "flags"), (deps, "deps")] where on {
                pairs.append((guildPath(run, "attrs/\(name)"), guildPath(other, "attrs/\(name)")))
            }
        }
        if output { pairs.append((guildPath(run, "output"), guildPath(other, "output"))) }
        if sourcecode {
            let (a, b) = (Self.sourceCodeDirectory(run), Self.sourceCodeDirectory(other))
            pairs += paths.isEmpty ? [(a, b)] : paths.map { (a + "/" + $0, b + "/" + $0) }
        } else {
            pairs += paths.map { (run.directory.path + "/" + $0, other.directory.path + "/" + $0) }
        }
        return pairs.isEmpty ? [(run.directory.path, other.directory.path)] : pairs
    }

    /// `--working`: the source code root of the run's op in its guildfile as it is now (the
    /// guildfile's directory plus the op's `sourcecode.root`), or a script op's directory; nil
    /// when neither can be found.
    public static func workingDirectory(of run: Run) -> String? {
        guard let opref = run.opref else { return nil }
        if opref.packageType == "script" { return opref.packageName }
        guard let current = try? ResolvedOperation.current(for: opref) else { return nil }
        let root = run.attribute("op")?.mapValue?["sourcecode"]?.mapValue?["root"]?.stringValue
        return PathText.join(current.guildfile.directory.path, root ?? "")
    }

    /// The run's source code copy: its directory plus the op's `sourcecode.dest`.
    public static func sourceCodeDirectory(_ run: Run) -> String {
        PathText.normalize(run.directory.path + "/" + run.sourceCodeDest)
    }
}
