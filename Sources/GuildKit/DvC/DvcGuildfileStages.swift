import Foundation

/// DvC stages named from guild.yml (reference 9.1 R2 and R3): an op whose `main` is
/// `guild.plugins.dvc_stage_main [--project-dir DIR] STAGE`, and a model's
/// `dvc-stages-import: all | yes | NAME | [NAMES]` (also under `extra:`), which adds such an op
/// for each stage of the dvc.yaml beside guild.yml.
enum DvcGuildfileStages {
    /// The models with imported stage ops added (an existing op of the same name gets the stage
    /// as its `main`); warnings for values that are not understood.
    static func importStages(into models: [ModelDef], directory: URL) -> ([ModelDef], [String]) {
        var warnings: [String] = []
        let result = models.map { model -> ModelDef in
            guard let spec = model.data["dvc-stages-import"] ?? model.data["extra"]?.mapValue?["dvc-stages-import"]
            else { return model }
            let names: [String]?
            switch spec {
            case .bool(true), .string("all"): names = nil
            case .string(let name): names = [name]
            case .list(let items): names = items.compactMap(\.stringValue)
            default:
                warnings.append("unsupported value for dvc-stages-import: \(spec.flowEncoded()) - ignoring")
                return model
            }
            guard let pipeline = try? DvcPipeline.load(directory.appendingPathComponent("dvc.yaml")) else {
                warnings.append("dvc-stages-import: cannot read dvc.yaml in \(directory.path) - ignoring")
                return model
            }
            var updated = model
            for stage in pipeline.stages where names?.contains(stage.name) ?? true {
                let main = "\(DvcStageMain.module) \(Shlex.quote(stage.name))"
                if let i = updated.operations.firstIndex(where: { $0.name == stage.name }) {
                    if updated.operations[i].main != nil || updated.operations[i].exec != nil {
                        warnings.append("operation '\(stage.name)' is replaced by DvC stage '\(stage.name)'")
                    }
                    updated.operations[i].main = main
                    updated.operations[i].exec = nil
                    updated.operations[i].isImportedStage = true
                    if updated.operations[i].description.isEmpty {
                        updated.operations[i].description = "Stage '\(stage.name)' imported from dvc.yaml"
                    }
                } else {
                    var op = OpDef(name: stage.name)
                    op.main = main
                    op.description = "Stage '\(stage.name)' imported from dvc.yaml"
                    op.isImportedStage = true
                    updated.operations.append(op)
                }
            }
            updated.operations.sort { $0.name < $1.name }
            return updated
        }
        return (result, warnings)
    }

    /// The op with the stage its `main` (`guild.plugins.dvc_stage_main [--project-dir DIR] STAGE`)
    /// names. Such an op is run as Guild AI runs it: its flags, `requires` and every other
    /// setting are its own, and the stage main resolves the stage's deps when the run starts. An
    /// op from `dvc-stages-import` also gets the stage's params as flags and its deps.
    static func apply(to resolved: ResolvedOperation) throws -> ResolvedOperation {
        guard let main = resolved.opdef.main, main.hasPrefix(DvcStageMain.module) else { return resolved }
        let args = try Shlex.split(main)
        guard args.first == DvcStageMain.module,
            let invocation = DvcStageMain.invocation(in: ["guild.op_main"] + args)
        else {
            throw GuildError("operation '\(resolved.fullName)': \(DvcStageMain.module) needs a stage name")
        }
        let project = URL(
            fileURLWithPath: invocation.projectDirectory ?? ".", relativeTo: resolved.guildfile.directory
        ).standardizedFileURL
        let dvcFile = project.appendingPathComponent("dvc.yaml")
        var result = resolved
        result.dvcStage = try DvcStageOperation.load(dvcFile, stage: invocation.stage).1
        result.opdef.runAttrs.merge(DvcStageOperation.stageAttributes(invocation.stage)) { own, _ in own }
        guard resolved.opdef.isImportedStage else { return result }
        let stageOp = try DvcStageOperation.resolve(dvcFile: dvcFile, stage: invocation.stage)
        var op = result.opdef
        for flag in stageOp.opdef.flags where !op.flags.contains(where: { $0.name == flag.name }) {
            op.flags.append(flag)
        }
        op.flagsDest = op.flagsDest ?? stageOp.opdef.flagsDest
        op.flagsImport = op.flagsImport ?? stageOp.opdef.flagsImport
        op.dependencies += stageOp.opdef.dependencies
        result.opdef = op
        return result
    }
}
