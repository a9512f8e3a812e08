import Foundation

/// DvC stages named from guild.yml (reference 9.1 R2 and R3): an op whose `main` is
/// `guild.plugins.dvc_stage_main [--project-dir DIR] STAGE`, and a model's
/// `dvc-stages-import: all | yes | NAME | [NAMES]` (also under `extra:`), which adds such an op
/// for each stage of the dvc.yaml beside guild.yml.
enum DvcGuildfileStages {
    static let mainModule = "guild.plugins.dvc_stage_main"

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
                let main = "\(mainModule) \(Shlex.quote(stage.name))"
                if let i = updated.operations.firstIndex(where: { $0.name == stage.name }) {
                    if updated.operations[i].main != nil || updated.operations[i].exec != nil {
                        warnings.append("operation '\(stage.name)' is replaced by DvC stage '\(stage.name)'")
                    }
                    updated.operations[i].main = main
                    updated.operations[i].exec = nil
                    if updated.operations[i].description.isEmpty {
                        updated.operations[i].description = "Stage '\(stage.name)' imported from dvc.yaml"
                    }
                } else {
                    var op = OpDef(name: stage.name)
                    op.main = main
                    op.description = "Stage '\(stage.name)' imported from dvc.yaml"
                    updated.operations.append(op)
                }
            }
            updated.operations.sort { $0.name < $1.name }
            return updated
        }
        return (result, warnings)
    }

    /// The op as a DvC stage op when its `main` is `guild.plugins.dvc_stage_main`: it keeps its
    /// name, opref, description, flags and requires, and gains the stage's params, deps and command.
    static func apply(to resolved: ResolvedOperation) throws -> ResolvedOperation {
        guard let main = resolved.opdef.main, main.hasPrefix(mainModule) else { return resolved }
        var args = try Shlex.split(String(main.dropFirst(mainModule.count)))
        var project = resolved.guildfile.directory
        if let i = args.firstIndex(of: "--project-dir"), i + 1 < args.count {
            project = URL(fileURLWithPath: args[i + 1], relativeTo: project).standardizedFileURL
            args.removeSubrange(i...(i + 1))
        }
        // Stage deps are looked up beside guild.yml, so another project directory would resolve
        // them in the wrong place.
        guard project.path == resolved.guildfile.directory.standardizedFileURL.path else {
            throw GuildError(
                "operation '\(resolved.fullName)': --project-dir other than the guild.yml directory is not supported")
        }
        guard let stageName = args.first else {
            throw GuildError("operation '\(resolved.fullName)': \(mainModule) needs a stage name")
        }
        let stageOp = try DvcStageOperation.resolve(
            dvcFile: project.appendingPathComponent("dvc.yaml"), stage: stageName)
        var op = stageOp.opdef
        op.name = resolved.opdef.name
        if !resolved.opdef.description.isEmpty { op.description = resolved.opdef.description }
        for flag in resolved.opdef.flags {
            op.flags.removeAll { $0.name == flag.name }
            op.flags.append(flag)
        }
        op.dependencies = resolved.opdef.dependencies + op.dependencies
        op.label = resolved.opdef.label
        op.sourcecode = resolved.opdef.sourcecode
        op.env = resolved.opdef.env
        op.runAttrs.merge(resolved.opdef.runAttrs) { stage, _ in stage }
        var result = resolved
        result.opdef = op
        result.dvcStage = stageOp.dvcStage
        return result
    }
}
