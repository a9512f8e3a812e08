import Foundation

/// `guild run dvc.yaml:STAGE --upstream`: the stages STAGE depends on, directly or not, that have
/// no completed run yet, in the order they must run (each after the stages it depends on).
public enum DvcUpstream {
    /// - Returns: stage names, upstream first; empty when every upstream stage has a run.
    public static func stagesToRun(before resolved: ResolvedOperation, context: GuildContext) throws -> [String] {
        guard let stage = resolved.dvcStage else {
            throw GuildError("--upstream is only for DvC stages (dvc.yaml:STAGE)")
        }
        let pipeline = try DvcPipeline.load(stage.dvcFile)
        let finder = StageRuns(store: RunStore(runsDirectory: context.runsDirectory))
        var order: [String] = []
        var visiting: Set<String> = []
        func visit(_ current: DvcStage) throws {
            for dep in current.deps {
                guard let producer = pipeline.producer(of: dep, except: current.name),
                    !order.contains(producer.name)
                else { continue }
                guard !visiting.contains(producer.name) else {
                    throw GuildError("dvc.yaml has a cycle through stage '\(producer.name)'")
                }
                // A stage with a run is used as it is: its own upstream stages are not rerun.
                if finder.markedOrLatest(stage: producer.name, prefix: nil) != nil { continue }
                visiting.insert(producer.name)
                try visit(producer)
                visiting.remove(producer.name)
                order.append(producer.name)
            }
        }
        visiting.insert(stage.name)
        try visit(stage)
        return order
    }

    /// The run of each upstream stage to make first, with the stage's default flags and this
    /// run's other options; upstream stages run as dvc.yaml stages, also when `prepared` comes
    /// from guild.yml.
    public static func requests(before prepared: PreparedRun, request: RunRequest, context: GuildContext) throws
        -> [(stage: String, request: RunRequest)]
    {
        let file = prepared.resolved.dvcStage?.dvcFile.path ?? prepared.resolved.guildfile.path.path
        return try stagesToRun(before: prepared.resolved, context: context).map { name in
            var upstream = RunRequest()
            upstream.opspec = "\(file):\(name)"
            upstream.quiet = request.quiet
            upstream.runParams = request.runParams
            upstream.runParams["opspec"] = .string(upstream.opspec!)
            upstream.runParams["flags"] = .list([])
            return (name, upstream)
        }
    }
}
