import Testing
@testable import GuildKit

struct FlagFormattingTests {
    @Test func formatFlag() {
        #expect(FlagFormatting.formatFlag(.int(1)) == "1")
        #expect(FlagFormatting.formatFlag(.int(1), truncateFloats: 5) == "1")
        #expect(FlagFormatting.formatFlag(.int(1), truncateFloats: 6) == "1")
        #expect(FlagFormatting.formatFlag(.float(1.5)) == "1.5")
        #expect(FlagFormatting.formatFlag(.float(1.5), truncateFloats: 5) == "1.5")
        #expect(FlagFormatting.formatFlag(.float(1.5), truncateFloats: 6) == "1.5")
        #expect(FlagFormatting.formatFlag(.float(0.1)) == "0.1")
        #expect(FlagFormatting.formatFlag(.float(0.1), truncateFloats: 5) == "0.1")
        #expect(FlagFormatting.formatFlag(.float(0.1), truncateFloats: 6) == "0.1")
        #expect(FlagFormatting.formatFlag(.float(1e-05)) == "1.0e-05")
        #expect(FlagFormatting.formatFlag(.float(1e-05), truncateFloats: 5) == "1.0e-05")
        #expect(FlagFormatting.formatFlag(.float(1e-05), truncateFloats: 6) == "1.0e-05")
        #expect(FlagFormatting.formatFlag(.float(0.123456789)) == "0.123456789")
        #expect(FlagFormatting.formatFlag(.float(0.123456789), truncateFloats: 5) == "0.12345")
        #expect(FlagFormatting.formatFlag(.float(0.123456789), truncateFloats: 6) == "0.123456")
        #expect(FlagFormatting.formatFlag(.float(1.23456789e-05)) == "1.23456789e-05")
        #expect(FlagFormatting.formatFlag(.float(1.23456789e-05), truncateFloats: 5) == "1.23456e-05")
        #expect(FlagFormatting.formatFlag(.float(1.23456789e-05), truncateFloats: 6) == "1.234567e-05")
        #expect(FlagFormatting.formatFlag(.float(123456.789123)) == "123456.789123")
        #expect(FlagFormatting.formatFlag(.float(123456.789123), truncateFloats: 5) == "123456.78912")
        #expect(FlagFormatting.formatFlag(.float(123456.789123), truncateFloats: 6) == "123456.789123")
        #expect(FlagFormatting.formatFlag(.float(.nan)) == ".nan")
        #expect(FlagFormatting.formatFlag(.float(.nan), truncateFloats: 5) == ".nan")
        #expect(FlagFormatting.formatFlag(.float(.nan), truncateFloats: 6) == ".nan")
        #expect(FlagFormatting.formatFlag(.float(.infinity)) == ".inf")
        #expect(FlagFormatting.formatFlag(.float(.infinity), truncateFloats: 5) == ".inf")
        #expect(FlagFormatting.formatFlag(.float(.infinity), truncateFloats: 6) == ".inf")
        #expect(FlagFormatting.formatFlag(.bool(true)) == "yes")
        #expect(FlagFormatting.formatFlag(.bool(true), truncateFloats: 5) == "yes")
        #expect(FlagFormatting.formatFlag(.bool(true), truncateFloats: 6) == "yes")
        #expect(FlagFormatting.formatFlag(.bool(false)) == "no")
        #expect(FlagFormatting.formatFlag(.bool(false), truncateFloats: 5) == "no")
        #expect(FlagFormatting.formatFlag(.bool(false), truncateFloats: 6) == "no")
        #expect(FlagFormatting.formatFlag(.null) == "null")
        #expect(FlagFormatting.formatFlag(.null, truncateFloats: 5) == "null")
        #expect(FlagFormatting.formatFlag(.null, truncateFloats: 6) == "null")
        #expect(FlagFormatting.formatFlag(.string("abc")) == "abc")
        #expect(FlagFormatting.formatFlag(.string("abc"), truncateFloats: 5) == "abc")
        #expect(FlagFormatting.formatFlag(.string("abc"), truncateFloats: 6) == "abc")
        #expect(FlagFormatting.formatFlag(.string("a b")) == "'a b'")
        #expect(FlagFormatting.formatFlag(.string("a b"), truncateFloats: 5) == "'a b'")
        #expect(FlagFormatting.formatFlag(.string("a b"), truncateFloats: 6) == "'a b'")
        #expect(FlagFormatting.formatFlag(.string("")) == "''")
        #expect(FlagFormatting.formatFlag(.string(""), truncateFloats: 5) == "''")
        #expect(FlagFormatting.formatFlag(.string(""), truncateFloats: 6) == "''")
        #expect(FlagFormatting.formatFlag(.string("it's a")) == "\"it's a\"")
        #expect(FlagFormatting.formatFlag(.string("it's a"), truncateFloats: 5) == "\"it's a\"")
        #expect(FlagFormatting.formatFlag(.string("it's a"), truncateFloats: 6) == "\"it's a\"")
        #expect(FlagFormatting.formatFlag(.string("0.1")) == "'0.1'")
        #expect(FlagFormatting.formatFlag(.string("0.1"), truncateFloats: 5) == "'0.1'")
        #expect(FlagFormatting.formatFlag(.string("0.1"), truncateFloats: 6) == "'0.1'")
        #expect(FlagFormatting.formatFlag(.string("yes")) == "'yes'")
        #expect(FlagFormatting.formatFlag(.string("yes"), truncateFloats: 5) == "'yes'")
        #expect(FlagFormatting.formatFlag(.string("yes"), truncateFloats: 6) == "'yes'")
        #expect(FlagFormatting.formatFlag(.string("y")) == "y")
        #expect(FlagFormatting.formatFlag(.string("y"), truncateFloats: 5) == "y")
        #expect(FlagFormatting.formatFlag(.string("y"), truncateFloats: 6) == "y")
        #expect(
            FlagFormatting.formatFlag(
                .list([.string("a,b"), .string("c d"), .int(1), .float(0.5), .null, .bool(true)]))
                == "['a,b', c d, 1, 0.5, null, yes]")
        #expect(
            FlagFormatting.formatFlag(
                .list([.string("a,b"), .string("c d"), .int(1), .float(0.5), .null, .bool(true)]), truncateFloats: 5)
                == "['a,b', c d, 1, 0.5, null, yes]")
        #expect(
            FlagFormatting.formatFlag(
                .list([.string("a,b"), .string("c d"), .int(1), .float(0.5), .null, .bool(true)]), truncateFloats: 6)
                == "['a,b', c d, 1, 0.5, null, yes]")
        #expect(FlagFormatting.formatFlag(.list([])) == "[]")
        #expect(FlagFormatting.formatFlag(.list([]), truncateFloats: 5) == "[]")
        #expect(FlagFormatting.formatFlag(.list([]), truncateFloats: 6) == "[]")
        #expect(FlagFormatting.formatFlag(.map([:])) == "{}")
        #expect(FlagFormatting.formatFlag(.map([:]), truncateFloats: 5) == "{}")
        #expect(FlagFormatting.formatFlag(.map([:]), truncateFloats: 6) == "{}")
        #expect(
            FlagFormatting.formatFlag(.map(["b": .string("x y"), "a": .float(1.5), "c": .list([.int(1), .int(2)])]))
                == "{a: 1.5, b: x y, c: [1, 2]}")
        #expect(
            FlagFormatting.formatFlag(
                .map(["b": .string("x y"), "a": .float(1.5), "c": .list([.int(1), .int(2)])]), truncateFloats: 5)
                == "{a: 1.5, b: x y, c: [1, 2]}")
        #expect(
            FlagFormatting.formatFlag(
                .map(["b": .string("x y"), "a": .float(1.5), "c": .list([.int(1), .int(2)])]), truncateFloats: 6)
                == "{a: 1.5, b: x y, c: [1, 2]}")
        #expect(
            FlagFormatting.formatFlag(
                .string("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"))
                == "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n  y'")
        #expect(
            FlagFormatting.formatFlag(
                .string("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"),
                truncateFloats: 5)
                == "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n  y'")
        #expect(
            FlagFormatting.formatFlag(
                .string("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"),
                truncateFloats: 6)
                == "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n  y'")
        #expect(FlagFormatting.formatFlag(.string("[1:2]")) == "'[1:2]'")
        #expect(FlagFormatting.formatFlag(.string("[1:2]"), truncateFloats: 5) == "'[1:2]'")
        #expect(FlagFormatting.formatFlag(.string("[1:2]"), truncateFloats: 6) == "'[1:2]'")
        #expect(FlagFormatting.formatFlag(.string("uniform[1:2]")) == "uniform[1:2]")
        #expect(FlagFormatting.formatFlag(.string("uniform[1:2]"), truncateFloats: 5) == "uniform[1:2]")
        #expect(FlagFormatting.formatFlag(.string("uniform[1:2]"), truncateFloats: 6) == "uniform[1:2]")
        #expect(FlagFormatting.formatFlag(.string("a\nb")) == "'a\n\n  b'")
        #expect(FlagFormatting.formatFlag(.string("a\nb"), truncateFloats: 5) == "'a\n\n  b'")
        #expect(FlagFormatting.formatFlag(.string("a\nb"), truncateFloats: 6) == "'a\n\n  b'")
        #expect(FlagFormatting.formatFlag(.string("café x")) == "\"caf\\xE9 x\"")
        #expect(FlagFormatting.formatFlag(.string("café x"), truncateFloats: 5) == "\"caf\\xE9 x\"")
        #expect(FlagFormatting.formatFlag(.string("café x"), truncateFloats: 6) == "\"caf\\xE9 x\"")
        #expect(FlagFormatting.formatFlag(.float(-0.000123456789)) == "-0.000123456789")
        #expect(FlagFormatting.formatFlag(.float(-0.000123456789), truncateFloats: 5) == "-0.00012")
        #expect(FlagFormatting.formatFlag(.float(-0.000123456789), truncateFloats: 6) == "-0.000123")
        #expect(FlagFormatting.formatFlag(.float(1e+16)) == "1.0e+16")
        #expect(FlagFormatting.formatFlag(.float(1e+16), truncateFloats: 5) == "1.0e+16")
        #expect(FlagFormatting.formatFlag(.float(1e+16), truncateFloats: 6) == "1.0e+16")
        #expect(FlagFormatting.formatFlag(.string("1e5")) == "'1e5'")
        #expect(FlagFormatting.formatFlag(.string("1e5"), truncateFloats: 5) == "'1e5'")
        #expect(FlagFormatting.formatFlag(.string("1e5"), truncateFloats: 6) == "'1e5'")
        #expect(FlagFormatting.formatFlag(.string("--x")) == "--x")
        #expect(FlagFormatting.formatFlag(.string("--x"), truncateFloats: 5) == "--x")
        #expect(FlagFormatting.formatFlag(.string("--x"), truncateFloats: 6) == "--x")
    }

    @Test func labelsAndAssigns() {
        #expect(FlagFormatting.flagAssigns(["noise": .float(0.1), "x": .float(1.1)]) == ["noise=0.1", "x=1.1"])
        #expect(
            FlagFormatting.flagAssigns(["noise": .float(0.1), "x": .float(1.1)], truncateFloats: 5) == [
                "noise=0.1", "x=1.1",
            ])
        #expect(FlagFormatting.defaultLabel(["noise": .float(0.1), "x": .float(1.1)]) == "noise=0.1 x=1.1")
        #expect(
            FlagFormatting.flagAssigns(["msg": .string("a b"), "x": .string(""), "n": .null]) == [
                "msg='a b'", "n=null", "x=''",
            ])
        #expect(
            FlagFormatting.flagAssigns(["msg": .string("a b"), "x": .string(""), "n": .null], truncateFloats: 5) == [
                "msg='a b'", "n=null", "x=''",
            ])
        #expect(FlagFormatting.defaultLabel(["msg": .string("a b"), "x": .string(""), "n": .null]) == "msg='a b' x=''")
        #expect(
            FlagFormatting.flagAssigns([
                "lr": .float(0.000123456789), "epochs": .int(10), "b": .bool(true), "l": .list([.int(1), .int(2)]),
                "z": .string("y"),
            ]) == ["b=yes", "epochs=10", "l=[1, 2]", "lr=0.000123456789", "z=y"])
        #expect(
            FlagFormatting.flagAssigns(
                [
                    "lr": .float(0.000123456789), "epochs": .int(10), "b": .bool(true), "l": .list([.int(1), .int(2)]),
                    "z": .string("y"),
                ], truncateFloats: 5) == ["b=yes", "epochs=10", "l=[1, 2]", "lr=0.00012", "z=y"])
        #expect(
            FlagFormatting.defaultLabel([
                "lr": .float(0.000123456789), "epochs": .int(10), "b": .bool(true), "l": .list([.int(1), .int(2)]),
                "z": .string("y"),
            ]) == "b=yes epochs=10 l=[1, 2] lr=0.00012 z=y")
        #expect(FlagFormatting.flagAssigns([:]) == [])
        #expect(FlagFormatting.flagAssigns([:], truncateFloats: 5) == [])
        #expect(FlagFormatting.defaultLabel([:]) == "")
        #expect(FlagFormatting.flagAssigns(["B": .int(1), "a": .int(2), "_": .int(3)]) == ["B=1", "_=3", "a=2"])
        #expect(
            FlagFormatting.flagAssigns(["B": .int(1), "a": .int(2), "_": .int(3)], truncateFloats: 5) == [
                "B=1", "_=3", "a=2",
            ])
        #expect(FlagFormatting.defaultLabel(["B": .int(1), "a": .int(2), "_": .int(3)]) == "B=1 _=3 a=2")
    }

    @Test func labelTemplates() {
        let flags: [String: YAMLValue] = [
            "x": .float(1.23456789), "i": .int(42), "s": .string("hello"), "p": .string("/a/b/c/"),
            "q": .string("'quoted'"), "b": .bool(true), "l": .list([.int(1), .string("a b")]), "n": .null,
            "inf": .float(.infinity), "msg": .string("a b"),
        ]
        let dl = FlagFormatting.defaultLabel(flags)
        #expect(dl == "b=yes i=42 inf=.inf l=[1, a b] msg='a b' p=/a/b/c/ q='''quoted''' s=hello x=1.23456")
        #expect(FlagFormatting.renderLabelTemplate("${x}", flags: flags, defaultLabel: dl) == "1.23456")
        #expect(
            FlagFormatting.renderLabelTemplate("${default_label}", flags: flags, defaultLabel: dl)
                == "b=yes i=42 inf=.inf l=[1, a b] msg='a b' p=/a/b/c/ q='''quoted''' s=hello x=1.23456")
        #expect(
            FlagFormatting.renderLabelTemplate("pre ${x} post", flags: flags, defaultLabel: dl) == "pre 1.23456 post")
        #expect(FlagFormatting.renderLabelTemplate("${missing}", flags: flags, defaultLabel: dl) == "")
        #expect(FlagFormatting.renderLabelTemplate("${x|%05.1f}", flags: flags, defaultLabel: dl) == "001.2")
        #expect(FlagFormatting.renderLabelTemplate("${x|%.2e}", flags: flags, defaultLabel: dl) == "1.23e+00")
        #expect(FlagFormatting.renderLabelTemplate("${i|%03d}", flags: flags, defaultLabel: dl) == "042")
        #expect(FlagFormatting.renderLabelTemplate("${x|%d}", flags: flags, defaultLabel: dl) == "1")
        #expect(FlagFormatting.renderLabelTemplate("${s|%s}", flags: flags, defaultLabel: dl) == "hello")
        #expect(FlagFormatting.renderLabelTemplate("${s|%10s}|", flags: flags, defaultLabel: dl) == "     hello|")
        #expect(FlagFormatting.renderLabelTemplate("${s|%-6s}|", flags: flags, defaultLabel: dl) == "hello |")
        #expect(FlagFormatting.renderLabelTemplate("${missing|default:none}", flags: flags, defaultLabel: dl) == "none")
        #expect(FlagFormatting.renderLabelTemplate("${x|default:none}", flags: flags, defaultLabel: dl) == "1.23456789")
        #expect(FlagFormatting.renderLabelTemplate("${p|basename}", flags: flags, defaultLabel: dl) == "c")
        #expect(FlagFormatting.renderLabelTemplate("${q|unquote}", flags: flags, defaultLabel: dl) == "quoted")
        #expect(FlagFormatting.renderLabelTemplate("${s|unquote}", flags: flags, defaultLabel: dl) == "hello")
        #expect(FlagFormatting.renderLabelTemplate("${s|bogus}", flags: flags, defaultLabel: dl) == "#error#")
        #expect(FlagFormatting.renderLabelTemplate("${b}", flags: flags, defaultLabel: dl) == "yes")
        #expect(FlagFormatting.renderLabelTemplate("${b|%s}", flags: flags, defaultLabel: dl) == "True")
        #expect(FlagFormatting.renderLabelTemplate("${l}", flags: flags, defaultLabel: dl) == "[1, a b]")
        #expect(FlagFormatting.renderLabelTemplate("${l|%s}", flags: flags, defaultLabel: dl) == "[1, 'a b']")
        #expect(FlagFormatting.renderLabelTemplate("${n}", flags: flags, defaultLabel: dl) == "")
        #expect(FlagFormatting.renderLabelTemplate("${n|default:d}", flags: flags, defaultLabel: dl) == "d")
        #expect(
            FlagFormatting.renderLabelTemplate("${x} and ${i} ${s}", flags: flags, defaultLabel: dl)
                == "1.23456 and 42 hello")
        #expect(FlagFormatting.renderLabelTemplate("${}", flags: flags, defaultLabel: dl) == "${}")
        #expect(FlagFormatting.renderLabelTemplate("$x ${x", flags: flags, defaultLabel: dl) == "$x ${x")
        #expect(FlagFormatting.renderLabelTemplate("${i|%x}", flags: flags, defaultLabel: dl) == "2a")
        #expect(FlagFormatting.renderLabelTemplate("${x|%s}", flags: flags, defaultLabel: dl) == "1.23456789")
        #expect(FlagFormatting.renderLabelTemplate("${missing|%s}", flags: flags, defaultLabel: dl) == "None")
        #expect(FlagFormatting.renderLabelTemplate("${missing|%d}", flags: flags, defaultLabel: dl) == "")
        #expect(FlagFormatting.renderLabelTemplate("${s|%d}", flags: flags, defaultLabel: dl) == "hello")
        #expect(FlagFormatting.renderLabelTemplate("${inf|%.1f}", flags: flags, defaultLabel: dl) == "inf")
        #expect(FlagFormatting.renderLabelTemplate("${x|%%}", flags: flags, defaultLabel: dl) == "1.23456789")
        #expect(FlagFormatting.renderLabelTemplate("${x|%}", flags: flags, defaultLabel: dl) == "1.23456789")
        #expect(FlagFormatting.renderLabelTemplate("${x|default:a:b}", flags: flags, defaultLabel: dl) == "1.23456789")
        #expect(FlagFormatting.renderLabelTemplate("${p|basename|default:z}", flags: flags, defaultLabel: dl) == "c")
        #expect(FlagFormatting.renderLabelTemplate("${msg}", flags: flags, defaultLabel: dl) == "'a b'")
        #expect(FlagFormatting.renderLabelTemplate("${msg|unquote}", flags: flags, defaultLabel: dl) == "a b")
        #expect(FlagFormatting.renderLabelTemplate("${q}", flags: flags, defaultLabel: dl) == "'''quoted'''")
    }

    @Test func envNames() {
        #expect(FlagFormatting.envName(for: "lr") == "FLAG_LR")
        #expect(FlagFormatting.envName(for: "learning-rate") == "FLAG_LEARNING_RATE")
        #expect(FlagFormatting.envName(for: "a.b") == "FLAG_A_B")
        #expect(FlagFormatting.envName(for: "x_1") == "FLAG_X_1")
        #expect(FlagFormatting.envName(for: "café") == "FLAG_CAF_")
        #expect(FlagFormatting.envName(for: "Mixed Case") == "FLAG_MIXED_CASE")
    }

    @Test func argEncoding() {
        #expect(FlagFormatting.argEncoded(.bool(true)) == "1")
        #expect(FlagFormatting.argEncoded(.bool(false)) == "")
        #expect(FlagFormatting.argEncoded(.string("abc")) == "abc")
        #expect(FlagFormatting.argEncoded(.string("a b")) == "a b")
        #expect(FlagFormatting.argEncoded(.int(1)) == "1")
        #expect(FlagFormatting.argEncoded(.float(1.5)) == "1.5")
        #expect(FlagFormatting.argEncoded(.float(1e-05)) == "1e-05")
        #expect(FlagFormatting.argEncoded(.float(0.1)) == "0.1")
        #expect(FlagFormatting.argEncoded(.float(1.0)) == "1.0")
        #expect(FlagFormatting.argEncoded(.float(1e+16)) == "1e+16")
        #expect(FlagFormatting.argEncoded(.float(1000000000000000.0)) == "1000000000000000.0")
        #expect(FlagFormatting.argEncoded(.float(.nan)) == "nan")
        #expect(FlagFormatting.argEncoded(.float(.infinity)) == "inf")
        #expect(
            FlagFormatting.argEncoded(
                .list([.string("a"), .string("b c"), .int(1), .float(0.5), .bool(true), .string("it's")]))
                == "a 'b c' 1 0.5 yes 'it'\"'\"'s'")
        #expect(FlagFormatting.argEncoded(.list([])) == "")
        #expect(FlagFormatting.argEncoded(.map(["a": .int(1), "b": .string("x")])) == "{'a': 1, 'b': 'x'}")
        #expect(FlagFormatting.argEncoded(.string("")) == "")
        #expect(FlagFormatting.argEncoded(.null) == nil)
        #expect(FlagFormatting.shlexQuote("") == "''")
        #expect(FlagFormatting.shlexQuote("abc") == "abc")
        #expect(FlagFormatting.shlexQuote("a b") == "'a b'")
        #expect(FlagFormatting.shlexQuote("it's") == "'it'\"'\"'s'")
        #expect(FlagFormatting.shlexQuote("'a b'") == "\"'a b'\"")
        #expect(FlagFormatting.shlexQuote("x=1,y:2/z@%+-.") == "x=1,y:2/z@%+-.")
        #expect(FlagFormatting.shlexQuote("$HOME") == "'$HOME'")
        #expect(FlagFormatting.shlexQuote("café") == "'café'")
    }
}
