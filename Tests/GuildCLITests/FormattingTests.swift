import Testing

@testable import GuildCLI
import GuildKit

@Suite struct FormattingTests {
    @Test func shortensLikeGuild() {
        #expect(PathDisplay.shorten("short/path", maxLength: 28) == "short/path")
        #expect(
            PathDisplay.shorten("/home/user/projects/deep/nested/project", maxLength: 28)
                == "/home/user/…/nested/project")
        #expect(PathDisplay.shorten("a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", maxLength: 28) == "a/b/c/d/e/f/…/j/k/l/m/n/o/p")
    }

    @Test func opDirsRelativeToCwd() {
        #expect(PathDisplay.shortenedOpDir("/w/p/sub", cwd: "/w/p", home: "/root") == "sub")
        #expect(PathDisplay.shortenedOpDir("/w", cwd: "/w/p", home: "/root") == "../")
        #expect(PathDisplay.shortenedOpDir("/w/q", cwd: "/w/p", home: "/root") == "../q")
        #expect(PathDisplay.shortenedOpDir("/root/x/y", cwd: "/w/p", home: "/root") == "~/x/y")
    }

    @Test func tablesPadAllButTheLastColumn() {
        #expect(
            TextTable.render([["[1:ab]", "train", ""], ["[10:cd]", "t", "x"]])
                == "[1:ab]   train  \n[10:cd]  t      x\n")
    }

    @Test func commandLinesQuoteSpacesAndEmpties() {
        #expect(RunDataEncoder.commandLine(.list([.string("py"), .string("a b"), .string("")])) == "py \"a b\" \"\"")
    }
}
