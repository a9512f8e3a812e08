import Foundation

/// Regression trees on unit-cube points, the surrogate models of Guild's `forest` and `gbrt`
/// optimizers (scikit-optimize's `forest_minimize` and `gbrt_minimize`): each predicts a mean and
/// a spread for a candidate point.
protocol TreeSurrogate {
    /// The predicted objective and its standard deviation at `point`.
    func predict(_ point: [Double]) -> (mean: Double, std: Double)
}

/// One regression tree: a split on a column at a threshold, or a leaf's value and variance.
indirect enum RegressionTree {
    case leaf(value: Double, variance: Double)
    case split(column: Int, threshold: Double, left: RegressionTree, right: RegressionTree)

    func leaf(for point: [Double]) -> (value: Double, variance: Double) {
        switch self {
        case .leaf(let value, let variance): return (value, variance)
        case .split(let column, let threshold, let left, let right):
            return point[column] <= threshold ? left.leaf(for: point) : right.leaf(for: point)
        }
    }

    /// Grows a tree on `rows` of `x`, fitting `target`.
    /// - Parameters:
    ///   - randomThresholds: extra-trees splits (one random threshold per column, the best column
    ///     kept) rather than the best threshold of each column.
    ///   - leafValue: a leaf's value from its targets (the mean, or a quantile for gbrt).
    static func grow(
        x: [[Double]], target: [Double], rows: [Int], minLeaf: Int, maxDepth: Int, randomThresholds: Bool,
        leafValue: ([Double]) -> Double, using rng: inout SeededRandom, depth: Int = 0
    ) -> RegressionTree {
        let values = rows.map { target[$0] }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        guard depth < maxDepth, rows.count >= 2 * minLeaf, variance > 0 else {
            return .leaf(value: leafValue(values), variance: variance)
        }
        var best: (score: Double, column: Int, threshold: Double)?
        for column in 0..<(x.first?.count ?? 0) {
            let columnValues = rows.map { x[$0][column] }
            guard let low = columnValues.min(), let high = columnValues.max(), high > low else { continue }
            let thresholds =
                randomThresholds
                ? [Double.random(in: low..<high, using: &rng)]
                : Array(Set(columnValues)).sorted().dropLast()
            for threshold in thresholds {
                let left = rows.filter { x[$0][column] <= threshold }
                let right = rows.filter { x[$0][column] > threshold }
                guard left.count >= minLeaf, right.count >= minLeaf else { continue }
                let score = sumOfSquares(left.map { target[$0] }) + sumOfSquares(right.map { target[$0] })
                if best == nil || score < best!.score { best = (score, column, threshold) }
            }
        }
        guard let best else { return .leaf(value: leafValue(values), variance: variance) }
        let left = rows.filter { x[$0][best.column] <= best.threshold }
        let right = rows.filter { x[$0][best.column] > best.threshold }
        return .split(
            column: best.column, threshold: best.threshold,
            left: grow(
                x: x, target: target, rows: left, minLeaf: minLeaf, maxDepth: maxDepth,
                randomThresholds: randomThresholds, leafValue: leafValue, using: &rng, depth: depth + 1),
            right: grow(
                x: x, target: target, rows: right, minLeaf: minLeaf, maxDepth: maxDepth,
                randomThresholds: randomThresholds, leafValue: leafValue, using: &rng, depth: depth + 1))
    }

    private static func sumOfSquares(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
}

/// `forest`: extra trees (skopt's default `ET` base estimator: 100 trees, at least 3 points a
/// leaf); the spread is that of the trees' leaves, as skopt computes it (law of total variance).
struct ExtraTreesSurrogate: TreeSurrogate {
    let trees: [RegressionTree]

    init(x: [[Double]], y: [Double], trees count: Int = 100, minLeaf: Int = 3, using rng: inout SeededRandom) {
        var trees: [RegressionTree] = []
        for _ in 0..<count {
            trees.append(
                .grow(
                    x: x, target: y, rows: Array(x.indices), minLeaf: minLeaf, maxDepth: 64, randomThresholds: true,
                    leafValue: { $0.reduce(0, +) / Double($0.count) }, using: &rng))
        }
        self.trees = trees
    }

    func predict(_ point: [Double]) -> (mean: Double, std: Double) {
        let leaves = trees.map { $0.leaf(for: point) }
        let mean = leaves.reduce(0) { $0 + $1.value } / Double(leaves.count)
        let second = leaves.reduce(0) { $0 + $1.variance + $1.value * $1.value } / Double(leaves.count)
        return (mean, max(second - mean * mean, 0).squareRoot())
    }
}

/// `gbrt`: gradient-boosted trees fit to the 16th, 50th and 84th percentiles (skopt's
/// `GradientBoostingQuantileRegressor`: quantile loss, 30 trees of depth 3, learning rate 0.1);
/// the median is the mean and half the 16-84 range the spread.
struct GradientBoostedSurrogate: TreeSurrogate {
    struct QuantileModel {
        let initial: Double
        let trees: [RegressionTree]
        let learningRate: Double

        func predict(_ point: [Double]) -> Double {
            trees.reduce(initial) { $0 + learningRate * $1.leaf(for: point).value }
        }
    }

    let models: [QuantileModel]

    init(x: [[Double]], y: [Double], using rng: inout SeededRandom) {
        models = [0.16, 0.5, 0.84].map { alpha in
            Self.fit(x: x, y: y, alpha: alpha, estimators: 30, depth: 3, learningRate: 0.1, using: &rng)
        }
    }

    func predict(_ point: [Double]) -> (mean: Double, std: Double) {
        let low = models[0].predict(point)
        let median = models[1].predict(point)
        let high = models[2].predict(point)
        return (median, max(high - low, 0) / 2)
    }

    private static func fit(
        x: [[Double]], y: [Double], alpha: Double, estimators: Int, depth: Int, learningRate: Double,
        using rng: inout SeededRandom
    ) -> QuantileModel {
        let initial = quantile(y, alpha)
        var current = [Double](repeating: initial, count: y.count)
        var trees: [RegressionTree] = []
        for _ in 0..<estimators {
            // The quantile loss's negative gradient; leaves then take the residuals' quantile.
            let gradient = zip(y, current).map { $0 > $1 ? alpha : alpha - 1 }
            let residuals = zip(y, current).map { $0 - $1 }
            let structure = RegressionTree.grow(
                x: x, target: gradient, rows: Array(x.indices), minLeaf: 1, maxDepth: depth, randomThresholds: false,
                leafValue: { _ in 0 }, using: &rng)
            let tree = relabel(structure, x: x, rows: Array(x.indices), residuals: residuals, alpha: alpha)
            trees.append(tree)
            for i in current.indices { current[i] += learningRate * tree.leaf(for: x[i]).value }
        }
        return QuantileModel(initial: initial, trees: trees, learningRate: learningRate)
    }

    /// The tree's leaves set to the `alpha` quantile of the residuals that reach them.
    private static func relabel(
        _ tree: RegressionTree, x: [[Double]], rows: [Int], residuals: [Double], alpha: Double
    ) -> RegressionTree {
        switch tree {
        case .leaf:
            return .leaf(value: rows.isEmpty ? 0 : quantile(rows.map { residuals[$0] }, alpha), variance: 0)
        case .split(let column, let threshold, let left, let right):
            return .split(
                column: column, threshold: threshold,
                left: relabel(left, x: x, rows: rows.filter { x[$0][column] <= threshold }, residuals: residuals, alpha: alpha),
                right: relabel(right, x: x, rows: rows.filter { x[$0][column] > threshold }, residuals: residuals, alpha: alpha))
        }
    }

    /// The `q` quantile with linear interpolation (numpy's default).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
