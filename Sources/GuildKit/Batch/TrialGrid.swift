/// Grid (`+`) trials: the cartesian product of list values (reference 5.2).
public enum TrialGrid {
    /// One trial per combination; names sorted, so the last flag varies fastest. Flag functions
    /// are drawn for each trial from `rng`, their initial value (third argument) used first.
    /// - Throws: `GuildError` for an empty list or a bad flag function.
    public static func expand(_ flags: [String: YAMLValue], using rng: inout SeededRandom) throws
        -> [[String: YAMLValue]]
    {
        var trials = try product(flags)
        try applyFlagFunctions(&trials, using: &rng)
        return trials
    }

    /// Batch-file trials: each merged as proto flags < trial values < user flags, then expanded.
    public static func expand(
        trials fileTrials: [[String: YAMLValue]], flags: [String: YAMLValue], userFlags: [String: YAMLValue],
        using rng: inout SeededRandom
    ) throws -> [[String: YAMLValue]] {
        var trials: [[String: YAMLValue]] = []
        for trial in fileTrials {
            let merged = flags.merging(trial, uniquingKeysWith: { $1 }).merging(userFlags, uniquingKeysWith: { $1 })
            trials += try product(merged)
        }
        try applyFlagFunctions(&trials, using: &rng)
        return trials
    }

    /// `count` trials drawn at random from `trials`, in their original order.
    public static func sample(_ trials: [[String: YAMLValue]], count: Int, using rng: inout SeededRandom)
        -> [[String: YAMLValue]]
    {
        guard trials.count > count else { return trials }
        var indices = Array(trials.indices)
        indices.shuffle(using: &rng)
        return indices.prefix(count).sorted().map { trials[$0] }
    }

    private static func product(_ flags: [String: YAMLValue]) throws -> [[String: YAMLValue]] {
        var trials: [[String: YAMLValue]] = [[:]]
        for name in flags.keys.sorted() {
            let values = flags[name]!.listValue ?? [flags[name]!]
            if values.isEmpty { throw GuildError("flag '\(name)' has an empty list of values: the grid has no trials") }
            trials = trials.flatMap { trial in
                values.map { value in
                    var next = trial
                    next[name] = value
                    return next
                }
            }
        }
        return trials
    }

    private static func applyFlagFunctions(_ trials: inout [[String: YAMLValue]], using rng: inout SeededRandom) throws
    {
        var usedInitial: Set<String> = []
        for i in trials.indices {
            for name in trials[i].keys.sorted() {
                let value = trials[i][name]!
                guard value.listValue == nil,
                    let (dimension, initial) = try SearchSpace.dimension(value, flagName: name)
                else { continue }
                if let initial, !usedInitial.contains(name) {
                    usedInitial.insert(name)
                    trials[i][name] = initial
                } else {
                    trials[i][name] = dimension.sample(using: &rng)
                }
            }
        }
    }
}
