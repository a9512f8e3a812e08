import Foundation
import Testing

@testable import GuildKit

@Suite struct ContainedPathTests {
    @Test("a path given by a user or a file stays lexically in its base")
    func lexicalContainment() {
        #expect(ContainedPath.resolve("a/b.txt", in: "/r/run") == "/r/run/a/b.txt")
        #expect(ContainedPath.resolve("a/../b", in: "/r/run/") == "/r/run/b")
        #expect(ContainedPath.resolve(".", in: "/r/run") == "/r/run")
        #expect(ContainedPath.resolve("../x", in: "/r/run") == nil)
        #expect(ContainedPath.resolve("a/../../x", in: "/r/run") == nil)
        #expect(ContainedPath.resolve("../run-other/x", in: "/r/run") == nil)
        #expect(ContainedPath.resolve("/etc/passwd", in: "/r/run") == nil)
        #expect(ContainedPath.isInside("/r/run", base: "/r/run/"))
        #expect(!ContainedPath.isInside("/r/runs", base: "/r/run"))
    }

    @Test("a link on the way to a path is found; the path itself may be a link")
    func linksOnTheWay() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("contained-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base + "/real/deeper", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: "/tmp")
        #expect(ContainedPath.linkOnTheWay(to: base + "/real/deeper/f", below: base) == nil)
        #expect(ContainedPath.linkOnTheWay(to: base + "/link/f", below: base) == "link")
        #expect(ContainedPath.linkOnTheWay(to: base + "/link", below: base) == nil)
        #expect(ContainedPath.linkOnTheWay(to: base + "/missing/f", below: base) == nil)
    }

    @Test("tar's C-quoted listing gives names, link targets and hard links")
    func tarListing() throws {
        let member = { (line: String) in try TarListing.member(line, archive: "a.tar") }
        #expect(
            try member(#"-rw-r--r-- 0/0 3 2026-12-03 08:33:49 "d/a file""#) == .init(name: "d/a file"))
        #expect(
            try member(#"lrwxrwxrwx 0/0 0 2026-12-03 08:33:49 "d/out" -> "../../etc""#)
                == .init(name: "d/out", linkTarget: "../../etc"))
        #expect(
            try member(#"hrw-r--r-- 0/0 0 2026-12-03 08:33:49 "d/hard" link to "d/a file""#)
                == .init(name: "d/hard", isHardLink: true))
        #expect(TarListing.quotedStrings(#"x "a\"b\\c\nd\303\251" y"#) == ["a\"b\\c\nd\u{e9}"])
    }
}
