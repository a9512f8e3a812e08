import Foundation

/// The trials of a sequential batch (`gp`, `forest`, `gbrt`), one at a time: each one's flags
/// come from `BayesianOptimizer.suggest` (or `TreeOptimizer.suggest`) on the objective of the
/// previous trials, after `random-starts` random ones (reference 5.2).
struct BayesianTrials {
    let control: TrialControl

    func run() async {
        let plan = control.plan
        let batch = control.batch
        let space: SearchSpace
        let objective: Objective
        do {
            space = try SearchSpace(flags: plan.protoFlags)
            guard !space.names.isEmpty else {
                throw GuildError(MissingSearchDimension(flags: plan.protoFlags).description)
            }
            objective = try Objective(parsing: plan.objective)
        } catch {
            batch.error("\(error)")
            control.fail(1)
            return
        }
        let flags = plan.optimizerFlags
        let maxTrials = plan.maxTrials ?? 20
        let randomStarts = min(flags["random-starts"]?.intValue ?? 3, maxTrials)
        let options = Self.options(flags)
        let previous = PreviousTrials(
            mode: flags["prev-trials"]?.stringValue ?? "batch", batch: batch.run, objective: objective,
            runsDirectory: control.context.runsDirectory)
        var rng = SeededRandom(seed: UInt64(plan.randomSeed))
        var warnedMissing = false
        for count in 0..<maxTrials {
            if control.isStopping { break }
            let results = previous.results()
            let usable = results.compactMap { result -> ([YAMLValue], Double)? in
                guard let y = result.value else { return nil }
                let x = space.names.map { result.flags[$0] ?? .null }
                return (x, y)
            }
            let point: [YAMLValue]
            // With one usable trial the optimizer itself falls back to a random point.
            if count < randomStarts || usable.isEmpty {
                if count < randomStarts {
                    batch.info("Random start for optimization (\(count + 1) of \(randomStarts))")
                } else if results.isEmpty {
                    batch.info("Random start for optimization (missing previous trials)")
                } else {
                    batch.info("Random start for optimization (cannot find objective '\(objective.scalarName)')")
                    if usable.isEmpty && !warnedMissing {
                        warnedMissing = true
                        batch.warning(
                            "no trial has logged the objective '\(objective.scalarName)': "
                                + "the search falls back to random values (check --minimize/--maximize)")
                    }
                }
                point = space.dimensions.indices.map { d in
                    (count == 0 ? space.initial[d] : nil) ?? space.dimensions[d].sample(using: &rng)
                }
            } else {
                batch.info("Found \(results.count) previous trial(s) for use in optimization")
                switch plan.optimizer {
                case .forest, .gbrt:
                    point = TreeOptimizer.suggest(
                        model: plan.optimizer == .forest ? .extraTrees : .gradientBoosted, dimensions: space.dimensions,
                        x0: usable.map(\.0), y0: usable.map(\.1), xi: options.xi, using: &rng)
                default:
                    point = BayesianOptimizer.suggest(
                        dimensions: space.dimensions, x0: usable.map(\.0), y0: usable.map(\.1), options: options,
                        using: &rng)
                }
            }
            do {
                let trial = try control.create(space.trialFlags(point, base: plan.protoFlags))
                await control.start(trial)
            } catch {
                batch.error("\(error)")
                control.fail(1)
                return
            }
        }
    }

    static func options(_ flags: [String: YAMLValue]) -> BayesianOptions {
        var options = BayesianOptions()
        if let acquisition = flags["acq-func"]?.stringValue { options.acquisition = acquisition }
        if let kappa = flags["kappa"]?.doubleValue { options.kappa = kappa }
        if let xi = flags["xi"]?.doubleValue { options.xi = xi }
        if let noise = flags["noise"]?.doubleValue { options.noise = .variance(noise) }
        return options
    }
}
