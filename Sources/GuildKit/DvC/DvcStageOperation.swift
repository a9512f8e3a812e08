import Foundation

/// `guild run [DIR/]dvc.yaml:STAGE`: a DvC stage as a Guild operation (reference 9.1-9.3). The
/// op's main is Guild's stage main (`DvcStageMain`), which runs `dvc repro --single-item STAGE`
/// in a run directory made a DvC repo of its own; the stage's params are its flags, written into
/// the run's copy of the params file; its deps come from the project (`dvcfile:`, pulled when
/// DvC tracks them and the project lacks them) or from the latest run of the stage that outputs
/// them (`dvcstage:`).
public enum DvcStageOperation {
    /// (`DIR/dvc.yaml`, `STAGE`) for an opspec of that form.
    public static func parse(_ opspec: String) -> (String, String)? {
        guard let colon = opspec.range(of: "dvc.yaml:", options: .backwards) else { return nil }
        let file = String(opspec[..<colon.upperBound].dropLast())
        guard file == "dvc.yaml" || file.hasSuffix("/dvc.yaml") else { return nil }
        let stage = String(opspec[colon.upperBound...])
        return stage.isEmpty ? nil : (file, stage)
    }

    public static func resolve(dvcFile: URL, stage name: String) throws -> ResolvedOperation {
        let (pipeline, stage) = try load(dvcFile, stage: name)
        var op = OpDef(name: name)
        op.description = "Stage '\(name)' imported from dvc.yaml"
        let projectDir = dvcFile.deletingLastPathComponent()
        op.main = "\(DvcStageMain.module) --project-dir \(Shlex.quote(projectDir.path)) \(Shlex.quote(name))"
        var paramsFlags: [(file: String, names: [String])] = []
        for params in stage.params {
            let values = try paramValues(params.file, in: projectDir)
            // A key may name a whole section (`train` for `train.lr` and `train.epochs`).
            let names =
                params.keys.map { keys in
                    values.keys.sorted().filter { key in keys.contains { key == $0 || key.hasPrefix($0 + ".") } }
                } ?? values.keys.sorted()
            paramsFlags.append((params.file, names))
            if params.file == stage.params.first?.file { continue }
            // Params of the other files become flags too (Guild AI ignores them with a warning).
            for name in names where !op.flags.contains(where: { $0.name == name }) {
                op.flags.append(FlagImporter.importedFlag(name: name, value: values[name] ?? .null))
            }
        }
        if let first = paramsFlags.first {
            op.flagsDest = "config:\(first.file)"
            op.flagsImport = .names(first.names)
        }
        op.dependencies = dependencies(of: stage, in: pipeline) + paramsFlags.map(configDependency)
        op.runAttrs = stageAttributes(name)
        var model = ModelDef(name: "dvc.yaml")
        model.operations = [op]
        var guildfile = Guildfile(path: dvcFile, digest: pipeline.digest, models: [model])
        guildfile.packageType = "import"
        var resolved = ResolvedOperation(guildfile: guildfile, model: model, opdef: op)
        resolved.dvcStage = stage
        return resolved
    }

    /// The pipeline of `dvcFile` and its stage `name`.
    /// - Throws: `GuildError` naming the file when it cannot be read or has no such stage.
    static func load(_ dvcFile: URL, stage name: String) throws -> (DvcPipeline, DvcStage) {
        let pipeline = try DvcPipeline.load(dvcFile)
        guard let stage = pipeline.stage(name) else {
            let names = pipeline.stages.map(\.name).joined(separator: ", ")
            throw GuildError("stage '\(name)' is not defined in \(dvcFile.path) (stages: \(names))")
        }
        return (pipeline, stage)
    }

    /// Attrs that mark a run as providing `stage`: HEAD's `dvc` and 0.9.0's `dvc-stage`.
    static func stageAttributes(_ stage: String) -> [String: YAMLValue] {
        ["dvc": .map(["stage": .string(stage)]), "dvc-stage": .string(stage)]
    }

    /// The params file's values by flattened key (`train.lr`).
    private static func paramValues(_ file: String, in projectDir: URL) throws -> [String: YAMLValue] {
        let config = try ConfigFile(path: file)
        return ConfigFile.flatten(try config.load(relativeTo: projectDir))
    }

    /// The params file written into the run with the values of its own flags only.
    private static func configDependency(_ params: (file: String, names: [String])) -> DependencyDef {
        var source = ResourceSource(uri: "config:\(params.file)")
        source.extra["flags"] = .list(params.names.map(YAMLValue.string))
        source.alwaysResolve = true
        source.replaceExisting = true
        source.data = .map([
            "config": .string(params.file), "flags": source.extra["flags"]!, "always-resolve": .bool(true),
            "replace-existing": .bool(true),
        ])
        return .inline(ResourceDef(source: source))
    }

    /// `dvcfile:` for deps no stage outputs, then one `dvcstage:` per upstream stage selecting
    /// the deps it outputs, linked at their paths.
    static func dependencies(of stage: DvcStage, in pipeline: DvcPipeline) -> [DependencyDef] {
        var local: [DependencyDef] = []
        var upstream: [String: [String]] = [:]
        for dep in stage.deps {
            if let producer = pipeline.producer(of: dep, except: stage.name) {
                upstream[producer.name, default: []].append(dep)
            } else {
                var source = ResourceSource(uri: "dvcfile:\(dep)")
                source.data = .map(["dvcfile": .string(dep)])
                var isDir: ObjCBool = false
                let path = pipeline.path.deletingLastPathComponent().appendingPathComponent(dep).path
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                    // A directory of the project is linked, not copied (data sets can be large).
                    source.targetType = "link"
                    source.data = .map(["dvcfile": .string(dep), "target-type": .string("link")])
                }
                local.append(.inline(ResourceDef(source: source)))
            }
        }
        let stages = upstream.keys.sorted().map { name -> DependencyDef in
            let deps = upstream[name]!
            var source = ResourceSource(uri: "dvcstage:\(name)")
            source.select = deps.map { SelectSpec(pattern: NSRegularExpression.escapedPattern(for: $0), reduce: .none) }
            source.targetType = "link"
            source.preservePath = true
            source.data = .map([
                "dvcstage": .string(name), "select": .list(source.select.map { .string($0.pattern) }),
                "target-type": .string("link"), "preserve-path": .bool(true),
            ])
            return .inline(ResourceDef(source: source))
        }
        return local + stages
    }
}
