import Foundation
import Testing

@testable import GuildKit

@Suite struct ResourceParserTests {
    private func requires(_ yaml: String) throws -> (OpDef, [String]) {
        let parser = GuildfileParser()
        let models = try parser.parseModels(try YAMLValue.load("op:\n  exec: x\n  requires:\n" + yaml))
        return (models[0].operations[0], parser.warnings)
    }

    private func inline(_ def: DependencyDef) throws -> ResourceDef {
        guard case .inline(let resource) = def else { throw GuildTestError("not inline: \(def)") }
        return resource
    }

    @Test func everyRequiresFormParses() throws {
        let (op, warnings) = try requires(
            """
                - prepared-data
                - resource: m:weights
                - file: data.csv
                  target-type: link
                - name: bundle
                  target-path: inputs
                  sources:
                    - a.txt
                    - url: https://example.com/x.zip
                      sha256: abc
                      select-max: model-([0-9]+)
                    - operation: prepare,other
                      rename: "a b"
                      flag-name: no
            """)
        #expect(warnings.isEmpty)
        #expect(op.dependencies[0] == .spec("prepared-data"))
        #expect(op.dependencies[1] == .spec("m:weights"))
        let file = try inline(op.dependencies[2])
        #expect(file.resolvingName == "file:data.csv")
        #expect(file.sources[0].targetType == "link")
        let bundle = try inline(op.dependencies[3])
        #expect(bundle.resolvingName == "bundle")
        #expect(bundle.targetPath == "inputs")
        #expect(bundle.sources.map(\.uri) == ["file:a.txt", "https://example.com/x.zip", "operation:prepare,other"])
        #expect(bundle.sources[1].path == "/x.zip")
        #expect(bundle.sources[1].select == [SelectSpec(pattern: "model-([0-9]+)", reduce: .max)])
        #expect(bundle.sources[2].rename == [RenameSpec(pattern: "a", replacement: "b")])
        #expect(bundle.sources[2].flagName == .disabled)
        #expect(bundle.sources[2].path == "prepare,other")
    }

    @Test func badSourcesAreErrorsAndUnknownAttributesWarnings() throws {
        #expect(throws: GuildfileFormatError.self) { try requires("    - target-path: x\n") }
        #expect(throws: GuildfileFormatError.self) { try requires("    - file: a\n      url: b\n") }
        #expect(throws: GuildfileFormatError.self) { try requires("    - 12\n") }
        #expect(throws: GuildfileFormatError.self) { try requires("    - file: a\n      rename: 'a b c'\n") }
        let (_, warnings) = try requires("    - file: a\n      colour: red\n")
        #expect(warnings == ["unexpected source attribute 'colour' in resource 'file:a'"])
    }

    @Test func aResourceNamesItselfAfterItsSources() {
        var res = ResourceDef(name: nil)
        var a = ResourceSource(uri: "file:a")
        a.name = "first"
        res.sources = [a, ResourceSource(uri: "operation:b")]
        #expect(res.resolvingName == "first,operation:b")
        #expect(res.sources[1].flagNameCandidates == ["operation:b", "b"])
        #expect(ResourceDef(name: nil).resolvingName == "resource")
    }
}

@Suite struct SourceSelectionTests {
    private let paths = ["model-1.bin", "model-12.bin", "model-3.bin", "notes.txt", "sub/model-40.bin"]

    @Test func selectIsAnAnchoredRegex() {
        let specs = [SelectSpec(pattern: "model-.*\\.bin", reduce: .none)]
        #expect(
            SourceFiles.selected(paths, root: "/r", specs)
                == ["/r/model-1.bin", "/r/model-12.bin", "/r/model-3.bin"])
        #expect(SourceFiles.selected(paths, root: "/r", [SelectSpec(pattern: "notes", reduce: .none)]).isEmpty)
    }

    @Test func selectMinAndMaxKeepOneMatchByGroupOne() {
        let max = SelectSpec(pattern: "(?:sub/)?model-([0-9]+)\\.bin", reduce: .max)
        let min = SelectSpec(pattern: "model-([0-9]+)\\.bin", reduce: .min)
        #expect(SourceFiles.selected(paths, root: "/r", [max]) == ["/r/sub/model-40.bin"])
        #expect(SourceFiles.selected(paths, root: "/r", [min]) == ["/r/model-1.bin"])
    }

    @Test func rootPathsSkipGuildFiles() {
        let names = ["a/b.txt", "a/c.txt", ".guild/opref", ".guild-cache-x.unpacked", "z.txt"]
        #expect(SourceFiles.rootPaths(names, root: "/u") == ["/u/a", "/u/z.txt"])
    }

    @Test func archiveTypesFollowGuildsNameRules() {
        #expect(ArchiveUnpacker.archiveType("/x/data.ZIP", explicit: nil) == "zip")
        #expect(ArchiveUnpacker.archiveType("/x/data.tar.gz", explicit: nil) == "tar")
        #expect(ArchiveUnpacker.archiveType("/x/data.tgz", explicit: nil) == "tar")
        #expect(ArchiveUnpacker.archiveType("/x/data.csv.gz", explicit: nil) == "gzip")
        #expect(ArchiveUnpacker.archiveType("/x/data.csv", explicit: nil) == nil)
        #expect(ArchiveUnpacker.archiveType("/x/data.bin", explicit: "zip") == "zip")
    }

    @Test func renameTemplatesUsePythonGroupSyntax() {
        #expect(SourceTarget.pythonTemplate("best-\\1.bin") == "best-$1.bin")
        #expect(SourceTarget.pythonTemplate("\\g<2>-x") == "${2}-x")
        #expect(SourceTarget.pythonTemplate("cost$") == "cost\\$")
    }
}

@Suite struct UpstreamRunPatternTests {
    @Test func opReferencesMatchAsRegexes() throws {
        let opref = { (model: String, op: String) in
            OpRef(
                packageType: "guildfile", packageName: "/p/guild.yml", packageVersion: "v", modelName: model,
                operationName: op)
        }
        let prepare = try #require(UpstreamRuns.OpPattern("prepare"))
        #expect(prepare.matches(opref("", "prepare")))
        #expect(prepare.matches(opref("m", "prepare")))
        #expect(!prepare.matches(opref("", "prepare-data")))
        let regex = try #require(UpstreamRuns.OpPattern("m:prep.*"))
        #expect(regex.matches(opref("m", "prepare-data")))
        #expect(!regex.matches(opref("other", "prepare")))
        #expect(regex.description == "m:prep.*")
        #expect(try UpstreamRuns.patterns("a, b").map(\.operation) == ["a", "b"])
    }
}

@Suite struct DependencyFlagTests {
    private func dependency(_ sources: [ResourceSource]) -> OperationDependency {
        var res = ResourceDef(name: nil)
        res.sources = sources
        return OperationDependency(resource: res, location: URL(fileURLWithPath: "/p"), config: [:])
    }

    @Test func operationSourcesGetAStringFlagWithTheOpNameAsAlias() {
        let defs = DependencyFlags.flagDefs([], for: [dependency([ResourceSource(uri: "operation:prepare")])])
        #expect(defs.count == 1)
        #expect(defs[0].name == "operation:prepare")
        #expect(defs[0].alias == "prepare")
        #expect(defs[0].argSkip == true)
        #expect(defs[0].type == .string)
        #expect(defs[0].defaultValue == .null)
    }

    @Test func fileSourcesGetAFlagOnlyWithFlagName() {
        var named = ResourceSource(uri: "file:data.csv")
        named.flagName = .name("data")
        var disabled = ResourceSource(uri: "operation:x")
        disabled.flagName = .disabled
        let defs = DependencyFlags.flagDefs(
            [], for: [dependency([ResourceSource(uri: "file:other.csv"), named, disabled])])
        #expect(defs.map(\.name) == ["data"])
        #expect(defs[0].defaultValue == .string("data.csv"))
    }

    @Test func anExistingFlagKeepsItsDefaultAndBecomesAString() {
        var existing = FlagDef(name: "model")
        existing.type = .number
        existing.defaultValue = .string("abc")
        var source = ResourceSource(uri: "operation:train")
        source.name = "model"
        let defs = DependencyFlags.flagDefs([existing], for: [dependency([source])])
        #expect(defs.count == 1)
        #expect(defs[0].type == .string)
        #expect(defs[0].defaultValue == .string("abc"))
        #expect(defs[0].argSkip == true)
    }
}

@Suite struct PathTextTests {
    @Test func relativePathsAsPythonWritesThem() {
        #expect(PathText.relative("/h/runs/a/data.csv", to: "/h/runs/b") == "../a/data.csv")
        #expect(PathText.relative("/proj/data.csv", to: "/home/gh/runs/x") == "../../../../proj/data.csv")
        #expect(PathText.relative("/a", to: "/a") == ".")
        #expect(PathText.normalize("/a/./b/../c//d") == "/a/c/d")
        #expect(PathText.normalize("a/../..") == "..")
        for (path, normal) in [
            ("/a/b", "/a/b"), ("/a/b/", "/a/b"), ("/a/.", "/a"), ("/a/..", "/"), ("/", "/"),
            ("/.x/..y/z.", "/.x/..y/z."),
            ("/a/../b", "/b"), ("//a", "/a"),
        ] {
            #expect(PathText.normalize(path) == normal, "\(path)")
        }
        #expect(PathText.join("/r", "", "x") == "/r/x")
        #expect(PathText.join("/r", "/abs") == "/abs")
    }
}

struct GuildTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
