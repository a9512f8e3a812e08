import Foundation
import Testing
@testable import GuildKit

struct BatchTrialTests {
    private func flags(_ pairs: [String: String]) -> [String: YAMLValue] {
        pairs.mapValues { FlagValueDecoder.decode($0) }
    }

    @Test("a grid is the product of list flags in name order, the last name varying fastest")
    func gridOrder() throws {
        var rng = SeededRandom(seed: 1)
        let trials = try TrialGrid.expand(flags(["y": "[3,4]", "x": "[1,2]", "z": "5"]), using: &rng)
        #expect(
            trials.map { [$0["x"]!, $0["y"]!] } == [
                [.int(1), .int(3)], [.int(1), .int(4)], [.int(2), .int(3)], [.int(2), .int(4)],
            ])
        #expect(trials.allSatisfy { $0["z"] == .int(5) })
    }

    @Test("an empty list is an empty grid, refused")
    func emptyGrid() {
        var rng = SeededRandom(seed: 1)
        #expect(throws: GuildError.self) { try TrialGrid.expand(self.flags(["x": "[]"]), using: &rng) }
    }

    @Test("stepped ranges expand like range[...], end included")
    func steppedRange() {
        #expect(FlagValueDecoder.decode("[0:4:1]") == .list((0...4).map(YAMLValue.int)))
        #expect(FlagValueDecoder.decode("[0.1:0.5:0.1]") == .list([0.1, 0.2, 0.3, 0.4, 0.5].map(YAMLValue.float)))
        #expect(FlagValueDecoder.decode("[1:2]") == .string("[1:2]"))
        #expect(FlagValueDecoder.decode("uniform[0:1:0.5]") == .string("uniform[0:1:0.5]"))
    }

    @Test("flag functions inside a grid are drawn per trial; the initial value comes first")
    func gridFunctions() throws {
        var rng = SeededRandom(seed: 3)
        let trials = try TrialGrid.expand(flags(["a": "[1,2,3]", "b": "uniform[10:20:15]"]), using: &rng)
        #expect(trials.count == 3)
        #expect(trials[0]["b"] == .int(15))
        for trial in trials.dropFirst() {
            let b = try #require(trial["b"]?.intValue)
            #expect((10...20).contains(b))
        }
    }

    @Test("--max-trials samples a grid keeping its order, the same for a seed")
    func sampling() throws {
        var rng = SeededRandom(seed: 9)
        let all = try TrialGrid.expand(flags(["x": "[1,2,3,4,5,6,7,8]"]), using: &rng)
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        let first = TrialGrid.sample(all, count: 3, using: &a)
        #expect(first.count == 3)
        let values = first.compactMap { $0["x"]?.intValue }
        #expect(values == values.sorted())
        #expect(TrialGrid.sample(all, count: 3, using: &b) == first)
        #expect(TrialGrid.sample(all, count: 20, using: &b) == all)
    }

    @Test("batch-file trials merge as flags < trial < user flags, then expand")
    func fileTrials() throws {
        var rng = SeededRandom(seed: 1)
        let trials = try TrialGrid.expand(
            trials: [["x": .int(1)], ["x": .int(2), "y": .list([.int(7), .int(8)])]],
            flags: ["x": .int(0), "y": .int(0), "z": .int(0)], userFlags: ["z": .int(9)], using: &rng)
        #expect(
            trials == [
                ["x": .int(1), "y": .int(0), "z": .int(9)], ["x": .int(2), "y": .int(7), "z": .int(9)],
                ["x": .int(2), "y": .int(8), "z": .int(9)],
            ])
    }

    @Test("search dimensions: lists, uniform with ints or floats, loguniform, [a:b]; errors name the flag")
    func searchSpace() throws {
        let space = try SearchSpace(
            flags: flags([
                "c": "[a,b]", "i": "[1:5]", "r": "uniform[0.0:1:0.5]", "l": "loguniform[1e-4:1e-1]", "k": "7",
            ]))
        #expect(space.names == ["c", "i", "l", "r"])
        #expect(
            space.dimensions == [
                .categorical([.string("a"), .string("b")]), .integer(low: 1, high: 5),
                .real(low: 1e-4, high: 0.1, logScale: true), .real(low: 0, high: 1, logScale: false),
            ])
        #expect(space.initial == [nil, nil, nil, .float(0.5)])
        #expect(throws: GuildError("unknown function 'foo' used for flag x")) {
            try SearchSpace(flags: self.flags(["x": "foo[1:2]"]))
        }
        #expect(
            throws: GuildError(
                "invalid function args in 'x=uniform[5:1]': the lower bound 5 has to be less than the upper bound 1")
        ) {
            try SearchSpace(flags: self.flags(["x": "uniform[5:1]"]))
        }
        #expect(throws: GuildError.self) { try SearchSpace(flags: self.flags(["x": "loguniform[0:1]"])) }
        #expect(throws: GuildError.self) { try SearchSpace(flags: self.flags(["x": "[1:2:3:4]"])) }
    }

    @Test("random trials stay in range and repeat for a seed")
    func randomTrials() throws {
        let space = flags(["lr": "loguniform[1e-4:1e-1]", "n": "[8:16]", "opt": "[sgd,adam]", "fixed": "3"])
        var a = SeededRandom(seed: 5)
        var b = SeededRandom(seed: 5)
        var c = SeededRandom(seed: 6)
        let trials = try RandomTrials.make(flags: space, count: 30, using: &a)
        #expect(trials.count == 30)
        for trial in trials {
            let lr = try #require(trial["lr"]?.doubleValue)
            #expect(lr >= 1e-4 && lr <= 0.1)
            #expect((8...16).contains(try #require(trial["n"]?.intValue)))
            #expect([YAMLValue.string("sgd"), .string("adam")].contains(trial["opt"]!))
            #expect(trial["fixed"] == .int(3))
        }
        // Log-uniform: about as many draws below 1e-2.5 as above.
        #expect(trials.filter { $0["lr"]!.doubleValue! < 0.00316 }.count > 5)
        #expect(try RandomTrials.make(flags: space, count: 30, using: &b) == trials)
        #expect(try RandomTrials.make(flags: space, count: 30, using: &c) != trials)
        #expect(throws: MissingSearchDimension.self) {
            try RandomTrials.make(flags: ["x": .int(1)], count: 3, using: &a)
        }
    }

    @Test("objectives: plain, maximized, qualified, prefixed; bad specs refused")
    func objectives() throws {
        func parts(_ spec: String) throws -> String {
            let o = try Objective(parsing: spec)
            return "\(o.qualifier.rawValue) \(o.prefix)#\(o.tag) \(o.maximize)"
        }
        #expect(try parts("loss") == "last #loss false")
        #expect(try parts("-acc") == "last #acc true")
        #expect(try parts("min val#loss") == "min val#loss false")
        #expect(throws: GuildError.self) { try Objective(parsing: "best loss") }
        #expect(throws: GuildError.self) { try Objective(parsing: "a b c") }
    }

    @Test("optimizer names and guild.yml optimizer entries")
    func optimizers() throws {
        #expect(try OptimizerKind(named: "bayesian") == .gp)
        #expect(try OptimizerKind(named: "skopt:random") == .random)
        #expect(try OptimizerKind(named: "+") == .grid)
        #expect(try OptimizerKind(named: "forest") == .forest)
        #expect(try OptimizerKind(named: "skopt:gbrt") == .gbrt)
        #expect(throws: GuildError.self) { try OptimizerKind(named: "nope") }
        var op = OpDef(name: "train")
        op.data = [
            "optimizers": .map([
                "fast": .map(["algorithm": .string("gp"), "random-starts": .int(2), "default": .bool(true)]),
                "plain": .string("random"),
            ])
        ]
        let entries = try OptimizerEntry.entries(in: op)
        #expect(
            entries == [
                OptimizerEntry(name: "fast", algorithm: "gp", isDefault: true, flags: ["random-starts": .int(2)]),
                OptimizerEntry(name: "plain", algorithm: "random", isDefault: false, flags: [:]),
            ])
        op.data = ["optimizer": .string("gp")]
        #expect(try OptimizerEntry.entries(in: op).map(\.algorithm) == ["gp"])
        op.data = ["optimizers": .list([.string("gp"), .string("random")])]
        #expect(try OptimizerEntry.entries(in: op).map(\.name) == ["gp", "random"])
        op.data = ["optimizer": .string("gp"), "optimizers": .list([])]
        #expect(throws: GuildError.self) { try OptimizerEntry.entries(in: op) }
    }

    @Test("batch files: CSV cells decoded as flag values, YAML lists or one mapping; errors name the file")
    func batchFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batchfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x,name\n1,\"a, b\"\n2.5,yes\n".write(
            to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        try "- {x: 1}\n- {x: 2}\n".write(to: dir.appendingPathComponent("t.yml"), atomically: true, encoding: .utf8)
        try "{\"x\": 3}".write(to: dir.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        try "- 1\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        #expect(
            try BatchFile.trials(["t.csv"], cwd: dir) == [
                ["x": .int(1), "name": .string("a, b")], ["x": .float(2.5), "name": .bool(true)],
            ])
        #expect(
            try BatchFile.trials(["t.yml", "t.json"], cwd: dir) == [["x": .int(1)], ["x": .int(2)], ["x": .int(3)]])
        #expect(throws: GuildError("batch file ./none.csv does not exist")) {
            try BatchFile.trials(["none.csv"], cwd: dir)
        }
        #expect(throws: GuildError.self) { try BatchFile.trials(["bad.yaml"], cwd: dir) }
        let saved = dir.appendingPathComponent("saved.csv").path
        try BatchFile.save([["x": .int(1), "s": .string("a b")], ["x": .float(0.5)]], to: saved)
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == "s,x\na b,1\n,0.5\n")
        #expect(
            try BatchFile.trials(["saved.csv"], cwd: dir) == [
                ["s": .string("a b"), "x": .int(1)], ["s": .string(""), "x": .float(0.5)],
            ])
    }
}
