import CFileStat
import Foundation

/// `guild publish`: a run's pages and data under `DEST/<run id>/` (Guild AI's publish layout):
/// `run.yml`, `flags.yml`, `scalars.csv`, `output.txt`, `sourcecode.csv`, `runfiles.csv`, a
/// copy of the source code, with `--files`/`--all-files` the run files, and `README.md` from the
/// default template; `DEST/README.md` indexes every run published there.
public struct RunPublisher {
    public enum FileCopy: Sendable { case none, selected, all }

    public struct PublishError: Error, CustomStringConvertible {
        public var description: String
    }

    public let destination: URL
    public var fileCopy: FileCopy = .none
    public var includeLinks = false
    public var md5s = true
    /// `-t`: the run template for every run (else each op's `publish: template:`, else the
    /// default one).
    public var template: String?
    /// `-i`: the index template file.
    public var indexTemplate: URL?
    /// Where `.`-relative template names are found (the current directory).
    public var workingDirectory: URL
    /// `GH/cache`, where the custom template renderer is installed when needed.
    public var cacheDirectory: URL

    public init(destination: URL, workingDirectory: URL, cacheDirectory: URL) {
        self.destination = destination.standardizedFileURL
        self.workingDirectory = workingDirectory
        self.cacheDirectory = cacheDirectory
    }

    /// The run template directory for a run, nil for the default template (Guild's lookup:
    /// `./NAME` as given, `default`, then NAME beside the op's guild.yml).
    /// - Throws: `PublishError` (`cannot find template NAME`).
    private func templateDirectory(for summary: RunSummary, publish: [String: YAMLValue]) throws -> URL? {
        let name = template ?? publish["template"]?.stringValue ?? "default"
        if name.hasPrefix(".") {
            let url = URL(fileURLWithPath: name, relativeTo: workingDirectory).standardizedFileURL
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        if name == "default" { return nil }
        if ["guildfile", "import"].contains(summary.opref.packageType) {
            let project = URL(fileURLWithPath: summary.opref.packageName).deletingLastPathComponent()
            let url = project.appendingPathComponent(name).standardizedFileURL
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw PublishError(description: "cannot find template \(name)")
    }

    /// Publishes one run; an earlier copy of it is replaced.
    public func publish(_ summary: RunSummary) throws {
        let run = summary.run
        let publishAttribute = Self.publishAttribute(summary.opref)
        let customTemplate = try templateDirectory(for: summary, publish: publishAttribute)
        let runDest = destination.appendingPathComponent(run.id)
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        let nocopy = destination.appendingPathComponent(".guild-nocopy")
        if !manager.fileExists(atPath: nocopy.path) { manager.createFile(atPath: nocopy.path, contents: Data()) }
        if manager.fileExists(atPath: runDest.path) { try manager.removeItem(at: runDest) }
        try manager.createDirectory(at: runDest, withIntermediateDirectories: false)

        let info = PublishedRunInfo(summary)
        try write(info.yaml, "run.yml", in: runDest)
        try write(YAMLValue.map(run.flags).attrEncoded(), "flags.yml", in: runDest)
        let scalars = RunScalars.read(runDirectory: run.directory).summaries
        try write(scalarsCSV(scalars), "scalars.csv", in: runDest)
        let output = run.guildDirectory.appendingPathComponent("output")
        let outputText = try? String(contentsOf: output, encoding: .utf8)
        if manager.fileExists(atPath: output.path) {
            try manager.copyItem(at: output, to: runDest.appendingPathComponent("output.txt"))
        }
        let sourcecode = Manifest.read(runDirectory: run.directory).filter { $0.kind == .sourcecode }.map(\.path)
        let sourceRows = sourcecode.sorted(by: naturalLess).map { fileRow($0, in: run.directory) }
        try write(csv([Self.fileColumns] + sourceRows), "sourcecode.csv", in: runDest)
        let runFiles = Self.runFiles(run.directory, excluding: Set(sourcecode))
        let runFileRows = runFiles.sorted(by: naturalLess).map { fileRow($0, in: run.directory) }
        try write(csv([Self.fileColumns] + runFileRows), "runfiles.csv", in: runDest)
        try copySourcecode(sourcecode, run: run, to: runDest.appendingPathComponent("sourcecode"))
        try copyRunFiles(
            runFiles, summary: summary, rules: Self.selectRules(publishAttribute["files"]),
            to: runDest.appendingPathComponent("runfiles"))
        if let customTemplate {
            do {
                try PublishTemplateRenderer(cacheDirectory: cacheDirectory).renderRun(
                    template: customTemplate, runDest: runDest, run: info.templateValue, flags: JSONValue(.map(run.flags)))
            } catch let error as PublishTemplateRenderer.RenderError {
                throw PublishError(description: error.description)
            }
            return
        }
        let page = PublishedRunPage(
            info: info, flags: run.flags, scalars: scalars, runFiles: runFileRows, sourcecode: sourceRows,
            output: outputText, runFilesDirectory: runDest.appendingPathComponent("runfiles"))
        try write(page.markdown + "\n", "README.md", in: runDest)
    }

    /// Writes `DEST/README.md` over every run published there, newest first.
    public func refreshIndex() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: destination.path)) ?? []
        let runs = names.compactMap { name -> [String: YAMLValue]? in
            let url = destination.appendingPathComponent(name).appendingPathComponent("run.yml")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return (try? YAMLValue.load(text))?.mapValue
        }
        if let indexTemplate {
            let sorted = runs.sorted { PublishedRunPage.started($0) > PublishedRunPage.started($1) }
            do {
                try PublishTemplateRenderer(cacheDirectory: cacheDirectory).renderIndex(
                    template: indexTemplate, dest: destination.appendingPathComponent("README.md"),
                    runs: .array(sorted.map { JSONValue(.map($0)) }))
            } catch let error as PublishTemplateRenderer.RenderError {
                throw PublishError(description: error.description)
            }
            return
        }
        try write(PublishedRunPage.index(runs) + "\n", "README.md", in: destination)
    }

    /// Bytes under `url`, directories' own sizes included (Guild's `dir_size`).
    public static func directorySize(_ url: URL) -> Int {
        guard let walk = FileManager.default.enumerator(atPath: url.path) else { return 0 }
        var total = 0
        while let path = walk.nextObject() as? String {
            var info = guild_file_info()
            if guild_file_info_at(url.appendingPathComponent(path).path, &info) == 0 { total += Int(info.size) }
        }
        return total
    }

    /// `1.5K`, `12.0M`, or bytes below 1024 (Guild's `format_bytes`).
    public static func formatBytes(_ bytes: Int) -> String {
        var n = Double(bytes)
        guard abs(n) >= 1024 else { return String(bytes) }
        for unit in ["K", "M", "G", "T", "P", "E"] {
            n /= 1024
            if abs(n) < 1024 { return String(format: "%.1f%@", n, unit) }
        }
        return String(format: "%.1fZ", n / 1024)
    }

    static let fileColumns = ["path", "type", "size", "mtime", "md5"]

    private func write(_ text: String, _ name: String, in directory: URL) throws {
        do {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        } catch {
            throw PublishError(description: "cannot write \(directory.appendingPathComponent(name).path): \(error.localizedDescription)")
        }
    }

    private func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(CSVText.field).joined(separator: ",") + "\n" }.joined()
    }

    private func scalarsCSV(_ scalars: [ScalarSummary]) -> String {
        let header = [
            "prefix", "tag", "count", "total", "avg_val", "first_val", "first_step", "last_val", "last_step", "min_val",
            "min_step", "max_val", "max_step",
        ]
        let rows = scalars.map { s in
            [
                s.directory, s.tag, String(s.count), pyFloatRepr(s.total), pyFloatRepr(s.avg), pyFloatRepr(s.first),
                String(s.firstStep), pyFloatRepr(s.last), String(s.lastStep), pyFloatRepr(s.min), String(s.minStep),
                pyFloatRepr(s.max), String(s.maxStep),
            ]
        }
        return csv([header] + rows)
    }

    /// `path,type,size,mtime,md5`: the type `file`/`dir`/`other` plus ` link`, mtime in µs.
    private func fileRow(_ path: String, in directory: URL) -> [String] {
        let full = directory.appendingPathComponent(path).path
        var info = guild_file_info()
        let exists = guild_file_info_at(full, &info) == 0
        let isLink = Self.isLink(full)
        var type: [String] = []
        if exists {
            let kind = info.mode & FileMode.type
            type.append(kind == FileMode.regular ? "file" : kind == FileMode.directory ? "dir" : "other")
        }
        if isLink { type.append("link") }
        // Python's st_mtime (sec + nsec * 1e-9) in µs, truncated.
        let mtime = exists ? String(Int((Double(info.mtime_sec) + Double(info.mtime_nsec) * 1e-9) * 1_000_000)) : ""
        let isRegular = exists && (info.mode & FileMode.type) == FileMode.regular
        let md5 = md5s && isRegular ? (FileManager.default.contents(atPath: full).map(Hashing.md5) ?? "") : ""
        return [path, type.joined(separator: " "), exists ? String(info.size) : "", mtime, md5]
    }

    /// Files under the run directory (links followed, `.guild` directories skipped) that are
    /// not source code.
    static func runFiles(_ directory: URL, excluding sourcecode: Set<String>) -> [String] {
        RunFiles.followingLinks(in: directory, brokenLinks: true, skip: { $0 == ".guild" }).filter { !sourcecode.contains($0) }
    }

    /// The source code files, from where the op put them (its `sourcecode.dest`), to `dest`.
    private func copySourcecode(_ paths: [String], run: Run, to dest: URL) throws {
        let root = run.sourceCodeDest == "." ? "" : run.sourceCodeDest.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/"
        for path in paths where path.hasPrefix(root) {
            try copyFile(run.directory.appendingPathComponent(path), to: dest.appendingPathComponent(String(path.dropFirst(root.count))))
        }
    }

    /// `--all-files`: every run file but links (unless `--include-links`); `--files`: those the
    /// op's `publish: files:` rules select, all by default.
    private func copyRunFiles(_ paths: [String], summary: RunSummary, rules: [SourceCodeRule], to dest: URL) throws {
        guard fileCopy != .none else { return }
        let rules = fileCopy == .selected ? rules : []
        for path in paths {
            let source = summary.run.directory.appendingPathComponent(path)
            if !includeLinks && Self.passesThroughLink(path, in: summary.run.directory) { continue }
            var selected: Bool?
            for rule in rules where rule.patterns.contains(where: { fnmatch($0, path, 0) == 0 }) {
                selected = rule.kind == .include
            }
            guard selected ?? true else { continue }
            try copyFile(source, to: dest.appendingPathComponent(path))
        }
    }

    /// Whether the path or a directory on the way to it is a link.
    private static func passesThroughLink(_ path: String, in directory: URL) -> Bool {
        var current = directory
        for part in path.split(separator: "/") {
            current = current.appendingPathComponent(String(part))
            if isLink(current.path) { return true }
        }
        return false
    }

    private static func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// `st_mode` file type bits.
    private enum FileMode {
        static let type: UInt32 = 0o170000
        static let regular: UInt32 = 0o100000
        static let directory: UInt32 = 0o040000
    }

    /// The op's `publish:` map (`template:`, `files:`), from its guild.yml as it is now.
    private static func publishAttribute(_ opref: OpRef) -> [String: YAMLValue] {
        (try? ResolvedOperation.current(for: opref))?.opdef.data["publish"]?.mapValue ?? [:]
    }

    /// `publish: files:` as select rules (the sourcecode rules' syntax).
    private static func selectRules(_ files: YAMLValue?) -> [SourceCodeRule] {
        guard let files, files != .null, let spec = try? GuildfileParser().parseSourceCode(files) else { return [] }
        return spec.rules
    }

    private func copyFile(_ source: URL, to dest: URL) throws {
        try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FastFile.copy(from: source.path, to: dest.path)
    }
}
