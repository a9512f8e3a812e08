import Foundation
import Testing

@testable import GuildKit

@Suite struct TOMLTextTests {
    @Test func tomlLoadsAsValuesAndWritesBack() throws {
        let text = "name = \"x\"\n[train]\nlr = 0.1\nepochs = 10\nlayers = [1, 2]\nfast = true\n"
        let value = try TOMLText.load(text, path: "p.toml")
        let expected: YAMLValue = .map([
            "name": .string("x"),
            "train": .map([
                "lr": .float(0.1), "epochs": .int(10), "layers": .list([.int(1), .int(2)]), "fast": .bool(true),
            ]),
        ])
        #expect(value == expected)
        let written = TOMLText.encode(value.mapValue!)
        #expect(try TOMLText.load(written, path: "p.toml") == expected)
        #expect(throws: GuildError.self) { try TOMLText.load("a = \n", path: "bad.toml") }
    }
}
