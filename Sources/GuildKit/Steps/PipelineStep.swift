import Foundation

/// One step of a `steps:` op, as Guild AI's steps_main reads it from the pipeline run's `steps`
/// attr (reference 3.2): a `run:` spec (a `guild run` command line without `guild run`) and the
/// step options of its map, with `${flag}` references resolved against the pipeline's flags.
struct PipelineStep {
    var name: String
    /// The `run:` spec as written.
    var spec: String
    var opspec: String
    var flags: [String: YAMLValue]
    var batchFiles: [String]
    /// `guild run` options for the step's run, in Guild's order.
    var options: [String]
    var isolateRuns: Bool
    var checks: [StepCheck]
    /// Run options the spec used that a step does not pass on (Guild warns about each).
    var ignoredOptions: [String]

    /// `guild run` options a step's `run:` may hold, by the step key that overrides them.
    private static let stepOptions: [(key: String, names: [String], takesValue: Bool)] = [
        ("batch-label", ["--batch-label", "-bl"], true),
        ("batch-tags", ["--batch-tag", "-bt"], true),
        ("fail-on-trial-error", ["--fail-on-trial-error"], false),
        ("force-flags", ["--force-flags"], false),
        ("label", ["--label", "-l"], true),
        ("max-trials", ["--max-trials", "-m", "--trials"], true),
        ("maximize", ["--maximize", "-X"], true),
        ("minimize", ["--minimize", "-N"], true),
        ("needed", ["--needed", "-n"], false),
        ("opt-flags", ["--opt-flag", "-Fo"], true),
        ("optimize", ["--optimize", "-O"], false),
        ("optimizer", ["--optimizer", "-o"], true),
        ("random-seed", ["--random-seed"], true),
        ("stop-after", ["--stop-after"], true),
        ("tags", ["--tag", "-t"], true),
    ]

    /// Other `guild run` options that take a value: accepted in a spec, then ignored.
    private static let otherValueOptions: Set<String> = [
        "-c", "--comment", "--run-dir", "--run-id", "--pidfile", "--pid", "--restart", "--start", "--proto",
        "--save-trials", "--parallel", "-bc", "--batch-comment", "--gpus", "-r", "--remote",
    ]

    /// - Parameters:
    ///   - data: the step, a string or a mapping, as in the `steps` attr.
    ///   - parentFlags: the pipeline run's flags, for `${flag}` references and `STEP:FLAG` flags.
    ///   - parentModel: the pipeline op's model, given to steps that name none.
    ///   - parentParams: the pipeline run's `run_params`, whose label and tags steps inherit.
    /// - Throws: `GuildError` for a step without `run`, a spec that cannot be parsed, or bad flags.
    init(
        _ data: YAMLValue, parentFlags: [String: YAMLValue], parentModel: String,
        parentParams: [String: YAMLValue]
    ) throws {
        var map: [String: YAMLValue]
        switch data {
        case .string(let run): map = ["run": .string(run)]
        case .map(let m): map = m
        default: throw GuildError("invalid step data: \(pyRepr(data))")
        }
        let spec = (map["run"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces)
        guard !spec.isEmpty else { throw GuildError("invalid step \(pyRepr(YAMLValue.map(map))): must define run") }
        self.spec = spec
        var parsed = try Self.parse(spec)
        guard let opspec = parsed.opspec else {
            throw GuildError("invalid step \(pyRepr(YAMLValue.map(map))): must define run")
        }
        // Step keys override what the spec says.
        for option in Self.stepOptions {
            guard let value = map[option.key] else { continue }
            parsed.values[option.key] = Self.optionValues(value, takesValue: option.takesValue)
        }
        if let flags = map["flags"] {
            parsed.flagAssigns = try Self.flagAssigns(flags)
        }
        // A step with no label or tags of its own gets the pipeline's.
        if parsed.values["label"] == nil, let label = parentParams["label"], !label.isNull {
            parsed.values["label"] = [label.stringValue ?? label.flowEncoded()]
        }
        if parsed.values["tags"] == nil, let tags = parentParams["tags"]?.listValue, !tags.isEmpty {
            parsed.values["tags"] = tags.map { $0.stringValue ?? $0.flowEncoded() }
        }
        self.opspec = opspec.contains(":") || parentModel.isEmpty ? opspec : "\(parentModel):\(opspec)"
        name = map["name"]?.stringValue ?? opspec
        batchFiles = parsed.batchFiles
        isolateRuns = map["isolate-runs"].map { $0 != .bool(false) && !$0.isNull } ?? true
        checks = try (map["expect"].map { $0.listValue ?? [$0] } ?? []).map(StepCheck.init)
        ignoredOptions = parsed.ignored

        var flags = parsed.flagAssigns
        // Pipeline flags named `OPSPEC:FLAG` or `STEP:FLAG` go to this step (the first prefix wins).
        var prefixed: [String: YAMLValue] = [:]
        for prefix in [self.opspec + ":", name + ":"] {
            for (full, value) in parentFlags where full.hasPrefix(prefix) {
                let stripped = String(full.dropFirst(prefix.count))
                if prefixed[stripped] == nil { prefixed[stripped] = value }
            }
        }
        flags.merge(prefixed) { $1 }
        self.flags = flags.compactMapValues { value in
            let resolved = Self.resolveReferences(value, in: parentFlags)
            return resolved.isNull ? nil : resolved
        }
        options = Self.commandOptions(parsed.values, parentFlags: parentFlags)
    }

    /// The spec's parts: the opspec, flag assigns, `@` batch files and option values by step key.
    private struct ParsedSpec {
        var opspec: String?
        var flagAssigns: [String: YAMLValue] = [:]
        var batchFiles: [String] = []
        var values: [String: [String]] = [:]
        var ignored: [String] = []
    }

    private static func parse(_ spec: String) throws -> ParsedSpec {
        var tokens: ArraySlice<String>
        do {
            tokens = try Shlex.split(spec)[...]
        } catch {
            throw GuildError("invalid run spec '\(spec)': \(error)")
        }
        var parsed = ParsedSpec()
        var positionals: [String] = []
        while let token = tokens.popFirst() {
            guard token.hasPrefix("-"), token.count > 1 else {
                positionals.append(token)
                continue
            }
            let (name, inline) = token.split(separator: "=", maxSplits: 1).map(String.init).splitPair()
            if let option = stepOptions.first(where: { $0.names.contains(name) }) {
                if option.takesValue {
                    guard let value = inline ?? tokens.popFirst() else {
                        throw GuildError("invalid run spec '\(spec)': option '\(name)' requires an argument")
                    }
                    parsed.values[option.key, default: []].append(value)
                } else {
                    parsed.values[option.key] = ["yes"]
                }
            } else {
                if otherValueOptions.contains(name) && inline == nil { _ = tokens.popFirst() }
                parsed.ignored.append(
                    String(name.drop { $0 == "-" }).replacingOccurrences(of: "-", with: "_"))
            }
        }
        for token in positionals {
            if token.hasPrefix("@") {
                parsed.batchFiles.append(String(token.dropFirst()))
            } else if let eq = token.firstIndex(of: "=") {
                parsed.flagAssigns[String(token[..<eq])] = FlagValueDecoder.decode(String(token[token.index(after: eq)...]))
            } else if parsed.opspec == nil {
                parsed.opspec = token
            } else {
                throw GuildError("invalid run spec '\(spec)': unexpected argument '\(token)'")
            }
        }
        return parsed
    }

    private static func optionValues(_ value: YAMLValue, takesValue: Bool) -> [String]? {
        if !takesValue {
            return value == .bool(true) || value.stringValue.map { FlagValueDecoder.decode($0) } == .bool(true) ? ["yes"] : nil
        }
        switch value {
        case .null: return nil
        case .list(let items): return items.map { $0.stringValue ?? $0.flowEncoded() }
        default: return [value.stringValue ?? value.flowEncoded()]
        }
    }

    /// A step's `flags`: a mapping, or a list of `NAME=VAL` (which Guild AI 0.9.0 crashed on).
    private static func flagAssigns(_ flags: YAMLValue) throws -> [String: YAMLValue] {
        switch flags {
        case .null: return [:]
        case .map(let map): return map
        case .list(let items):
            var out: [String: YAMLValue] = [:]
            for item in items {
                guard let text = item.stringValue, let eq = text.firstIndex(of: "=") else {
                    throw GuildError("invalid argument(s):\n\(item.stringValue ?? item.flowEncoded())\nexpected NAME=VAL")
                }
                out[String(text[..<eq])] = FlagValueDecoder.decode(String(text[text.index(after: eq)...]))
            }
            return out
        default: throw GuildError("invalid flags value \(flags.flowEncoded())")
        }
    }

    /// Guild's `resolve_refs`: a value that is one `${name}` becomes that flag's value (null
    /// when the pipeline has no such flag); references inside text are replaced by the values'
    /// YAML text; `\${name}` stays literal.
    static func resolveReferences(_ value: YAMLValue, in flags: [String: YAMLValue]) -> YAMLValue {
        guard case .string(let text) = value, text.contains("${") else { return value }
        var parts: [YAMLValue] = []
        var rest = text[...]
        while let start = rest.range(of: "${") {
            let escaped = start.lowerBound > rest.startIndex && rest[rest.index(before: start.lowerBound)] == "\\"
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            var before = String(rest[..<start.lowerBound])
            if escaped {
                before.removeLast()
                parts.append(.string(before + String(rest[start.lowerBound...end])))
            } else {
                if !before.isEmpty { parts.append(.string(before)) }
                parts.append(flags[String(rest[start.upperBound..<end])] ?? .null)
            }
            rest = rest[rest.index(after: end)...]
        }
        if !rest.isEmpty { parts.append(.string(String(rest))) }
        if parts.count == 1 { return parts[0] }
        return .string(parts.map { $0.stringValue ?? $0.yamlFlowEncoded() }.joined())
    }

    /// The options passed to the step's `guild run`, in Guild's steps_main order.
    private static func commandOptions(_ values: [String: [String]], parentFlags: [String: YAMLValue]) -> [String] {
        func resolved(_ text: String) -> String? {
            let value = resolveReferences(.string(text), in: parentFlags)
            return value.isNull ? nil : value.stringValue ?? value.flowEncoded()
        }
        var out: [String] = []
        if let label = values["batch-label"]?.last { out += ["--batch-label", label] }
        for tag in values["batch-tags"] ?? [] { out += ["--batch-tag", tag] }
        if values["fail-on-trial-error"] != nil { out.append("--fail-on-trial-error") }
        if values["force-flags"] != nil { out.append("--force-flags") }
        if let label = values["label"]?.last.flatMap(resolved), !label.isEmpty { out += ["--label", label] }
        if let n = values["max-trials"]?.last { out += ["--max-trials", n] }
        if let name = values["maximize"]?.last { out += ["--maximize", name] }
        if let name = values["minimize"]?.last { out += ["--minimize", name] }
        if values["needed"] != nil { out.append("--needed") }
        for flag in values["opt-flags"] ?? [] { out += ["--opt-flag", flag] }
        if values["optimize"] != nil { out.append("--optimize") }
        if let name = values["optimizer"]?.last { out += ["--optimizer", name] }
        if let seed = values["random-seed"]?.last { out += ["--random-seed", seed] }
        if let minutes = values["stop-after"]?.last { out += ["--stop-after", minutes] }
        for tag in values["tags"] ?? [] { if let tag = resolved(tag) { out += ["--tag", tag] } }
        return out
    }
}

extension Array where Element == String {
    /// `[a, b]` as `(a, b)`, `[a]` as `(a, nil)`.
    fileprivate func splitPair() -> (String, String?) { (self[0], count > 1 ? self[1] : nil) }
}
