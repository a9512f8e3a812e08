import Foundation

/// A published run's `run.yml`, and its fields as the pages show them (read back from that
/// YAML, as Guild's templates see them: a missing label is `null`, an `H:MM:SS` time of an hour
/// or more a YAML 1.1 sexagesimal number).
struct PublishedRunInfo {
    var id: String
    var operation: String
    var status: String
    var started: String
    var stopped: String
    var time: String
    var marked: Bool
    var label: String?
    var command: String
    var exitStatus: YAMLValue

    init(_ summary: RunSummary) {
        let run = summary.run
        id = run.id
        operation = summary.operationDisplay
        status = run.status.rawValue
        let startedAt = run.attribute("started")?.intValue
        let stoppedAt = run.attribute("stopped")?.intValue
        started = Self.utc(startedAt)
        stopped = Self.utc(stoppedAt)
        if let startedAt, let stoppedAt {
            time = Timestamp.formatDuration(from: startedAt, to: stoppedAt)
        } else {
            time = ""
        }
        marked = run.isMarked
        label = run.attribute("label")?.stringValue
        command = RunDataEncoder.commandLine(run.attribute("cmd"))
        exitStatus = run.attribute("exit_status") ?? .string("")
    }

    /// `YYYY-MM-DD HH:MM:SS UTC`, or `None` as Guild writes a missing time.
    static func utc(_ micros: Int?) -> String {
        guard let micros, micros != 0 else { return "None" }
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [Int8](repeating: 0, count: 40)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `run` as templates see it: `run.yml` read back as YAML.
    var templateValue: JSONValue {
        .object([
            "id": .string(id), "operation": .string(operation), "status": .string(status), "started": .string(started),
            "stopped": .string(stopped),
            "time": PublishedRunPage.yamlText(time).map { text in Int(text).map(JSONValue.int) ?? .string(text) } ?? .null,
            "marked": .string(marked ? "yes" : "no"), "label": label.map(JSONValue.string) ?? .null,
            "command": .string(command), "exit_status": JSONValue(exitStatus),
        ])
    }

    var yaml: String {
        let encode = { (value: YAMLValue) in PyYAMLEmitter.encode(value, strict: false) }
        return [
            "id: \(id)", "operation: \(encode(.string(operation)))", "status: \(encode(.string(status)))",
            "started: \(started)", "stopped: \(stopped)", "time: \(time)", "marked: \(encode(.string(marked ? "yes" : "no")))",
            "label: \(encode(label.map(YAMLValue.string) ?? .null))", "command: \(encode(.string(command)))",
            "exit_status: \(encode(exitStatus))",
        ].map { $0 + "\n" }.joined()
    }
}

/// The pages of the default publish template (Guild AI's `publish-default` and `runs-index`),
/// rendered here: a run's README.md and the index of published runs.
struct PublishedRunPage {
    var info: PublishedRunInfo
    var flags: [String: YAMLValue]
    var scalars: [ScalarSummary]
    var runFiles: [[String]]
    var sourcecode: [[String]]
    var output: String?
    var runFilesDirectory: URL

    var markdown: String {
        let summary = [
            "| ID                   | Operation           | Started                  | Time                | Status           | Label                |",
            "| --                   | ---------           | ---------                | ----                | ------           | -----                |",
            "| \(info.id.prefix(8)) | \(info.operation) | \(info.started.replacingOccurrences(of: "-", with: "&#8209;")) | "
                + "\(Self.nbsp(Self.yamlText(info.time))) | \(info.status) | \(Self.nbsp(info.label)) |",
            "",
            "[run.yml](run.yml)",
        ].joined(separator: "\n")
        let contents = """
            ## Contents

            - [Flags](#flags)
            - [Scalars](#scalars)
            - [Run Files](#run-files)
            - [Source Code](#source-code)
            - [Output](#output)
            """
        let parts = [
            "## Flags\n\n" + flagsPart, "## Scalars\n\n" + scalarsPart, "## Run Files\n\n" + runFilesPart,
            "## Source Code\n\n" + sourcecodePart, "## Output\n\n" + "```\n\(output ?? "")```\n\n[output.txt](output.txt)",
        ]
        return "[Published runs](../README.md)\n\n# \(info.operation)\n\n\(summary)\n\n\(contents)\n\n"
            + parts.joined(separator: "\n") + "\n"
    }

    private var flagsPart: String {
        guard !flags.isEmpty else { return "There are no flags for this run." }
        let rows = flags.keys.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.map { name in
            "| \(name) | \(FlagFormatting.formatAttribute(flags[name]!)) |\n"
        }
        return "| Name | Value |\n| ---- | ----- |\n" + rows.joined() + "\n[flags.yml](flags.yml)"
    }

    private var scalarsPart: String {
        guard !scalars.isEmpty else { return "There are no scalars for this run." }
        let rows = scalars.map { s in
            let key = s.directory.isEmpty || s.directory == ".guild" ? s.tag : "\(s.directory)#\(s.tag)"
            return "| \(key) | \(s.lastStep) | \(pyFloatRepr(s.last)) |\n"
        }
        return "| Key | Step | Value |\n| --- | ---- | ----- |\n" + rows.joined() + "\n[scalars.csv](scalars.csv)"
    }

    private var runFilesPart: String {
        guard !runFiles.isEmpty else { return "There are no files for this run." }
        let rows = runFiles.map { row in
            var isDirectory: ObjCBool = false
            let copied =
                FileManager.default.fileExists(
                    atPath: runFilesDirectory.appendingPathComponent(row[0]).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
            let path = copied ? "[\(row[0])](runfiles/\(row[0]))" : row[0]
            return "| \(path) | \(row[1]) | \(Self.fileSize(row[2])) | \(Self.utcDate(row[3])) | \(row[4]) |\n"
        }
        return "| Path | Type | Size | Modified | MD5 |\n| ---- | ---- | ---- | -------- | --- |\n" + rows.joined()
            + "\n[runfiles.csv](runfiles.csv)"
    }

    private var sourcecodePart: String {
        guard !sourcecode.isEmpty else { return "There are no source code files for this run." }
        let rows = sourcecode.map { row in
            "| [\(row[0])](sourcecode/\(row[0])) | \(Self.fileSize(row[2])) | \(Self.utcDate(row[3])) | \(row[4]) |\n"
        }
        return "| Path | Size | Modified | MD5 |\n| ---- | ---- | -------- | --- |\n" + rows.joined()
            + "\n[sourcecode.csv](sourcecode.csv)"
    }

    /// `DEST/README.md`: a row per published run (their `run.yml`s), newest first.
    static func index(_ runs: [[String: YAMLValue]]) -> String {
        let text = { (value: YAMLValue?) -> String? in
            switch value {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let other?: return pyStr(other)
            }
        }
        let sorted = runs.sorted { started($0) > started($1) }
        let rows = sorted.map { run -> String in
            let id = text(run["id"]) ?? ""
            return "| [\(id.prefix(8))](\(id)/README.md) | \(text(run["operation"]) ?? "") | \(nbsp(text(run["started"]))) | "
                + "\(nbsp(text(run["time"]))) | \(nbsp(text(run["status"]))) | \(nbsp(text(run["label"]))) |\n"
        }
        return "# Published runs\n\n| ID | Operation | Started | Time | Status | Label |\n| -- | --------- | ------- | ---- | ------ | ----- |\n"
            + rows.joined()
    }

    /// The `started` of a published run's `run.yml`, for newest-first order.
    static func started(_ run: [String: YAMLValue]) -> String {
        run["started"]?.stringValue ?? ""
    }

    private static func nbsp(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "&nbsp;" }
        return text
    }

    /// The time as YAML reads it back: `1:02:03` is the number 3723, `0:00:05` stays text.
    static func yamlText(_ time: String) -> String? {
        guard !time.isEmpty else { return nil }
        let parts = time.split(separator: ":")
        guard time.first != "0", parts.count > 1, let hours = Int(parts[0]) else { return time }
        return String(parts.dropFirst().reduce(hours) { $0 * 60 + (Int($1) ?? 0) })
    }

    private static func fileSize(_ text: String) -> String {
        Int(text).map(RunPublisher.formatBytes) ?? ""
    }

    private static func utcDate(_ text: String) -> String {
        guard let micros = Int(text) else { return "" }
        return PublishedRunInfo.utc(micros)
    }
}
