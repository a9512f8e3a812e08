import Foundation

/// One run as Guild View's `/runs` and `guild api runs` give it (reference 1.18 and 2.3):
/// version 1 has formatted times and each file's type and viewer, version 2 raw times and tags.
public struct RunDataEncoder {
    /// `GH/runs`: links and deps into it name the run they come from.
    public let runsDirectory: URL
    /// `GH/cache`: links into it are resources.
    public let cacheDirectory: URL
    public var now: () -> Int = { Timestamp.now() }

    public init(runsDirectory: URL, cacheDirectory: URL) {
        self.runsDirectory = runsDirectory.standardizedFileURL
        self.cacheDirectory = cacheDirectory.standardizedFileURL
    }

    public func encode(_ summary: RunSummary, version: Int = 2) -> JSONValue {
        let run = summary.run
        let started = run.attribute("started")?.intValue
        let stopped = run.attribute("stopped")?.intValue
        let status = run.status
        let tags = (run.attribute("tags")?.listValue ?? []).map { $0.stringValue ?? $0.flowEncoded() }
        var members: [JSONValue.Member] = [
            .init("id", .string(run.id)),
            .init("shortId", .string(run.shortId)),
            .init("dir", .string(run.path)),
            .init("operation", .string(summary.operationDisplay)),
        ]
        if version == 1 {
            members += [
                .init("started", .string(started.map(Timestamp.format) ?? "")),
                .init("stopped", .string(stopped.map(Timestamp.format) ?? "")),
                .init("time", .string(duration(started: started, stopped: stopped, running: status == .running))),
            ]
        } else {
            members += [.init("started", started.map(JSONValue.int) ?? .null), .init("stopped", stopped.map(JSONValue.int) ?? .null)]
        }
        members += [
            .init("label", .string(run.label)),
            .init("tags", version == 1 ? .string(tags.joined(separator: ", ")) : .array(tags.map(JSONValue.string))),
            .init("comments", JSONValue(run.attribute("comments") ?? .list([]))),
            .init("status", .string(status.rawValue)),
            .init("exitStatus", run.attribute("exit_status").map(JSONValue.init) ?? .string("")),
            .init("command", .string(Self.commandLine(run.attribute("cmd")))),
            .init("otherAttrs", otherAttrs(run)),
            .init("flags", JSONValue(run.attribute("flags") ?? .map([:]))),
            .init("env", JSONValue(run.attribute("env") ?? .map([:]))),
            .init("deps", deps(run)),
            .init("files", .array(files(run, version: version))),
            .init("sourcecode", sourcecode(run)),
            .init("projectDir", summary.runOpRef.operationDirectory.map(JSONValue.string) ?? .null),
            .init("opRef", summary.opref == .unreadable ? .null : Self.opref(summary.opref)),
            .init("marked", .bool(run.isMarked)),
            .init("scalars", .array(RunScalars.read(runDirectory: run.directory).summaries.map { scalar($0, run: run, version: version) })),
        ]
        return .object(members)
    }

    /// An opref as `{pkgType, pkgName, pkgVersion, modelName, opName}`.
    public static func opref(_ opref: OpRef) -> JSONValue {
        .object([
            "pkgType": .string(opref.packageType), "pkgName": .string(opref.packageName),
            "pkgVersion": .string(opref.packageVersion), "modelName": .string(opref.modelName),
            "opName": .string(opref.operationName),
        ])
    }

    /// argv joined by spaces; an empty argument or one with a space in double quotes (Guild's
    /// `format_run` command).
    public static func commandLine(_ cmd: YAMLValue?) -> String {
        (cmd?.listValue ?? []).map { arg in
            let s = arg.stringValue ?? arg.flowEncoded()
            return s.isEmpty || s.contains(" ") ? "\"\(s)\"" : s
        }.joined(separator: " ")
    }

    private func duration(started: Int?, stopped: Int?, running: Bool) -> String {
        guard let started else { return "" }
        if running { return Timestamp.formatDuration(from: started, to: now()) }
        return stopped.map { Timestamp.formatDuration(from: started, to: $0) } ?? ""
    }

    private func otherAttrs(_ run: Run) -> JSONValue {
        .object(
            run.attributeNames().sorted().filter { !$0.hasPrefix("_") && !CoreRunAttributes.names.contains($0) }.map {
                .init($0, JSONValue(run.attribute($0) ?? .null))
            })
    }

    /// The runs this run's dependencies resolved into, each with the paths used from it, by
    /// operation. Guild AI 0.9.0 always gives `[]` here (it reads the 0.8 attr shape); ours
    /// reads the `paths` each dependency recorded.
    private func deps(_ run: Run) -> JSONValue {
        var order: [String] = []
        var pathsByRun: [String: [String]] = [:]
        // `deps` maps each dependency to its sources, each with the `paths` it resolved to.
        let dependencies = run.attribute("deps")?.mapValue ?? [:]
        let sources = dependencies.keys.sorted().flatMap { name in
            let byName = dependencies[name]?.mapValue ?? [:]
            return byName.keys.sorted().compactMap { byName[$0]?.mapValue }
        }
        for source in sources {
            for case .string(let path) in source["paths"]?.listValue ?? [] {
                let absolute = URL(fileURLWithPath: path, relativeTo: run.directory).standardizedFileURL.path
                guard let (id, rest) = runRelative(absolute) else { continue }
                if pathsByRun[id] == nil { order.append(id) }
                pathsByRun[id, default: []].append(rest)
            }
        }
        let entries: [(operation: String, value: JSONValue)] = order.compactMap { id in
            let source = Run(id: id, directory: runsDirectory.appendingPathComponent(id))
            guard FileManager.default.fileExists(atPath: source.path) else { return nil }
            let operation = source.operationDisplay
            return (
                operation,
                .object([
                    "run": .string(source.shortId), "operation": .string(operation),
                    "paths": .array(pathsByRun[id]!.map(JSONValue.string)),
                ])
            )
        }
        return .array(entries.enumerated().sorted { ($0.element.operation, $0.offset) < ($1.element.operation, $1.offset) }.map(\.element.value))
    }

    /// `(run id, path inside the run)` when `path` is inside `GH/runs`.
    private func runRelative(_ path: String) -> (String, String)? {
        let prefix = runsDirectory.path + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return (String(rest), "") }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }

    /// Every file and link in the run directory but `.guild`, natural-sorted by path.
    private func files(_ run: Run, version: Int) -> [JSONValue] {
        RunFileWalk.entries(in: run.directory).map { entry in
            var info = RunFileType.of(entry.url, isLink: entry.isLink)
            var operation: JSONValue = .null
            var source: JSONValue = .null
            if entry.isLink {
                let target = entry.url.resolvingSymlinksInPath().path
                if let (id, _) = runRelative(target) {
                    let linked = Run(id: id, directory: runsDirectory.appendingPathComponent(id))
                    if FileManager.default.fileExists(atPath: linked.path) {
                        operation = .string(linked.operationDisplay)
                        source = .string(linked.shortId)
                    } else {
                        operation = .string("\(id) (deleted)")
                    }
                    info.type = "Link to operation output"
                } else if target.hasPrefix(cacheDirectory.path + "/") {
                    info.type = "Link to resource \(info.isDirectory ? "directory" : "file")"
                }
            }
            let attrs = try? FileManager.default.attributesOfItem(atPath: entry.url.resolvingSymlinksInPath().path)
            let size = (attrs?[.size] as? NSNumber).map { JSONValue.int($0.intValue) } ?? .null
            let mtime = (attrs?[.modificationDate] as? Date).map { JSONValue.int(Int($0.timeIntervalSince1970 * 1000)) } ?? .null
            var members: [JSONValue.Member] = [.init("path", .string(entry.path)), .init("size", size), .init("mtime", mtime)]
            if version == 1 {
                members += [
                    .init("type", .string(info.type)), .init("icon", .string(info.icon)),
                    .init("iconTooltip", .string(info.iconTooltip)), .init("viewer", info.viewer.map(JSONValue.string) ?? .null),
                ]
            }
            members += [.init("operation", operation), .init("run", source)]
            return .object(members)
        }
    }

    private func sourcecode(_ run: Run) -> JSONValue {
        let dest = URL(fileURLWithPath: run.sourceCodeDest, relativeTo: run.directory).standardizedFileURL.path
        let root = dest == run.directory.standardizedFileURL.path ? "." : String(dest.dropFirst(run.directory.standardizedFileURL.path.count + 1))
        let files = Manifest.read(runDirectory: run.directory).filter { $0.kind == .sourcecode }.map(\.path).sorted {
            $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars)
        }
        return .object(["root": .string(root), "files": .array(files.map(JSONValue.string))])
    }

    private func scalar(_ s: ScalarSummary, run: Run, version: Int) -> JSONValue {
        let names =
            version == 1
            ? ["first_val", "first_step", "last_val", "last_step", "min_val", "min_step", "max_val", "max_step", "avg_val"]
            : ["firstVal", "firstStep", "lastVal", "lastStep", "minVal", "minStep", "maxVal", "maxStep", "avgVal"]
        let values: [JSONValue] = [
            .float(s.first), .int(s.firstStep), .float(s.last), .int(s.lastStep), .float(s.min), .int(s.minStep),
            .float(s.max), .int(s.maxStep), .float(s.avg),
        ]
        return .object(
            [.init("run", .string(run.id)), .init("prefix", .string(s.directory)), .init("tag", .string(s.tag))]
                + zip(names, values).map { JSONValue.Member($0, $1) }
                + [.init("total", .float(s.total)), .init("count", .int(s.count))])
    }
}

extension Run {
    /// The op as runs lists show it (a batch as `<proto op>+<optimizer>`).
    var operationDisplay: String {
        RunSummary(run: self, opref: opref ?? .unreadable, timestamp: nil).operationDisplay
    }
}
