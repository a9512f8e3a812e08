import Foundation

/// Gaussian-process regression on points in the unit hypercube: the surrogate model of the `gp`
/// optimizer (scikit-optimize's `gp_minimize`). The kernel is a constant amplitude times a Matern 5/2
/// kernel with one length scale per dimension, plus white noise; targets are normalized to mean 0
/// and standard deviation 1 before fitting.
public struct GaussianProcess: Sendable {
    /// Kernel hyperparameters, in units of the normalized targets and of the unit cube.
    public struct Hyperparameters: Sendable, Equatable {
        /// The signal variance (the constant kernel's value).
        public var amplitude: Double
        /// The Matern kernel's length scale for each input dimension.
        public var lengthScales: [Double]
        /// The noise variance added to the covariance's diagonal.
        public var noise: Double
    }

    /// The hyperparameters that maximized the log marginal likelihood.
    public let hyperparameters: Hyperparameters
    private let points: [[Double]]
    private let targetMean: Double
    private let targetScale: Double
    /// Lower Cholesky factor of the training covariance, row-major.
    private let factor: [Double]
    /// Training covariance⁻¹ · normalized targets.
    private let weights: [Double]

    /// Fits a model to `y` observed at the unit-cube points `x` (at least one point, all the same
    /// length). `fixedNoise` is a noise variance in normalized-target units; nil fits it with the
    /// other hyperparameters. Restarts of the hyperparameter search draw from `rng`.
    public static func fit(
        x: [[Double]], y: [Double], fixedNoise: Double? = nil, using rng: inout SeededRandom
    ) -> GaussianProcess {
        precondition(!x.isEmpty && x.count == y.count, "GaussianProcess needs one target per point")
        let mean = y.reduce(0, +) / Double(y.count)
        let deviation = (y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(y.count)).squareRoot()
        let scale = deviation > 0 && deviation.isFinite ? deviation : 1
        let targets = y.map { ($0 - mean) / scale }
        let likelihood = MarginalLikelihood(points: x, targets: targets, fixedNoise: fixedNoise)
        let hyperparameters = likelihood.maximize(using: &rng)
        return GaussianProcess(
            hyperparameters: hyperparameters, points: x, targets: targets,
            targetMean: mean, targetScale: scale, likelihood: likelihood)
    }

    private init(
        hyperparameters: Hyperparameters, points: [[Double]], targets: [Double],
        targetMean: Double, targetScale: Double, likelihood: MarginalLikelihood
    ) {
        self.hyperparameters = hyperparameters
        self.points = points
        self.targetMean = targetMean
        self.targetScale = targetScale
        var covariance = likelihood.covariance(hyperparameters)
        let n = points.count
        if !choleskyWithJitter(&covariance, n: n, scale: hyperparameters.amplitude) {
            // Only non-finite inputs get here; an identity factor keeps predictions at the prior.
            covariance = (0..<n * n).map { $0 / n == $0 % n ? 1 : 0 }
        }
        factor = covariance
        weights = solveTransposed(factor, solveLower(factor, targets, n: n), n: n)
    }

    /// The predicted mean and standard deviation of the target at `x`, in the targets' own units.
    /// The standard deviation is that of the underlying function, without the noise term.
    public func predict(_ x: [Double]) -> (mean: Double, std: Double) {
        let normalized = predictNormalized(x)
        return (normalized.mean * targetScale + targetMean, normalized.std * targetScale)
    }

    /// The prediction at `x` in normalized-target units.
    func predictNormalized(_ x: [Double]) -> (mean: Double, std: Double) {
        let amplitude = hyperparameters.amplitude
        let scales = hyperparameters.lengthScales
        let crossCovariance = points.map { point in
            var squared = 0.0
            for k in 0..<x.count {
                let d = (x[k] - point[k]) / scales[k]
                squared += d * d
            }
            return amplitude * matern52(squared.squareRoot())
        }
        var mean = 0.0
        for i in 0..<weights.count { mean += crossCovariance[i] * weights[i] }
        let v = solveLower(factor, crossCovariance, n: points.count)
        let variance = amplitude - v.reduce(0) { $0 + $1 * $1 }
        return (mean, max(variance, 0).squareRoot())
    }

    /// `y` in normalized-target units.
    func normalize(_ y: Double) -> Double { (y - targetMean) / targetScale }
}

/// The log marginal likelihood of normalized targets as a function of the log hyperparameters
/// `[log amplitude, log length scale per dimension…, log noise (unless fixed)]`.
private struct MarginalLikelihood {
    static let amplitudeBounds = (low: 0.01, high: 1000.0)
    static let lengthScaleBounds = (low: 0.01, high: 100.0)
    static let noiseBounds = (low: 1e-6, high: 1.0)
    static let restarts = 3
    static let evaluationsPerRestart = 150

    let count: Int
    let dimensionCount: Int
    /// `(x_i[k] - x_j[k])²` for each pair `i > j` (in row order) and each dimension `k`.
    let squaredDifferences: [Double]
    let targets: [Double]
    let fixedNoise: Double?

    init(points: [[Double]], targets: [Double], fixedNoise: Double?) {
        count = points.count
        dimensionCount = points[0].count
        var differences: [Double] = []
        differences.reserveCapacity(count * (count - 1) / 2 * dimensionCount)
        for i in 0..<count {
            for j in 0..<i {
                for k in 0..<dimensionCount {
                    let d = points[i][k] - points[j][k]
                    differences.append(d * d)
                }
            }
        }
        squaredDifferences = differences
        self.targets = targets
        self.fixedNoise = fixedNoise.map { max($0, 0) }
    }

    /// The best of a few Nelder–Mead searches in log space: one from a neutral start, the others
    /// from random points within the bounds.
    func maximize(using rng: inout SeededRandom) -> GaussianProcess.Hyperparameters {
        var lower =
            [log(Self.amplitudeBounds.low)]
            + Array(repeating: log(Self.lengthScaleBounds.low), count: dimensionCount)
        var upper =
            [log(Self.amplitudeBounds.high)]
            + Array(repeating: log(Self.lengthScaleBounds.high), count: dimensionCount)
        var neutral = [0.0] + Array(repeating: log(0.3), count: dimensionCount)
        if fixedNoise == nil {
            lower.append(log(Self.noiseBounds.low))
            upper.append(log(Self.noiseBounds.high))
            neutral.append(log(1e-2))
        }
        var best = (point: neutral, value: Double.infinity)
        for restart in 0..<Self.restarts {
            let start =
                restart == 0
                ? neutral
                : zip(lower, upper).map { Double.random(in: $0...$1, using: &rng) }
            let result = nelderMead(
                start: start, step: 1, lower: lower, upper: upper,
                maxEvaluations: Self.evaluationsPerRestart
            ) { -logLikelihood($0) }
            if result.value < best.value { best = result }
        }
        return hyperparameters(best.point)
    }

    func hyperparameters(_ logParameters: [Double]) -> GaussianProcess.Hyperparameters {
        GaussianProcess.Hyperparameters(
            amplitude: exp(logParameters[0]),
            lengthScales: logParameters[1...dimensionCount].map { exp($0) },
            noise: fixedNoise ?? exp(logParameters[dimensionCount + 1]))
    }

    /// The log marginal likelihood, or -infinity when the covariance cannot be factored.
    func logLikelihood(_ logParameters: [Double]) -> Double {
        let parameters = hyperparameters(logParameters)
        var covariance = covariance(parameters)
        guard choleskyWithJitter(&covariance, n: count, scale: parameters.amplitude) else {
            return -.infinity
        }
        let z = solveLower(covariance, targets, n: count)
        var value = -0.5 * z.reduce(0) { $0 + $1 * $1 } - 0.5 * Double(count) * log(2 * Double.pi)
        for i in 0..<count { value -= log(covariance[i * count + i]) }
        return value.isNaN ? -.infinity : value
    }

    /// The training covariance (lower triangle filled), row-major.
    func covariance(_ parameters: GaussianProcess.Hyperparameters) -> [Double] {
        let inverseSquaredScales = parameters.lengthScales.map { 1 / ($0 * $0) }
        let n = count
        let dims = dimensionCount
        var matrix = [Double](repeating: 0, count: n * n)
        matrix.withUnsafeMutableBufferPointer { m in
            squaredDifferences.withUnsafeBufferPointer { differences in
                var pair = 0
                for i in 0..<n {
                    for j in 0..<i {
                        var squared = 0.0
                        for k in 0..<dims { squared += differences[pair * dims + k] * inverseSquaredScales[k] }
                        m[i * n + j] = parameters.amplitude * matern52(squared.squareRoot())
                        pair += 1
                    }
                    m[i * n + i] = parameters.amplitude + parameters.noise
                }
            }
        }
        return matrix
    }
}

/// The Matern 5/2 correlation at scaled distance `r`.
private func matern52(_ r: Double) -> Double {
    let s = 5.0.squareRoot() * r
    return (1 + s + s * s / 3) * exp(-s)
}

/// Replaces the lower triangle of the symmetric `matrix` with its Cholesky factor, adding growing
/// jitter (relative to `scale`) to the diagonal when round-off makes it indefinite. False when
/// even the largest jitter fails.
private func choleskyWithJitter(_ matrix: inout [Double], n: Int, scale: Double) -> Bool {
    for jitter in [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2] {
        var attempt = matrix
        for i in 0..<n { attempt[i * n + i] += jitter * scale }
        if cholesky(&attempt, n: n) {
            matrix = attempt
            return true
        }
    }
    return false
}

/// Factors the lower triangle of a row-major symmetric matrix in place; false when it is not
/// positive definite.
private func cholesky(_ matrix: inout [Double], n: Int) -> Bool {
    matrix.withUnsafeMutableBufferPointer { m in
        for j in 0..<n {
            var diagonal = m[j * n + j]
            for k in 0..<j { diagonal -= m[j * n + k] * m[j * n + k] }
            guard diagonal > 0, diagonal.isFinite else { return false }
            let pivot = diagonal.squareRoot()
            m[j * n + j] = pivot
            for i in (j + 1)..<n {
                var sum = m[i * n + j]
                for k in 0..<j { sum -= m[i * n + k] * m[j * n + k] }
                m[i * n + j] = sum / pivot
            }
        }
        return true
    }
}

/// Solves `L z = b` for the lower-triangular row-major `L`.
private func solveLower(_ lower: [Double], _ b: [Double], n: Int) -> [Double] {
    var z = b
    lower.withUnsafeBufferPointer { l in
        for i in 0..<n {
            var sum = z[i]
            for k in 0..<i { sum -= l[i * n + k] * z[k] }
            z[i] = sum / l[i * n + i]
        }
    }
    return z
}

/// Solves `Lᵀ x = z` for the lower-triangular row-major `L`.
private func solveTransposed(_ lower: [Double], _ z: [Double], n: Int) -> [Double] {
    var x = z
    lower.withUnsafeBufferPointer { l in
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
    }
    return x
}

/// Minimizes `objective` within `lower...upper` by Nelder–Mead, projecting every trial point into
/// the box. Non-finite values count as +infinity.
private func nelderMead(
    start: [Double], step: Double, lower: [Double], upper: [Double], maxEvaluations: Int,
    _ objective: ([Double]) -> Double
) -> (point: [Double], value: Double) {
    let p = start.count
    func clamped(_ x: [Double]) -> [Double] {
        (0..<p).map { min(max(x[$0], lower[$0]), upper[$0]) }
    }
    func evaluate(_ x: [Double]) -> Double {
        let value = objective(x)
        return value.isNaN ? .infinity : value
    }
    var simplex = [clamped(start)]
    for i in 0..<p {
        var vertex = simplex[0]
        vertex[i] += vertex[i] + step <= upper[i] ? step : -step
        simplex.append(clamped(vertex))
    }
    var values = simplex.map(evaluate)
    var evaluations = p + 1
    while evaluations < maxEvaluations {
        let order = values.indices.sorted { values[$0] < values[$1] }
        simplex = order.map { simplex[$0] }
        values = order.map { values[$0] }
        if values[p] - values[0] < 1e-7 { break }
        var centroid = [Double](repeating: 0, count: p)
        for vertex in simplex.dropLast() {
            for k in 0..<p { centroid[k] += vertex[k] / Double(p) }
        }
        let worst = simplex[p]
        func along(_ t: Double) -> [Double] {
            clamped((0..<p).map { centroid[$0] + t * (worst[$0] - centroid[$0]) })
        }
        let reflected = along(-1)
        let reflectedValue = evaluate(reflected)
        evaluations += 1
        if reflectedValue < values[0] {
            let expanded = along(-2)
            let expandedValue = evaluate(expanded)
            evaluations += 1
            (simplex[p], values[p]) =
                expandedValue < reflectedValue
                ? (expanded, expandedValue) : (reflected, reflectedValue)
        } else if reflectedValue < values[p - 1] {
            (simplex[p], values[p]) = (reflected, reflectedValue)
        } else {
            let contracted = reflectedValue < values[p] ? along(-0.5) : along(0.5)
            let contractedValue = evaluate(contracted)
            evaluations += 1
            if contractedValue < min(reflectedValue, values[p]) {
                (simplex[p], values[p]) = (contracted, contractedValue)
            } else {
                for i in 1...p {
                    simplex[i] = (0..<p).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                    values[i] = evaluate(simplex[i])
                }
                evaluations += p
            }
        }
    }
    let best = values.indices.min { values[$0] < values[$1] }!
    return (simplex[best], values[best])
}
