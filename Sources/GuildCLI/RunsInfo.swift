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

        func run(_ context: GuildContext) async throws {
            let summary = try RunLookup(context: context).selectOne(run, command: "runs info")
            Console.outRaw(
                RunInfoText.render(summary, context: context, allScalars: allScalars, showEnv: env, showDeps: deps))
        }
    }
}

/// The text of `guild runs info` (reference 8.2).
enum RunInfoText {
    static func render(_ summary: RunSummary, context: GuildContext, allScalars: Bool, showEnv: Bool, showDeps: Bool)
        -> String
    {
        let run = summary.run
        let home = context.userHome.path
        let status = run.status
        var lines: [String] = []
        func field(_ name: String, _ value: String) { lines.append("\(name): \(value)") }
        field("id", run.id)
        field("operation", summary.operationDisplay)
        field("from", fromDisplay(summary.opref, home: home))
        field("status", status.rawValue)
        field("started", run.attribute("started")?.intValue.map(Timestamp.format) ?? "")
        field("stopped", run.attribute("stopped")?.intValue.map(Timestamp.format) ?? "")
        field("marked", run.isMarked ? "yes" : "no")
        field("label", run.label)
        field("sourcecode_digest", run.attribute("sourcecode_digest")?.stringValue ?? "")
        field("vcs_commit", run.attribute("vcs_commit")?.stringValue ?? "")
        field("run_dir", PathDisplay.userPath(run.directory.path, home: home))
        field("command", commandLine(run.attribute("cmd")))
        field("exit_status", run.attribute("exit_status")?.intValue.map(String.init) ?? "")
        field("pid", status == .running ? run.lockPid.map(String.init) ?? "" : "")
        for name in run.attributeNames() where !name.hasPrefix("_") && !coreAttributes.contains(name) {
            field(name, formatAttribute(run.attribute(name)))
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
        if showEnv {
            lines.append("environment:")
            let env = run.attribute("env")?.mapValue ?? [:]
            for name in env.keys.sorted() {
                lines.append("  \(name): \(env[name]!.stringValue ?? env[name]!.flowEncoded())")
            }
        }
        if showDeps {
            lines.append("dependencies:")
            let deps = run.attribute("deps") ?? .map([:])
            lines += deps.attrEncoded().split(separator: "\n").map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
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

    /// argv joined by spaces; an empty argument or one with a space is put in double quotes.
    static func commandLine(_ cmd: YAMLValue?) -> String {
        (cmd?.listValue ?? []).map { arg in
            let s = arg.stringValue ?? arg.flowEncoded()
            return s.isEmpty || s.contains(" ") ? "\"\(s)\"" : s
        }.joined(separator: " ")
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
                entry.append("  \(key):")
                entry.append("    first: \(fmt(s.first)) (step \(s.firstStep))")
                entry.append("    last: \(fmt(s.last)) (step \(s.lastStep))")
                entry.append("    min: \(fmt(s.min)) (step \(s.minStep))")
                entry.append("    max: \(fmt(s.max)) (step \(s.maxStep))")
                entry.append("    avg: \(fmt(s.avg))")
                entry.append("    total: \(fmt(s.total))")
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

    /// Attrs `runs info` does not list after `pid` (Guild AI 0.9.0's core and legacy attrs).
    private static let coreAttributes: Set<String> = [
        "cmd", "comments", "compare", "deps", "env", "exit_status", "flags", "host", "id", "initialized", "label",
        "marked", "objective", "op", "pip_freeze", "platform", "plugins", "random_seed", "run_params",
        "sourcecode_digest", "started", "stopped", "tags", "user", "user_flags", "vcs_commit", "r_sys_info",
        "r_packages_loaded", "resolved_deps", "opdef",
    ]

    /// Guild's `format_attr`: scalars inline, lists and mappings as indented lines.
    static func formatAttribute(_ value: YAMLValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case .list(let items)?: return items.map { "\n  " + formatAttribute($0) }.joined()
        case .map(let m)?: return m.keys.sorted().map { "\n  \($0): " + formatAttribute(m[$0]) }.joined()
        case let other?: return other.flowEncoded()
        }
    }
}

/// Natural ordering: digit runs compare as numbers (`x2` before `x10`).
enum NaturalSort {
    static func less(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric]) == .orderedAscending
    }
}
