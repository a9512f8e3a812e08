import Testing

@testable import GuildKit

@Suite struct ShlexTests {
    @Test(arguments: [
        ("abc", "abc"), ("", "''"), ("a b", "'a b'"), ("it's", "'it'\"'\"'s'"), ("/x/y.py", "/x/y.py"),
        ("a=b,c:d@e%f+g-h", "a=b,c:d@e%f+g-h"), ("$HOME", "'$HOME'"),
    ])
    func quote(input: String, expected: String) {
        #expect(Shlex.quote(input) == expected)
    }

    @Test func splitRoundTrips() throws {
        let words = ["guildfile:/p q/guild.yml", "5d41", "", "train", "it's", "a\"b"]
        #expect(try Shlex.split(Shlex.join(words)) == words)
    }

    @Test func splitHandlesQuotesAndEscapes() throws {
        #expect(try Shlex.split(#"a "b c" 'd e' f\ g"#) == ["a", "b c", "d e", "f g"])
        #expect(throws: ShlexError.self) { try Shlex.split("'open") }
    }
}

@Suite struct OpRefTests {
    @Test func parsesAndEncodesGuildfileOpRef() throws {
        let line = "guildfile:/proj/guild.yml 5d41402abc4b2a76b9719d911017c592 '' train"
        let opref = try OpRef(parsing: line)
        #expect(opref.packageType == "guildfile")
        #expect(opref.packageName == "/proj/guild.yml")
        #expect(opref.modelName == "")
        #expect(opref.operationName == "train")
        #expect(opref.encoded == line)
        #expect(opref.operationDisplay == "train")
        #expect(opref.operationDirectory == "/proj")
    }

    @Test func displaysModelAndPackageOps() throws {
        #expect(try OpRef(parsing: "guildfile:/p/guild.yml x mnist train").operationDisplay == "mnist:train")
        #expect(
            try OpRef(parsing: "package:gpkg.mnist 0.6.1 logreg train").operationDisplay == "gpkg.mnist/logreg:train")
        #expect(try OpRef(parsing: "import:/p/dvc.yaml x dvc.yaml train").operationDirectory == "/p")
    }

    @Test func rejectsMalformedLines() {
        #expect(throws: GuildError.self) { try OpRef(parsing: "guildfile:/p x train") }
        #expect(throws: GuildError.self) { try OpRef(parsing: "nocolon x y z") }
    }
}

@Suite struct ManifestTests {
    @Test func linesAreShellQuoted() {
        let entry = ManifestEntry(kind: .dependency, path: "my file.txt", sha1: nil, source: "file:my file.txt")
        #expect(entry.line == "d 'my file.txt' - 'file:my file.txt'\n")
        let s = ManifestEntry(kind: .sourcecode, path: "a.py", sha1: "da39", source: "a.py")
        #expect(s.line == "s a.py da39 a.py\n")
    }
}
