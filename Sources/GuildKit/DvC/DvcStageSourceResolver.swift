import Foundation

/// `dvcstage:` sources: files of the run that provided a DvC stage (reference 9.5): the run the
/// flag `dvcstage:NAME` names (an id or id prefix), else the marked, else the latest completed run
/// whose `dvc` attr (`{stage: NAME}`, also set by `run-attrs`) or `dvc-stage` attr names the stage.
struct DvcStageSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        let stage = source.path
        let spec = try dependency.runSpec(for: source, context: context)
        let finder = StageRuns(store: RunStore(runsDirectory: context.guildContext.runsDirectory))
        guard let run = finder.markedOrLatest(stage: stage, prefix: spec.isEmpty ? nil : spec) else {
            throw DependencyError("no suitable run for '\(stage)' stage")
        }
        return try OperationSourceResolver.files(of: run, for: source, context: context)
    }
}

/// Finds runs that provided a DvC stage.
struct StageRuns {
    let store: RunStore

    /// The stage a run provided: its `dvc` attr's `stage`, else its `dvc-stage` attr (written by
    /// Guild AI 0.9.0).
    static func stage(of run: Run) -> String? {
        run.attribute("dvc")?.mapValue?["stage"]?.stringValue ?? run.attribute("dvc-stage")?.stringValue
    }

    /// - Parameters:
    ///   - prefix: an id prefix; a full 32-character id selects that run whatever its stage and status.
    ///   - includeStaged: staged runs count too, as when flag defaults are filled in.
    func markedOrLatest(stage: String, prefix: String?, includeStaged: Bool = false) -> Run? {
        if let prefix, let run = store.run(fullId: prefix) { return run }
        if prefix?.count == 32 { return nil }
        let statuses: Set<RunStatus> = includeStaged ? [.completed, .staged] : [.completed]
        let candidates = store.allRuns().filter { prefix.map($0.run.id.hasPrefix) ?? true }
        let provides = ParallelMap.map(candidates) { Self.stage(of: $0.run) == stage }
        let matching = zip(candidates, provides).filter(\.1).map(\.0)
        let details = RunStore.details(of: matching)
        let usable = zip(matching, details).filter { statuses.contains($0.1.status) }
        return (usable.first { $0.1.isMarked } ?? usable.first)?.0.run
    }
}
