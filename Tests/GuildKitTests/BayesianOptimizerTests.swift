import Foundation
import Testing

@testable import GuildKit

struct BayesianOptimizerTests {
    @Test func gaussianProcessInterpolatesSine() {
        var rng = SeededRandom(seed: 1)
        let xs = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
        let model = GaussianProcess.fit(x: xs.map { [$0] }, y: xs.map { sin(6 * $0) }, using: &rng)
        var largestStdAtData = 0.0
        for x in xs {
            let prediction = model.predict([x])
            #expect(abs(prediction.mean - sin(6 * x)) < 0.02)
            largestStdAtData = max(largestStdAtData, prediction.std)
        }
        #expect(largestStdAtData < 0.05)
        #expect(abs(model.predict([0.25]).mean - sin(1.5)) < 0.05)
        let far = model.predict([1.0])
        #expect(far.std > 0.1)
        #expect(far.std > 5 * largestStdAtData)
    }

    @Test func findsMinimumOfParabola() {
        let best = bestX(seed: 7)
        #expect(abs(best - 2) < 0.2)
    }

    @Test func findsMinimumOfParabolaForMostSeeds() {
        let found = (1...10).filter { abs(bestX(seed: UInt64($0) * 101) - 2) < 0.2 }
        #expect(found.count >= 8)
    }

    @Test func findsMinimumOverRealAndIntegerDimensions() {
        let dimensions: [SearchDimension] = [.real(low: -4, high: 4, logScale: false), .integer(low: 0, high: 10)]
        let trials = minimize(dimensions, seed: 3, trials: 25) { values in
            let x = values[0].doubleValue!
            let y = Double(values[1].intValue!)
            return (x - 1) * (x - 1) + (y - 7) * (y - 7)
        }
        let best = trials.x[trials.y.indices.min { trials.y[$0] < trials.y[$1] }!]
        #expect(best[1] == .int(7))
        #expect(abs(best[0].doubleValue! - 1) < 0.3)
        for values in trials.x {
            guard case .float(let x) = values[0], case .int(let y) = values[1] else {
                Issue.record("unexpected value kinds: \(values)")
                continue
            }
            #expect((-4...4).contains(x) && (0...10).contains(y))
        }
    }

    @Test func categoricalDimensionReturnsOneOfItsItems() {
        let items: [YAMLValue] = [.string("adam"), .string("sgd"), .int(3)]
        let dimensions: [SearchDimension] = [.categorical(items), .real(low: 0.001, high: 1, logScale: true)]
        var rng = SeededRandom(seed: 5)
        let suggestion = BayesianOptimizer.suggest(
            dimensions: dimensions,
            x0: [
                [.string("adam"), .float(0.01)], [.string("sgd"), .float(0.1)],
                [.int(3), .float(0.5)], [.string("rmsprop"), .float(0.2)],
            ],
            y0: [1.0, 0.5, 2.0, 0.1], options: BayesianOptions(), using: &rng)
        #expect(suggestion.count == 2)
        #expect(items.contains(suggestion[0]))
        #expect((0.001...1).contains(suggestion[1].doubleValue ?? -1))
    }

    @Test(arguments: ["gp_hedge", "EI", "PI", "LCB", "EIps", "PIps"])
    func acquisitionFunctionWorks(name: String) {
        let trials = minimize(
            [.real(low: -3, high: 8, logScale: false)], seed: 11, trials: 8,
            options: BayesianOptions(acquisition: name)
        ) { parabola($0[0].doubleValue!) }
        #expect(trials.x.allSatisfy { (-3...8).contains($0[0].doubleValue!) })
        #expect(trials.y.min()! < trials.y.prefix(3).min()!)
    }

    @Test func fixedZeroNoiseVarianceWorks() {
        let trials = minimize(
            [.real(low: -3, high: 8, logScale: false)], seed: 13, trials: 12,
            options: BayesianOptions(noise: .variance(0.0))
        ) { parabola($0[0].doubleValue!) }
        #expect(trials.x.allSatisfy { (-3...8).contains($0[0].doubleValue!) })
        #expect(trials.y.min()! < 0.1)
    }

    @Test func sameSeedGivesSameSuggestion() {
        let dimensions: [SearchDimension] = [.real(low: -3, high: 8, logScale: false), .integer(low: 0, high: 10)]
        let x0: [[YAMLValue]] = [[.float(0), .int(1)], [.float(5), .int(9)], [.int(-2), .int(4)]]
        let y0 = [3.0, 4.0, 1.5]
        func suggestion(seed: UInt64) -> [YAMLValue] {
            var rng = SeededRandom(seed: seed)
            return BayesianOptimizer.suggest(
                dimensions: dimensions, x0: x0, y0: y0, options: BayesianOptions(), using: &rng)
        }
        #expect(suggestion(seed: 42) == suggestion(seed: 42))
    }

    @Test func unusableTrialsAreDroppedAndFewTrialsGiveRandomSample() {
        let dimensions: [SearchDimension] = [.real(low: 0, high: 1, logScale: false), .integer(low: 0, high: 10)]
        let x0: [[YAMLValue]] = [
            [.float(0.5), .int(3)], [.float(2), .int(3)], [.string("x"), .int(3)],
            [.float(0.5), .int(11)], [.float(0.2)], [.float(0.3), .int(4)],
        ]
        let y0 = [1.0, 1.0, 1.0, 1.0, 1.0, .nan]
        var rng = SeededRandom(seed: 9)
        let suggestion = BayesianOptimizer.suggest(
            dimensions: dimensions, x0: x0, y0: y0, options: BayesianOptions(), using: &rng)
        var sampler = SeededRandom(seed: 9)
        #expect(suggestion == dimensions.map { $0.sample(using: &sampler) })
    }

    @Test func avoidsRepeatingAnEvaluatedPoint() {
        let dimensions: [SearchDimension] = [.integer(low: 0, high: 2)]
        var rng = SeededRandom(seed: 21)
        let suggestion = BayesianOptimizer.suggest(
            dimensions: dimensions, x0: [[.int(0)], [.int(2)]], y0: [5.0, 0.0],
            options: BayesianOptions(acquisition: "LCB"), using: &rng)
        #expect(suggestion == [.int(1)])
    }

    private func parabola(_ x: Double) -> Double { (x - 2) * (x - 2) }

    /// The best x found for a noisy `(x - 2)²` over `[-3, 8]` in 3 random starts and 17 suggestions.
    private func bestX(seed: UInt64) -> Double {
        var noise = SeededRandom(seed: seed &+ 1)
        let trials = minimize([.real(low: -3, high: 8, logScale: false)], seed: seed, trials: 20) {
            parabola($0[0].doubleValue!) + Double.random(in: -0.01...0.01, using: &noise)
        }
        return trials.x[trials.y.indices.min { trials.y[$0] < trials.y[$1] }!][0].doubleValue!
    }

    /// Runs `trials` trials of `objective`: 3 random samples, then the optimizer's suggestions.
    private func minimize(
        _ dimensions: [SearchDimension], seed: UInt64, trials: Int,
        options: BayesianOptions = BayesianOptions(), objective: ([YAMLValue]) -> Double
    ) -> (x: [[YAMLValue]], y: [Double]) {
        var rng = SeededRandom(seed: seed)
        var x0: [[YAMLValue]] = []
        var y0: [Double] = []
        for trial in 0..<trials {
            let values =
                trial < 3
                ? dimensions.map { $0.sample(using: &rng) }
                : BayesianOptimizer.suggest(dimensions: dimensions, x0: x0, y0: y0, options: options, using: &rng)
            x0.append(values)
            y0.append(objective(values))
        }
        return (x0, y0)
    }
}
