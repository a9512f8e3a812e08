import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild runs info`: shows one run's fields, flags and scalars.
    struct Info: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "info", abstract: "Show run details.")

        @Argument(help: ArgumentHelp("The run to show (default is the latest).", valueName: "RUN")) var run: String?
        @Flag(name: [.customShort("s"), .customLong("all-scalars")], help: "Show all scalars.") var allScalars = false
        @Flag(name: [.short, .customLong("env")], help: "Show the run environment.") var env = false
        @Flag(name: [.customShort("d"), .customLong("deps")], help: "Show resolved dependencies.") var deps = false
        @Flag(name: [.customShort("c"), .customLong("comments")], help: "Show run comments.") var comments = false
        @Flag(name: [.customShort("m"), .customLong("manifest")], help: "Show manifest.") var manifest = false
        @Flag(name: [.customShort("p"), .customLong("plugins")], help: "Show plugins.") var plugins = false
        @Flag(name: .customLong("json"), help: "Format information as JSON.") var json = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let summary = try RunLookup(context: context, filter: try filters.filter()).selectOne(run, command: "runs info")
            let sections = RunInfoText.Sections(
                allScalars: allScalars, env: env, deps: deps, comments: comments, manifest: manifest, plugins: plugins)
            Console.outRaw(
                json
                    ? RunInfoText.renderJSON(summary, context: context, sections: sections)
                    : RunInfoText.render(summary, context: context, sections: sections))
        }
    }
}

/// The text of `guild runs info` (reference 8.2).
enum RunInfoText {
    /// The optional parts, in the order they are shown after the scalars.
    struct Sections {
        var allScalars = false
        var env = false
        var deps = false
        var comments = false
        var manifest = false
        var plugins = false
    }

    static func render(_ summary: RunSummary, context: GuildContext, sections: Sections) -> String {
        let (allScalars, showEnv, showDeps, showComments) = (sections.allScalars, sections.env, sections.deps, sections.comments)
        let run = summary.run
        var lines = coreFields(summary, context: context).map { name, value in
            "\(name): \(value.stringValue ?? value.flowEncoded())"
        }
        lines.append("tags:")
        for tag in run.attribute("tags")?.listValue ?? [] {
            lines.append("  - \(tag.stringValue ?? tag.flowEncoded())")
        }
        lines.append("flags:")
        let flags = run.flags
        for name in flags.keys.sorted(by: NaturalSort.less) {
            lines.append(flagLine(name, flags[name]!))
        }
        lines.append("scalars:")
        lines += scalarLines(run, all: allScalars)
        if showComments {
            lines.append("comments:")
            for comment in commentFields(run) {
                lines.append("  -")
                for (name, value) in comment {
                    var encoded = YAMLValue.string(value).flowEncoded()
                    if encoded.count >= 2 && encoded.hasPrefix("'") && encoded.hasSuffix("'") {
                        encoded = String(encoded.dropFirst().dropLast())
                    }
                    if encoded.contains("\n") {
                        lines.append("    \(name): |")
                        lines += encoded.split(separator: "\n", omittingEmptySubsequences: false).map {
                            "      " + $0.trimmingCharacters(in: .whitespaces)
                        }
                    } else {
                        lines.append("    \(name): \(encoded)")
                    }
                }
            }
        }
        if showEnv {
            lines.append("environment:")
            let env = run.attribute("env")?.mapValue ?? [:]
            for name in env.keys.sorted() {
                lines.append("  \(name): \(env[name]!.stringValue ?? env[name]!.flowEncoded())")
            }
        }
        if sections.manifest {
            lines.append("manifest:")
            // The text sorts the sections; the JSON keeps the manifest's order.
            for (section, paths) in manifestSections(run).sorted(by: { $0.0 < $1.0 }) {
                lines.append("  \(section):")
                lines += paths.map { "    - \($0)" }
            }
        }
        if showDeps {
            lines.append("dependencies:")
            let deps = run.attribute("deps") ?? .map([:])
            lines += deps.attrEncoded().split(separator: "\n").map { "  " + $0 }
        }
        if sections.plugins {
            lines.append("plugins:")
            lines += (run.attribute("plugins")?.listValue ?? []).map { "  - \($0.stringValue ?? $0.flowEncoded())" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `runs info --json`: the same fields as one JSON object, in the same order (reference
    /// 1.19); scalars as `[last value, step]`, or each summary with `-s`.
    static func renderJSON(_ summary: RunSummary, context: GuildContext, sections: Sections) -> String {
        let (allScalars, showEnv, showDeps, showComments) = (sections.allScalars, sections.env, sections.deps, sections.comments)
        let run = summary.run
        var fields = coreFields(summary, context: context)
        fields.append(("tags", .list(run.attribute("tags")?.listValue ?? [])))
        fields.append(("flags", .map(run.flags)))
        var scalars: [(String, String)] = []
        for s in RunScalars.read(runDirectory: run.directory).summaries {
            let key = s.prefix.isEmpty ? s.tag : "\(s.prefix)#\(s.tag)"
            if !allScalars && s.tag.hasPrefix("sys/") { continue }
            let pair = { (value: Double, step: Int) in YAMLValue.list([.float(value), .int(step)]) }
            // Guild AI's dict order; `max` pairs with the min step, as Guild AI 0.9.0 does.
            let value =
                allScalars
                ? JSONText.object(
                    [
                        ("first", pair(s.first, s.firstStep)), ("last", pair(s.last, s.lastStep)),
                        ("min", pair(s.min, s.minStep)), ("max", pair(s.max, s.minStep)),
                        ("avg", pair(s.avg, s.count)), ("total", pair(s.total, s.count)),
                    ].map { ($0.0, JSONText.encode($0.1)) }) : JSONText.encode(pair(s.last, s.lastStep))
            scalars.removeAll { $0.0 == key }
            scalars.append((key, value))
        }
        var encoded = fields.map { ($0.0, JSONText.encode($0.1)) }
        encoded.append(("scalars", JSONText.object(scalars)))
        if showComments {
            // Guild AI's dict order here: user, host, time, body.
            let comments = commentFields(run).map { comment in
                JSONText.object([comment[3], comment[1], comment[2], comment[0]].map { ($0.0, JSONText.encode(.string($0.1))) })
            }
            encoded.append(("comments", "[" + comments.joined(separator: ", ") + "]"))
        }
        if showEnv { encoded.append(("environment", JSONText.encode(run.attribute("env") ?? .map([:])))) }
        if sections.manifest {
            encoded.append(
                ("manifest", JSONText.object(manifestSections(run).map { ($0.0, JSONText.encode(.list($0.1.map(YAMLValue.string)))) })))
        }
        if showDeps { encoded.append(("dependencies", JSONText.encode(run.attribute("deps") ?? .map([:])))) }
        if sections.plugins { encoded.append(("plugins", JSONText.encode(run.attribute("plugins") ?? .list([])))) }
        return JSONText.object(encoded) + "\n"
    }

    /// The manifest's source code files and dependencies, each sorted, sections in the order
    /// they first appear.
    private static func manifestSections(_ run: Run) -> [(String, [String])] {
        var sections: [(String, [String])] = []
        for entry in Manifest.read(runDirectory: run.directory) {
            let name: String
            switch entry.kind {
            case .sourcecode: name = "sourcecode"
            case .dependency: name = "dependencies"
            case .internalFile: continue
            }
            if let i = sections.firstIndex(where: { $0.0 == name }) {
                sections[i].1.append(entry.path)
            } else {
                sections.append((name, [entry.path]))
            }
        }
        return sections.map { ($0.0, $0.1.sorted()) }
    }

    /// The fields every `runs info` starts with, then the run's other public attrs.
    static func coreFields(_ summary: RunSummary, context: GuildContext) -> [(String, YAMLValue)] {
        let run = summary.run
        let home = context.userHome.path
        let status = run.status
        var fields: [(String, YAMLValue)] = [
            ("id", .string(run.id)),
            ("operation", .string(summary.operationDisplay)),
            ("from", .string(fromDisplay(summary.opref, home: home))),
            ("status", .string(status.rawValue)),
            ("started", .string(run.attribute("started")?.intValue.map(Timestamp.format) ?? "")),
            ("stopped", .string(run.attribute("stopped")?.intValue.map(Timestamp.format) ?? "")),
            ("marked", .string(run.isMarked ? "yes" : "no")),
            ("label", .string(run.label)),
            ("sourcecode_digest", .string(run.attribute("sourcecode_digest")?.stringValue ?? "")),
            ("vcs_commit", .string(run.attribute("vcs_commit")?.stringValue ?? "")),
            ("run_dir", .string(PathDisplay.userPath(run.directory.path, home: home))),
            ("command", .string(RunDataEncoder.commandLine(run.attribute("cmd")))),
            ("exit_status", run.attribute("exit_status")?.intValue.map(YAMLValue.int) ?? .string("")),
            ("pid", status == .running ? run.lockPid.map { .int(Int($0)) } ?? .string("") : .string("")),
        ]
        for name in run.attributeNames() where !name.hasPrefix("_") && !CoreRunAttributes.names.contains(name) {
            fields.append((name, .string(FlagFormatting.formatAttribute(run.attribute(name)))))
        }
        return fields
    }

    /// Each comment as `runs info -c` shows it: sorted keys, its time formatted, its body stripped.
    private static func commentFields(_ run: Run) -> [[(String, String)]] {
        RunComment.comments(of: run.attribute("comments")).map { comment in
            [
                ("body", comment.body.trimmingCharacters(in: .whitespacesAndNewlines)), ("host", comment.host),
                ("time", comment.time.map(Timestamp.format) ?? ""), ("user", comment.user),
            ]
        }
    }

    private static func flagLine(_ name: String, _ value: YAMLValue) -> String {
        if case .map(let m) = value, !m.isEmpty {
            return "  \(name):\n"
                + value.attrEncoded().split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        }
        return "  \(name): \(value.flowEncoded())"
    }

    static func fromDisplay(_ opref: OpRef, home: String) -> String {
        switch opref.packageType {
        case "guildfile", "script": return PathDisplay.userPath(opref.packageName, home: home)
        case "package": return "\(opref.packageName)==\(opref.packageVersion)"
        default: return opref.packageName
        }
    }


    private static func scalarLines(_ run: Run, all: Bool) -> [String] {
        let summaries = RunScalars.read(runDirectory: run.directory).summaries
        // Keyed as Guild AI's dict of scalars: a key in both the run root and `.guild` (a DvC
        // metric also printed as an output scalar) shows once, where it came first, with the
        // later value.
        var lines: [String] = []
        var lineIndex: [String: Int] = [:]
        for s in summaries {
            let key = s.prefix.isEmpty ? s.tag : "\(s.prefix)#\(s.tag)"
            if !all && s.tag.hasPrefix("sys/") { continue }
            let start = lineIndex[key] ?? lines.count
            var entry: [String] = []
            if all {
                // Guild AI prints this map with sorted keys, the count as avg's and total's step,
                // and max with the min step (0.9.0).
                entry.append("  \(key):")
                entry.append("    avg: \(fmt(s.avg)) (step \(s.count))")
                entry.append("    first: \(fmt(s.first)) (step \(s.firstStep))")
                entry.append("    last: \(fmt(s.last)) (step \(s.lastStep))")
                entry.append("    max: \(fmt(s.max)) (step \(s.minStep))")
                entry.append("    min: \(fmt(s.min)) (step \(s.minStep))")
                entry.append("    total: \(fmt(s.total)) (step \(s.count))")
            } else {
                entry.append("  \(key): \(fmt(s.last)) (step \(s.lastStep))")
            }
            if lineIndex[key] == nil {
                lineIndex[key] = start
                lines += entry
            } else {
                lines.replaceSubrange(start..<(start + entry.count), with: entry)
            }
        }
        return lines
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.6f", value) }

}

/// Natural ordering: digit runs compare as numbers (`x2` before `x10`).
enum NaturalSort {
    static func less(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric]) == .orderedAscending
    }
}
