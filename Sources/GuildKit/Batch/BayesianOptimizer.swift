import Foundation

/// Settings of the `gp` optimizer, the flags Guild passes to scikit-optimize's `gp_minimize`.
public struct BayesianOptions: Sendable, Equatable {
    /// The acquisition function: `gp_hedge` (default), `EI`, `PI` or `LCB`; `EIps` and `PIps`
    /// behave as `EI` and `PI`. Names match case-insensitively; unknown names act as `gp_hedge`.
    public var acquisition: String
    /// How far below the mean `LCB` looks, in standard deviations.
    public var kappa: Double
    /// The improvement `EI` and `PI` ask for, in units of the normalized targets.
    public var xi: Double
    /// How the surrogate model treats noise in observed values.
    public var noise: Noise

    /// Noise in observed objective values.
    public enum Noise: Sendable, Equatable {
        /// Fit the noise level along with the other kernel hyperparameters.
        case gaussian
        /// A fixed noise variance, in units of the normalized targets.
        case variance(Double)
    }

    public init(acquisition: String = "gp_hedge", kappa: Double = 1.96, xi: Double = 0.05, noise: Noise = .gaussian) {
        self.acquisition = acquisition
        self.kappa = kappa
        self.xi = xi
        self.noise = noise
    }
}

/// Bayesian optimization with a Gaussian-process surrogate: Guild's `gp` optimizer
/// (scikit-optimize's `gp_minimize`), one suggestion at a time.
public enum BayesianOptimizer {
    static let randomCandidates = 2000
    static let refinedCandidates = 5
    static let refinementSteps: [Double] = [0.1, 0.03, 0.01]
    static let perturbationsPerStep = 20

    /// The next point to try, minimizing y. `x0` and `y0` are previous trials, with values in each
    /// dimension's own terms (ints, floats, category values); trials with values outside their
    /// dimension or a non-finite y are dropped. With fewer than 2 usable trials, a random sample.
    public static func suggest(
        dimensions: [SearchDimension], x0: [[YAMLValue]], y0: [Double],
        options: BayesianOptions, using rng: inout SeededRandom
    ) -> [YAMLValue] {
        let space = UnitCubeSpace(dimensions: dimensions)
        let (points, targets) = space.encode(x0: x0, y0: y0)
        guard points.count >= 2, space.width > 0 else {
            return dimensions.map { $0.sample(using: &rng) }
        }
        let model = GaussianProcess.fit(x: points, y: targets, fixedNoise: options.fixedNoise, using: &rng)
        let acquisition = Acquisition(named: options.acquisition, using: &rng)
        let best = model.normalize(targets.min()!)
        let candidates = searchCandidates(in: space, using: &rng) { point in
            let prediction = model.predictNormalized(point)
            let score = acquisition.score(mean: prediction.mean, std: prediction.std, best: best, options: options)
            return score.isNaN ? .infinity : score
        }
        // skopt re-samples when the optimum repeats a trial; the next best new candidate does that.
        let chosen =
            candidates.first { candidate in
                !points.contains { space.isSamePoint($0, candidate) }
            } ?? candidates[0]
        return space.decode(chosen)
    }

    /// Unit-cube points ordered from lowest (best) score: random ones, then hill-climbing
    /// perturbations around the best few with shrinking steps.
    private static func searchCandidates(
        in space: UnitCubeSpace, using rng: inout SeededRandom, score: ([Double]) -> Double
    ) -> [[Double]] {
        var scored: [(point: [Double], score: Double)] = []
        scored.reserveCapacity(randomCandidates + refinedCandidates * refinementSteps.count * perturbationsPerStep)
        for _ in 0..<randomCandidates {
            let point = space.randomPoint(using: &rng)
            scored.append((point, score(point)))
        }
        scored.sort { $0.score < $1.score }
        for start in scored.prefix(refinedCandidates) {
            var current = start
            for step in refinementSteps {
                for _ in 0..<perturbationsPerStep {
                    let point = space.perturb(current.point, step: step, using: &rng)
                    let candidate = (point: point, score: score(point))
                    scored.append(candidate)
                    if candidate.score < current.score { current = candidate }
                }
            }
        }
        scored.sort { $0.score < $1.score }
        return scored.map(\.point)
    }
}

extension BayesianOptions {
    fileprivate var fixedNoise: Double? {
        switch noise {
        case .gaussian: nil
        case .variance(let variance): variance
        }
    }
}

/// An acquisition function for minimization on normalized targets, as in scikit-optimize.
private enum Acquisition {
    case expectedImprovement
    case probabilityOfImprovement
    case lowerConfidenceBound

    /// `gp_hedge` picks one of the three at random. skopt weighs them by softmax gains that it
    /// accumulates across calls on the optimizer's history; this optimizer is stateless, so every
    /// call uses skopt's first-call weights, which are equal.
    init(named name: String, using rng: inout SeededRandom) {
        switch name.lowercased() {
        case "ei", "eips": self = .expectedImprovement
        case "pi", "pips": self = .probabilityOfImprovement
        case "lcb": self = .lowerConfidenceBound
        default:
            self =
                [.expectedImprovement, .probabilityOfImprovement, .lowerConfidenceBound][
                    Int.random(in: 0..<3, using: &rng)]
        }
    }

    /// The candidate's score; lower is better.
    func score(mean: Double, std: Double, best: Double, options: BayesianOptions) -> Double {
        switch self {
        case .lowerConfidenceBound:
            return mean - options.kappa * std
        case .expectedImprovement, .probabilityOfImprovement:
            guard std > 0 else { return 0 }
            let improvement = best - mean - options.xi
            let z = improvement / std
            let cumulative = 0.5 * erfc(-z / 2.0.squareRoot())
            if self == .probabilityOfImprovement { return -cumulative }
            let density = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
            return -(improvement * cumulative + std * density)
        }
    }
}

/// The search space mapped to the unit hypercube: one column per real or integer dimension
/// (log-transformed for a log scale), one-hot columns per categorical dimension.
struct UnitCubeSpace {
    let dimensions: [SearchDimension]
    let width: Int

    init(dimensions: [SearchDimension]) {
        self.dimensions = dimensions
        width = dimensions.reduce(0) { $0 + $1.columnCount }
    }

    /// The usable trials as points and targets: those whose values are all in their dimensions
    /// and whose objective is finite.
    func encode(x0: [[YAMLValue]], y0: [Double]) -> (points: [[Double]], targets: [Double]) {
        var points: [[Double]] = []
        var targets: [Double] = []
        for (values, y) in zip(x0, y0) where y.isFinite {
            guard let point = encode(values) else { continue }
            points.append(point)
            targets.append(y)
        }
        return (points, targets)
    }

    /// The trial's point, or nil when a value is not in its dimension.
    func encode(_ values: [YAMLValue]) -> [Double]? {
        guard values.count == dimensions.count else { return nil }
        var point: [Double] = []
        point.reserveCapacity(width)
        for (dimension, value) in zip(dimensions, values) {
            switch dimension {
            case .categorical(let items):
                guard let index = items.firstIndex(of: value) else { return nil }
                point += items.indices.map { $0 == index ? 1 : 0 }
            case .integer(let low, let high):
                guard let number = value.doubleValue, number >= Double(low), number <= Double(high) else {
                    return nil
                }
                point.append(Self.fraction(number.rounded(), low: Double(low), high: Double(high)))
            case .real(let low, let high, let logScale):
                guard let number = value.doubleValue, number >= low, number <= high else { return nil }
                if logScale {
                    guard number > 0 else { return nil }
                    point.append(Self.fraction(log(number), low: log(low), high: log(high)))
                } else {
                    point.append(Self.fraction(number, low: low, high: high))
                }
            }
        }
        return point
    }

    /// The dimension values at a unit-cube point.
    func decode(_ point: [Double]) -> [YAMLValue] {
        var column = 0
        return dimensions.map { dimension in
            defer { column += dimension.columnCount }
            switch dimension {
            case .categorical(let items):
                let oneHot = point[column..<column + items.count]
                return items[oneHot.indices.max { oneHot[$0] < oneHot[$1] }! - column]
            case .integer(let low, let high):
                let value = Double(low) + (point[column] * Double(high - low)).rounded()
                return .int(min(max(Int(value), low), high))
            case .real(let low, let high, let logScale):
                let value =
                    logScale
                    ? exp(log(low) + point[column] * (log(high) - log(low)))
                    : low + point[column] * (high - low)
                return .float(min(max(value, low), high))
            }
        }
    }

    /// A point drawn as `SearchDimension.sample` draws values: uniform in the cube, on the
    /// integer grids and at one category per categorical dimension.
    func randomPoint(using rng: inout SeededRandom) -> [Double] {
        var point: [Double] = []
        point.reserveCapacity(width)
        for dimension in dimensions {
            switch dimension {
            case .categorical(let items):
                let chosen = Int.random(in: 0..<items.count, using: &rng)
                point += items.indices.map { $0 == chosen ? 1 : 0 }
            case .integer(let low, let high):
                let value = Int.random(in: low...high, using: &rng)
                point.append(Self.fraction(Double(value), low: Double(low), high: Double(high)))
            case .real:
                point.append(Double.random(in: 0...1, using: &rng))
            }
        }
        return point
    }

    /// `point` moved by Gaussian steps of `step` in each numeric column (snapped back onto integer
    /// grids), with each category switched at random one time in ten.
    func perturb(_ point: [Double], step: Double, using rng: inout SeededRandom) -> [Double] {
        var moved = point
        var column = 0
        for dimension in dimensions {
            switch dimension {
            case .categorical(let items):
                if Double.random(in: 0..<1, using: &rng) < 0.1 {
                    let chosen = Int.random(in: 0..<items.count, using: &rng)
                    for i in 0..<items.count { moved[column + i] = i == chosen ? 1 : 0 }
                }
            case .integer(let low, let high):
                let u = min(max(point[column] + step * standardNormal(using: &rng), 0), 1)
                let span = Double(high - low)
                moved[column] = span > 0 ? (u * span).rounded() / span : 0
            case .real:
                moved[column] = min(max(point[column] + step * standardNormal(using: &rng), 0), 1)
            }
            column += dimension.columnCount
        }
        return moved
    }

    /// Whether two points decode to the same values (within round-off for reals).
    func isSamePoint(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 }
    }

    private static func fraction(_ value: Double, low: Double, high: Double) -> Double {
        high > low ? (value - low) / (high - low) : 0
    }
}

extension SearchDimension {
    fileprivate var columnCount: Int {
        if case .categorical(let values) = self { return values.count }
        return 1
    }
}

/// A standard normal draw (Box–Muller).
private func standardNormal(using rng: inout SeededRandom) -> Double {
    let u1 = Double.random(in: Double.leastNormalMagnitude..<1, using: &rng)
    let u2 = Double.random(in: 0..<1, using: &rng)
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
}
