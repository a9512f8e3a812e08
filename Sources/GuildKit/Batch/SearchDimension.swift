import Foundation

/// One flag's search range for random and Bayesian search (reference 5.2, skopt's space).
public enum SearchDimension: Sendable, Equatable {
    /// A list value: any of its items.
    case categorical([YAMLValue])
    /// `uniform[a:b]` or `[a:b]` with int bounds: an int from `low` through `high`.
    case integer(low: Int, high: Int)
    /// `uniform[a:b]` with a float bound, or `loguniform[a:b]` (`logScale`): a float in `low...high`.
    case real(low: Double, high: Double, logScale: Bool)
}

extension SearchDimension {
    /// A value drawn uniformly (log-uniformly for a log scale) from the dimension.
    public func sample(using rng: inout SeededRandom) -> YAMLValue {
        switch self {
        case .categorical(let values):
            return values[Int.random(in: 0..<values.count, using: &rng)]
        case .integer(let low, let high):
            return .int(Int.random(in: low...high, using: &rng))
        case .real(let low, let high, let logScale):
            if logScale {
                return .float(exp(Double.random(in: log(low)...log(high), using: &rng)))
            }
            return .float(Double.random(in: low...high, using: &rng))
        }
    }
}
