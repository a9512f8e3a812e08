import Testing

@testable import GuildKit

@Suite struct ConfigFileTests {
    @Test func flattensNestedMappings() {
        let map: [String: YAMLValue] = [
            "train": .map(["lr": .float(0.1), "opt": .map(["name": .string("sgd")])]), "seed": .int(1),
        ]
        #expect(
            ConfigFile.flatten(map) == ["train.lr": .float(0.1), "train.opt.name": .string("sgd"), "seed": .int(1)])
    }

    @Test func appliesDottedFlagsKeepingOtherKeys() throws {
        let base: [String: YAMLValue] = [
            "train": .map(["lr": .float(0.1), "epochs": .int(3)]), "a.b": .int(1), "other": .string("kept"),
        ]
        let applied = try ConfigFile.apply(
            ["train.lr": .float(0.2), "a.b": .int(2), "new.deep.key": .bool(true), "skip": .null], to: base)
        #expect(applied["train"] == .map(["lr": .float(0.2), "epochs": .int(3)]))
        #expect(applied["a.b"] == .int(2))
        #expect(applied["new"] == .map(["deep": .map(["key": .bool(true)])]))
        #expect(applied["other"] == .string("kept"))
        #expect(applied["skip"] == nil)
        #expect(throws: GuildError.self) { try ConfigFile.apply(["other.x": .int(1)], to: base) }
    }

    @Test func encodesInTheFileFormat() throws {
        let map: [String: YAMLValue] = ["b": .int(1), "a": .map(["x": .float(0.5), "s": .string("é")])]
        #expect(try ConfigFile(path: "p.json").encode(map) == #"{"a": {"s": "\u00e9", "x": 0.5}, "b": 1}"#)
        #expect(try ConfigFile(path: "params.json.in").format == .json)
        #expect(try ConfigFile(path: "c.yml").encode(map) == "a:\n  s: \"\\xE9\"\n  x: 0.5\nb: 1")
        #expect(try ConfigFile(path: "c.toml").encode(map) == "b = 1\n\n[a]\ns = \"\\u00e9\"\nx = 0.5\n")
        #expect(try ConfigFile(path: "c.ini").encode(map) == "[DEFAULT]\nb = 1\n\n[a]\ns = é\nx = 0.5\n\n")
        #expect(throws: GuildError.self) { try ConfigFile(path: "c.xml") }
    }
}
