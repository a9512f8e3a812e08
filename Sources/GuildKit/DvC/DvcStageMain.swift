import Foundation

/// What Guild AI's `guild.plugins.dvc_stage_main STAGE` does in a run's process (reference 9.7),
/// done here without Python: the run directory made a DvC repo, the stage's deps that are not
/// there yet linked from upstream stage runs, copied from the project or pulled, then `dvc repro
/// --single-item STAGE`, then the stage's metrics logged as scalars. Runs record Guild's command
/// (`python -um guild.op_main guild.plugins.dvc_stage_main STAGE -- ...`), so either tool reruns
/// the other's; this type is what runs when that command is started.
struct DvcStageMain {
    static let module = "guild.plugins.dvc_stage_main"

    /// The stage and `--project-dir` an op_main command passes to the stage main.
    struct Invocation: Equatable {
        var stage: String
        var projectDirectory: String?
    }

    /// The invocation in `argv` when it runs `guild.op_main guild.plugins.dvc_stage_main ...`.
    static func invocation(in argv: [String]) -> Invocation? {
        guard let opMain = argv.firstIndex(of: "guild.op_main"), opMain + 1 < argv.count,
            argv[opMain + 1] == module
        else { return nil }
        var stage: String?
        var project: String?
        var args = argv[(opMain + 2)...].prefix { $0 != "--" }[...]
        while let arg = args.popFirst() {
            if arg == "--project-dir" {
                project = args.popFirst()
            } else if arg.hasPrefix("--project-dir=") {
                project = String(arg.dropFirst("--project-dir=".count))
            } else if stage == nil {
                stage = arg
            }
        }
        return stage.map { Invocation(stage: $0, projectDirectory: project) }
    }

    let stageName: String
    let project: String
    let run: Run
    let environment: [String: String]
    let runsDirectory: URL
    let recorder: OutputRecorder
    /// Runs a `dvc` command (`pull`, `repro`) as the op's process; returns its exit status as
    /// ProcessSupervisor does.
    let startProcess: @Sendable ([String]) async throws -> Int

    private var uri: String { "dvcstage:\(stageName)" }

    /// Runs the stage.
    /// - Returns: the run's exit status: dvc's, or 1 when the stage could not be set up or failed
    ///   (with Guild's `guild: ...` line in the output).
    func execute() async -> Int {
        var entries: [ManifestEntry] = []
        // Recorded also when the stage fails, so `guild ls -d` shows what the run got.
        defer { try? Manifest.append(entries, runDirectory: run.directory) }
        let status: Int
        do {
            let stage = try await prepare(into: &entries)
            let dvc = try DvcCommand.executable(environment: environment)
            info("Running stage '\(stageName)'")
            // Written by dvc repro; listed up front as Guild AI does, without hashes.
            entries += [".gitignore", "dvc.lock"].map {
                ManifestEntry(kind: .internalFile, path: $0, sha1: nil, source: uri)
            }
            var argv = [dvc, "repro", "--single-item", stageName]
            if (Int(environment["LOG_LEVEL"] ?? "") ?? 20) > 10 { argv.append("--quiet") }
            status = try await startProcess(argv)
            if status > 0 {
                throw DependencyError(
                    "'dvc repro \(Shlex.quote(stageName))' failed (exit code \(status)) - see above for details")
            }
            if status == 0 { try logMetrics(of: stage) }
        } catch let error as DependencyError {
            recorder.log("guild: \(error.description)")
            return 1
        } catch let stopped as Stopped {
            return stopped.status
        } catch {
            // A file that cannot be written or linked: the run fails as the Python module's would.
            recorder.log("guild: \((error as? GuildError)?.description ?? error.localizedDescription)")
            return 1
        }
        return status
    }

    /// A `dvc` process before `dvc repro` ended by a signal (a Ctrl-C, `guild stop`): the run
    /// ends with that status, as if the stage itself had been stopped.
    private struct Stopped: Error {
        let status: Int
    }

    /// Steps before `dvc repro`: attrs, DvC repo, dvc.yaml, deps, params files.
    private func prepare(into entries: inout [ManifestEntry]) async throws -> DvcStage {
        let dvcFile = URL(fileURLWithPath: project + "/dvc.yaml")
        guard FileManager.default.fileExists(atPath: dvcFile.path) else {
            throw DependencyError("invalid DvC config directory '\(project)' - missing dvc.yaml")
        }
        info("Initializing run")
        let pipeline: DvcPipeline
        do {
            pipeline = try DvcPipeline.load(dvcFile)
        } catch let error as GuildError {
            throw DependencyError(error.description)
        }
        guard let stage = pipeline.stage(stageName) else {
            throw DependencyError("no such stage '\(stageName)' in \(dvcFile.path)")
        }
        let writer = RunWriter(run: run)
        for (name, value) in DvcStageOperation.stageAttributes(stageName) { try writer.writeAttribute(name, value) }
        let runDir = run.path
        var internalPaths = try DvcRunRepository.ensure(
            runDirectory: runDir, project: project, environment: environment)
        if !exists(runDir + "/dvc.yaml") {
            try FastFile.copy(from: dvcFile.path, to: runDir + "/dvc.yaml")
            internalPaths.append("dvc.yaml")
        }
        entries += DvcRunRepository.internalEntries(internalPaths, runDirectory: runDir, uri: uri)
        // dvc.yaml names paths in the project; one that leaves it would be written outside the run.
        for path in stage.deps + stage.params.map(\.file) {
            let normalized = PathText.normalize(path)
            if normalized.hasPrefix("/") || normalized == ".." || normalized.hasPrefix("../") {
                throw DependencyError("stage '\(stageName)' in \(dvcFile.path): '\(path)' is outside the project")
            }
        }
        for (producer, deps) in Self.depsByProducer(stage, in: pipeline) {
            let missing = deps.filter { !exists(runDir + "/" + $0) }
            guard !missing.isEmpty else { continue }
            if let producer {
                entries += try linkUpstream(producer, missing)
            } else {
                for dep in missing { entries += try await projectDependency(dep) }
            }
        }
        for file in stage.params.map(\.file) where !exists(runDir + "/" + file) {
            guard exists(project + "/" + file) else {
                throw DependencyError("cannot find config file '\(file)' in project directory \(project)")
            }
            info("Copying \(file)")
            try FastFile.copy(from: project + "/" + file, to: runDir + "/" + file)
        }
        return stage
    }

    /// The stage's deps grouped as Guild AI groups them: deps no stage outputs first (nil), then
    /// one group per upstream stage by name; dvc.yaml order within each.
    static func depsByProducer(_ stage: DvcStage, in pipeline: DvcPipeline) -> [(String?, [String])] {
        var groups: [String: [String]] = [:]
        for dep in stage.deps {
            groups[pipeline.producer(of: dep, except: stage.name)?.name ?? "", default: []].append(dep)
        }
        return groups.keys.sorted().map { ($0.isEmpty ? nil : $0, groups[$0]!) }
    }

    /// Links `deps` from the marked or latest completed run of `producer`.
    private func linkUpstream(_ producer: String, _ deps: [String]) throws -> [ManifestEntry] {
        let finder = StageRuns(store: RunStore(runsDirectory: runsDirectory))
        guard let upstream = finder.markedOrLatest(stage: producer, prefix: nil) else {
            throw DependencyError(
                "no suitable run for stage '\(producer)' (needed for \(deps.sorted().joined(separator: ", ")))")
        }
        info("Using \(upstream.id) for '\(producer)' DvC stage dependency")
        return try deps.map { dep in
            info("Linking \(dep)")
            let link = run.path + "/" + dep
            try FileManager.default.createDirectory(
                atPath: PathText.dirname(link), withIntermediateDirectories: true)
            let target = PathText.relative(upstream.path + "/" + dep, to: PathText.dirname(link))
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            return dependencyEntry(dep)
        }
    }

    /// A dep no stage outputs: the project's file copied (a directory linked), else pulled.
    private func projectDependency(_ dep: String) async throws -> [ManifestEntry] {
        let source = project + "/" + dep
        let target = run.path + "/" + dep
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            info("Fetching \(dep)")
            let created = try DvcRunRepository.preparePull(
                dep, runDirectory: run.path, project: project, environment: environment)
            info("Fetching DvC resource \(dep)")
            let status = try await startProcess([try DvcCommand.executable(environment: environment), "pull", dep])
            if status < 0 { throw Stopped(status: status) }
            try DvcRunRepository.checkPull(dep, status: status, runDirectory: run.path)
            return DvcRunRepository.internalEntries(created, runDirectory: run.path, uri: uri) + [dependencyEntry(dep)]
        }
        try FileManager.default.createDirectory(atPath: PathText.dirname(target), withIntermediateDirectories: true)
        if isDirectory.boolValue {
            info("Linking to \(dep)")
            try FileManager.default.createSymbolicLink(
                atPath: target, withDestinationPath: PathText.relative(source, to: PathText.dirname(target)))
        } else {
            info("Copying \(dep)")
            try FastFile.copy(from: source, to: target)
        }
        // Guild AI records no entry here, so the file would count as generated.
        return [ManifestEntry(kind: .dependency, path: dep, sha1: sha1(of: dep), source: "file:\(dep)")]
    }

    private func dependencyEntry(_ dep: String) -> ManifestEntry {
        ManifestEntry(kind: .dependency, path: dep, sha1: sha1(of: dep), source: uri, subpath: dep)
    }

    private func sha1(of path: String) -> String? {
        Hashing.sha1(ofFile: URL(fileURLWithPath: run.path + "/" + path))
    }

    /// Logs every number of the stage's metrics files (JSON, YAML, TOML) at step 0, nested keys
    /// joined with `.`, into an event file at the run root, as Guild AI does.
    private func logMetrics(of stage: DvcStage) throws {
        var values: [(String, Double)] = []
        for name in stage.metrics {
            let path = run.path + "/" + name
            guard let text = FastFile.readString(path) else {
                info("metrics file \(name) was not written by stage '\(stage.name)'", level: "WARNING")
                continue
            }
            let lower = name.lowercased()
            guard [".json", ".yaml", ".yml", ".toml"].contains(where: lower.hasSuffix) else {
                info(
                    "unsupported metrics file type for \(name) (expected .json, .yaml, .yml or .toml)", level: "WARNING"
                )
                continue
            }
            let value: YAMLValue
            do {
                value = lower.hasSuffix(".toml") ? try TOMLText.load(text, path: path) : try YAMLValue.load(text)
            } catch {
                info("cannot read metrics from \(name): \(error)", level: "WARNING")
                continue
            }
            info("Logging metrics from \(name)")
            Self.flatten(value, prefix: "", into: &values)
        }
        guard !values.isEmpty else { return }
        let writer = try EventFileWriter(directory: run.directory)
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

    /// A line the stage main logs, as Guild's op logging prints it.
    private func info(_ message: String, level: String = "INFO") {
        recorder.log("\(level): [guild] \(message)")
    }

    /// As Python's `os.path.exists`: a link counts when its target exists.
    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
