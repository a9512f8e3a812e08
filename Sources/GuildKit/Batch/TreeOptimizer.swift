import Foundation

/// Sequential optimization with tree surrogates: Guild's `forest` and `gbrt` optimizers
/// (scikit-optimize's `forest_minimize` and `gbrt_minimize`): the next point is the best of
/// 10,000 random candidates by expected improvement on the surrogate, one at a time.
public enum TreeOptimizer {
    public enum Model: Sendable {
        case extraTrees
        case gradientBoosted
    }

    static let candidates = 10_000

    /// The next point to try, minimizing y, from previous trials `x0` and `y0` (values in each
    /// dimension's own terms). With fewer than 2 usable trials, a random sample.
    public static func suggest(
        model: Model, dimensions: [SearchDimension], x0: [[YAMLValue]], y0: [Double], xi: Double,
        using rng: inout SeededRandom
    ) -> [YAMLValue] {
        let space = UnitCubeSpace(dimensions: dimensions)
        let (points, targets) = space.encode(x0: x0, y0: y0)
        guard points.count >= 2, space.width > 0 else {
            return dimensions.map { $0.sample(using: &rng) }
        }
        let surrogate: any TreeSurrogate =
            switch model {
            case .extraTrees: ExtraTreesSurrogate(x: points, y: targets, using: &rng)
            case .gradientBoosted: GradientBoostedSurrogate(x: points, y: targets, using: &rng)
            }
        let best = targets.min()!
        var chosen: (point: [Double], score: Double)?
        for _ in 0..<candidates {
            let point = space.randomPoint(using: &rng)
            if points.contains(where: { space.isSamePoint($0, point) }) { continue }
            let prediction = surrogate.predict(point)
            let score = -expectedImprovement(mean: prediction.mean, std: prediction.std, best: best, xi: xi)
            if chosen == nil || score < chosen!.score { chosen = (point, score) }
        }
        return space.decode(chosen?.point ?? space.randomPoint(using: &rng))
    }

    /// skopt's `gaussian_ei`: with no spread, no improvement is expected.
    static func expectedImprovement(mean: Double, std: Double, best: Double, xi: Double) -> Double {
        guard std > 0 else { return 0 }
        let improvement = best - mean - xi
        let z = improvement / std
        let cumulative = 0.5 * erfc(-z / 2.0.squareRoot())
        let density = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
        return improvement * cumulative + std * density
    }
}
