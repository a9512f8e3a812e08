import Foundation

/// An `expect:` check of a pipeline step, as Guild AI's run_check does it: the run's output
/// matches a pattern, or its files (a glob) exist, contain a pattern, or equal another file.
enum StepCheck {
    case output(pattern: String)
    case file(path: String, compareTo: String?, contains: String?)

    struct Failed: Error {
        let message: String
    }

    /// - Throws: `GuildError` for a check that is neither `output` nor `file`, or a bad pattern.
    init(_ data: YAMLValue) throws {
        let map = data.mapValue ?? [:]
        if let path = map["file"]?.stringValue {
            let contains = map["contains"]?.stringValue
            if let contains { _ = try Self.regex(contains) }
            self = .file(path: path, compareTo: map["compare-to"]?.stringValue, contains: contains)
        } else if let pattern = map["output"]?.stringValue {
            _ = try Self.regex(pattern)
            self = .output(pattern: pattern)
        } else {
            throw GuildError("invalid check config - expected one of: file, output")
        }
    }

    /// Checks `run`, logging what it looks at as Guild AI does.
    /// - Throws: `Failed` with Guild's message when the check fails.
    func check(_ run: Run, environment: [String: String], log: (String) -> Void) throws {
        switch self {
        case .output(let pattern):
            log("INFO: [guild] checking run \(run.id) output for \(pyRepr(pattern))")
            let output = try Self.read(run.guildDirectory.appendingPathComponent("output").path)
            guard try Self.regex(pattern).firstMatch(in: output) != nil else {
                throw Failed(message: "could not find pattern \(pyRepr(pattern)) in run \(run.id) output")
            }
        case .file(let path, let compareTo, let contains):
            log("INFO: [guild] checking run \(run.id) files \(pyRepr(path))")
            let matches = Self.files(matching: path, in: run.directory.path)
            guard !matches.isEmpty else { throw Failed(message: "no files matching \(path) in run \(run.id)") }
            for full in matches {
                let relative = PathText.relative(full, to: run.directory.path)
                if let compareTo {
                    let expected = run.directory.appendingPathComponent(
                        StepCheck.environmentReferences(compareTo, environment)).path
                    log("INFO: [guild] comparing run \(run.id) file \(relative) to \(expected)")
                    guard try Self.read(full) == Self.read(expected) else {
                        throw Failed(message: "unexpected file contents - see above for details")
                    }
                }
                if let contains {
                    log("INFO: [guild] checking run \(run.id) file \(relative) for \(pyRepr(contains))")
                    guard try Self.regex(contains).firstMatch(in: Self.read(full)) != nil else {
                        throw Failed(
                            message: "could not find pattern \(pyRepr(contains)) in run \(run.id) file \(relative)")
                    }
                }
            }
        }
    }

    /// Python's `glob.glob(os.path.join(dir, pattern))`.
    private static func files(matching pattern: String, in dir: String) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        guard glob(PathText.join(dir, pattern), 0, nil, &found) == 0 else { return [] }
        return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
    }

    private static func regex(_ pattern: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw GuildError("invalid regular expression: \(pyRepr(pattern))")
        }
    }

    private static func read(_ path: String) throws -> String {
        guard let text = FastFile.readString(path) else { throw Failed(message: "error reading run output from \(path)") }
        return text
    }

    /// `${NAME}` in a path replaced by the environment's value.
    private static func environmentReferences(_ path: String, _ environment: [String: String]) -> String {
        PipelineStep.resolveReferences(.string(path), in: environment.mapValues(YAMLValue.string)).stringValue ?? path
    }
}

extension NSRegularExpression {
    /// The first match anywhere in `text` (Python's `re.search`).
    fileprivate func firstMatch(in text: String) -> NSTextCheckingResult? {
        firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    }
}
