import Foundation

/// What a `dvc.yaml:STAGE` run needs around `dvc repro` (reference 9.7): before it, the run
/// directory made a DvC repo with dvc.yaml and the stage's other params files; after it, the
/// stage's metrics logged as scalars.
struct DvcStageRun {
    let stage: DvcStage
    let project: String
    let run: Run
    let environment: [String: String]
    let log: @Sendable (String) -> Void

    var uri: String { "dvcstage:\(stage.name)" }

    /// - Throws: `DependencyError` (missing dvc or DvC config).
    func prepare() throws {
        _ = try DvcCommand.executable(environment: environment)
        let runDir = run.path
        var internalPaths = try DvcRunRepository.ensure(
            runDirectory: runDir, project: project, environment: environment)
        let fm = FileManager.default
        // Params files are written by their config dependencies; dvc.yaml usually comes with the
        // source code.
        if !fm.fileExists(atPath: runDir + "/dvc.yaml") {
            try FastFile.copy(from: project + "/dvc.yaml", to: runDir + "/dvc.yaml")
            internalPaths.append("dvc.yaml")
        }
        var entries = DvcRunRepository.internalEntries(internalPaths.sorted(), runDirectory: runDir, uri: uri)
        // Written by dvc repro; listed up front as Guild AI does, without hashes.
        entries += [".gitignore", "dvc.lock"].map {
            ManifestEntry(kind: .internalFile, path: $0, sha1: nil, source: uri)
        }
        try Manifest.append(entries, runDirectory: run.directory)
        log("Running stage '\(stage.name)'")
    }

    /// Logs every numeric leaf of the stage's metrics files (JSON, YAML, TOML) at step 0, nested keys
    /// joined with `.`, into an event file in `.guild`.
    func logMetrics() throws {
        var values: [(String, Double)] = []
        for name in stage.metrics {
            let path = run.path + "/" + name
            guard let text = FastFile.readString(path) else {
                log("WARNING: metrics file \(name) was not written by stage '\(stage.name)'")
                continue
            }
            let lower = name.lowercased()
            guard [".json", ".yaml", ".yml", ".toml"].contains(where: lower.hasSuffix) else {
                log("WARNING: unsupported metrics file type for \(name) (expected .json, .yaml, .yml or .toml)")
                continue
            }
            let value: YAMLValue
            do {
                value = lower.hasSuffix(".toml") ? try TOMLText.load(text, path: path) : try YAMLValue.load(text)
            } catch {
                log("WARNING: cannot read metrics from \(name): \(error)")
                continue
            }
            log("Logging metrics from \(name)")
            Self.flatten(value, prefix: "", into: &values)
        }
        guard !values.isEmpty else { return }
        let writer = try EventFileWriter(directory: run.guildDirectory)
        for (tag, value) in values { writer.addScalar(tag: tag, value: value, step: 0) }
        writer.close()
    }

    static func flatten(_ value: YAMLValue, prefix: String, into out: inout [(String, Double)]) {
        switch value {
        case .map(let m):
            for key in m.keys.sorted() {
                flatten(m[key]!, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &out)
            }
        case .int(let i): out.append((prefix, Double(i)))
        case .float(let d): out.append((prefix, d))
        case .bool(let b): out.append((prefix, b ? 1 : 0))
        default: break
        }
    }
}
