import Foundation
import Testing

@testable import GuildKit

@Suite struct GuildfileParserTests {
    private func parse(_ yaml: String) throws -> [ModelDef] {
        try GuildfileParser().parseModels(try YAMLValue.load(yaml))
    }

    @Test func operationOnlyFormIsTheAnonymousModel() throws {
        let models = try parse("train: train\nprep:\n  main: prep --fast\n  description: Prepare\n")
        #expect(models.count == 1)
        #expect(models[0].name == "")
        #expect(models[0].operations.map(\.name) == ["prep", "train"])
        #expect(models[0].operations[1].main == "train")
        #expect(models[0].operations[0].description == "Prepare")
        #expect(models[0].defaultOperation == nil)
    }

    @Test func modelListFormWithDefaults() throws {
        let models = try parse(
            """
            - model: a
              operations:
                train:
                  default: yes
                  flags:
                    lr: 0.1
                    opt:
                      choices: [sgd, {value: adam, alias: a, description: Adam}]
                      default: sgd
                    n:
                      type: int
                      required: yes
                      arg-name: num
                      arg-skip: no
                      custom: 1
            - operations:
                other: other
            - config: base
            """)
        #expect(models.map(\.name) == ["a", ""])
        let train = try #require(models[0].defaultOperation)
        #expect(train.name == "train")
        #expect(train.flags.map(\.name) == ["lr", "n", "opt"])
        #expect(train.flags[0].defaultValue == .float(0.1))
        let n = train.flags[1]
        #expect(n.type == .int && n.required && n.argName == "num" && n.argSkip == false)
        #expect(n.extra == ["custom": .int(1)])
        let opt = train.flags[2]
        #expect(opt.choices.map(\.value) == [.string("sgd"), .string("adam")])
        #expect(opt.choices[1].alias == .string("a"))
    }

    @Test func sourcecodeSpecs() throws {
        let p = GuildfileParser()
        let s = try p.parseSourceCode(.string("*.py"))
        #expect(
            s.rules == [
                SourceCodeRule(kind: .exclude, patterns: ["*"]), SourceCodeRule(kind: .include, patterns: ["*.py"]),
            ])
        #expect(try p.parseSourceCode(.bool(false)).isDisabled)
        #expect(try p.parseSourceCode(.list([])).isDisabled)
        let typed = try p.parseSourceCode(
            try YAMLValue.load("select:\n  - exclude: {dir: data}\n  - include: '*.txt'\ndest: src\n"))
        #expect(typed.dest == "src")
        #expect(
            typed.rules == [
                SourceCodeRule(kind: .exclude, patterns: ["data"], filter: .dir),
                SourceCodeRule(kind: .include, patterns: ["*.txt"]),
            ])
    }

    @Test func malformedDataIsNamed() throws {
        #expect(throws: GuildfileFormatError.self) { try parse("train:\n  flags: 12\n") }
        #expect(throws: GuildfileFormatError.self) { try parse("- 3\n") }
        #expect(throws: GuildfileFormatError.self) { try parse("- model: a\n- model: a\n") }
        let parser = GuildfileParser()
        let models = try parser.parseModels(try YAMLValue.load("train:\n  flags:\n    x:\n      type: complex\n"))
        #expect(models[0].operations[0].flags[0].type == nil)
        #expect(parser.warnings == ["unknown flag type 'complex' for flag 'x' - ignoring"])
    }

    @Test func loadNamesFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("guild.yml")
        try "train:\n  main: x\n  flags: [1, 2\n".write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try Guildfile.load(from: url)
            Issue.record("expected an error")
        } catch let error as GuildError {
            #expect(error.description.hasPrefix("error in \(url.path): line "))
        }
    }
}
