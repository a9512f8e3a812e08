/// Random search trials (the `random` optimizer, reference 5.2).
public enum RandomTrials {
    /// `count` trials with each search dimension drawn from `rng`; the first trial uses the
    /// dimensions' initial values where given.
    /// - Throws: `GuildError` when `flags` has no search dimension.
    public static func make(flags: [String: YAMLValue], count: Int, using rng: inout SeededRandom) throws
        -> [[String: YAMLValue]]
    {
        let space = try SearchSpace(flags: flags)
        guard !space.names.isEmpty else { throw MissingSearchDimension(flags: flags) }
        return (0..<count).map { i in
            let point = space.dimensions.indices.map { d in
                i == 0
                    ? space.initial[d] ?? space.dimensions[d].sample(using: &rng)
                    : space.dimensions[d].sample(using: &rng)
            }
            return space.trialFlags(point, base: flags)
        }
    }
}

/// A random or Bayesian search over flags that have no range or list to search.
public struct MissingSearchDimension: Error, CustomStringConvertible {
    public var flags: [String: YAMLValue]

    /// Guild AI's message, with its hint.
    public var description: String {
        "flags for batch (\(FlagFormatting.flagsDescription(flags))) do not contain any search dimensions\n"
            + "Try specifying a range for one or more flags as NAME=[MIN:MAX]."
    }
}
