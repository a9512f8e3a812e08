import Testing
@testable import GuildKit

struct YAMLEmitterTests {
    @Test func attrInt() {
        #expect(YAMLValue.int(0).attrEncoded() == "0\n")
        #expect(YAMLValue.int(0).flowEncoded() == "0")
    }

    @Test func attrBigint() {
        #expect(YAMLValue.int(1732700000123456).attrEncoded() == "1732700000123456\n")
        #expect(YAMLValue.int(1732700000123456).flowEncoded() == "1732700000123456")
    }

    @Test func attrNegint() {
        #expect(YAMLValue.int(-42).attrEncoded() == "-42\n")
        #expect(YAMLValue.int(-42).flowEncoded() == "-42")
    }

    @Test func attrNull() {
        #expect(YAMLValue.null.attrEncoded() == "null\n")
        #expect(YAMLValue.null.flowEncoded() == "null")
    }

    @Test func attrTrue() {
        #expect(YAMLValue.bool(true).attrEncoded() == "true\n")
        #expect(YAMLValue.bool(true).flowEncoded() == "yes")
    }

    @Test func attrFalse() {
        #expect(YAMLValue.bool(false).attrEncoded() == "false\n")
        #expect(YAMLValue.bool(false).flowEncoded() == "no")
    }

    @Test func attrFloat01() {
        #expect(YAMLValue.float(0.1).attrEncoded() == "0.1\n")
        #expect(YAMLValue.float(0.1).flowEncoded() == "0.1")
    }

    @Test func attrFloat1em5() {
        #expect(YAMLValue.float(1e-05).attrEncoded() == "1.0e-05\n")
        #expect(YAMLValue.float(1e-05).flowEncoded() == "1.0e-05")
    }

    @Test func attrFloat1e100() {
        #expect(YAMLValue.float(1e+100).attrEncoded() == "1.0e+100\n")
        #expect(YAMLValue.float(1e+100).flowEncoded() == "1.0e+100")
    }

    @Test func attrNan() {
        #expect(YAMLValue.float(.nan).attrEncoded() == ".nan\n")
        #expect(YAMLValue.float(.nan).flowEncoded() == ".nan")
    }

    @Test func attrInf() {
        #expect(YAMLValue.float(.infinity).attrEncoded() == ".inf\n")
        #expect(YAMLValue.float(.infinity).flowEncoded() == ".inf")
    }

    @Test func attrNeginf() {
        #expect(YAMLValue.float(-.infinity).attrEncoded() == "-.inf\n")
        #expect(YAMLValue.float(-.infinity).flowEncoded() == "-.inf")
    }

    @Test func attrFloat1() {
        #expect(YAMLValue.float(1.0).attrEncoded() == "1.0\n")
        #expect(YAMLValue.float(1.0).flowEncoded() == "1.0")
    }

    @Test func attrFloat1e5() {
        #expect(YAMLValue.float(100000.0).attrEncoded() == "100000.0\n")
        #expect(YAMLValue.float(100000.0).flowEncoded() == "100000.0")
    }

    @Test func attrFloat1e16() {
        #expect(YAMLValue.float(1e+16).attrEncoded() == "1.0e+16\n")
        #expect(YAMLValue.float(1e+16).flowEncoded() == "1.0e+16")
    }

    @Test func attrFloat1e15() {
        #expect(YAMLValue.float(1000000000000000.0).attrEncoded() == "1000000000000000.0\n")
        #expect(YAMLValue.float(1000000000000000.0).flowEncoded() == "1000000000000000.0")
    }

    @Test func attrFloatSmall() {
        #expect(YAMLValue.float(0.0001).attrEncoded() == "0.0001\n")
        #expect(YAMLValue.float(0.0001).flowEncoded() == "0.0001")
    }

    @Test func attrFloatNeg() {
        #expect(YAMLValue.float(-2.5e-07).attrEncoded() == "-2.5e-07\n")
        #expect(YAMLValue.float(-2.5e-07).flowEncoded() == "-2.5e-07")
    }

    @Test func attrFloatPi() {
        #expect(YAMLValue.float(3.141592653589793).attrEncoded() == "3.141592653589793\n")
        #expect(YAMLValue.float(3.141592653589793).flowEncoded() == "3.141592653589793")
    }

    @Test func attrFloatNeg0() {
        #expect(YAMLValue.float(-0.0).attrEncoded() == "-0.0\n")
        #expect(YAMLValue.float(-0.0).flowEncoded() == "-0.0")
    }

    @Test func attrStr() {
        #expect(YAMLValue.string("hello").attrEncoded() == "hello\n")
        #expect(YAMLValue.string("hello").flowEncoded() == "hello")
    }

    @Test func attrStrEmpty() {
        #expect(YAMLValue.string("").attrEncoded() == "''\n")
        #expect(YAMLValue.string("").flowEncoded() == "''")
    }

    @Test func attrStrTilde() {
        #expect(YAMLValue.string("~").attrEncoded() == "'~'\n")
        #expect(YAMLValue.string("~").flowEncoded() == "'~'")
    }

    @Test func attrStrNum() {
        #expect(YAMLValue.string("0.1").attrEncoded() == "'0.1'\n")
        #expect(YAMLValue.string("0.1").flowEncoded() == "'0.1'")
    }

    @Test func attrStrInt() {
        #expect(YAMLValue.string("123").attrEncoded() == "'123'\n")
        #expect(YAMLValue.string("123").flowEncoded() == "'123'")
    }

    @Test func attrStrYes() {
        #expect(YAMLValue.string("yes").attrEncoded() == "'yes'\n")
        #expect(YAMLValue.string("yes").flowEncoded() == "'yes'")
    }

    @Test func attrStrNull() {
        #expect(YAMLValue.string("null").attrEncoded() == "'null'\n")
        #expect(YAMLValue.string("null").flowEncoded() == "'null'")
    }

    @Test func attrStr1e5() {
        #expect(YAMLValue.string("1e5").attrEncoded() == "'1e5'\n")
        #expect(YAMLValue.string("1e5").flowEncoded() == "'1e5'")
    }

    @Test func attrStrTrueCap() {
        #expect(YAMLValue.string("True").attrEncoded() == "'True'\n")
        #expect(YAMLValue.string("True").flowEncoded() == "'True'")
    }

    @Test func attrStrY() {
        #expect(YAMLValue.string("y").attrEncoded() == "'y'\n")
        #expect(YAMLValue.string("y").flowEncoded() == "y")
    }

    @Test func attrStrN() {
        #expect(YAMLValue.string("N").attrEncoded() == "'N'\n")
        #expect(YAMLValue.string("N").flowEncoded() == "N")
    }

    @Test func attrStrOn() {
        #expect(YAMLValue.string("on").attrEncoded() == "'on'\n")
        #expect(YAMLValue.string("on").flowEncoded() == "'on'")
    }

    @Test func attrStrHex() {
        #expect(YAMLValue.string("0x10").attrEncoded() == "'0x10'\n")
        #expect(YAMLValue.string("0x10").flowEncoded() == "'0x10'")
    }

    @Test func attrStrDate() {
        #expect(YAMLValue.string("2018-01-01").attrEncoded() == "'2018-01-01'\n")
        #expect(YAMLValue.string("2018-01-01").flowEncoded() == "'2018-01-01'")
    }

    @Test func attrStrOctal() {
        #expect(YAMLValue.string("010").attrEncoded() == "'010'\n")
        #expect(YAMLValue.string("010").flowEncoded() == "'010'")
    }

    @Test func attrStr09() {
        #expect(YAMLValue.string("09").attrEncoded() == "09\n")
        #expect(YAMLValue.string("09").flowEncoded() == "09")
    }

    @Test func attrStrSexa() {
        #expect(YAMLValue.string("1:30").attrEncoded() == "'1:30'\n")
        #expect(YAMLValue.string("1:30").flowEncoded() == "'1:30'")
    }

    @Test func attrStrDotinf() {
        #expect(YAMLValue.string(".inf").attrEncoded() == "'.inf'\n")
        #expect(YAMLValue.string(".inf").flowEncoded() == "'.inf'")
    }

    @Test func attrStrMerge() {
        #expect(YAMLValue.string("<<").attrEncoded() == "'<<'\n")
        #expect(YAMLValue.string("<<").flowEncoded() == "'<<'")
    }

    @Test func attrStrEq() {
        #expect(YAMLValue.string("=").attrEncoded() == "'='\n")
        #expect(YAMLValue.string("=").flowEncoded() == "'='")
    }

    @Test func attrStrColonSpace() {
        #expect(YAMLValue.string("a: b").attrEncoded() == "'a: b'\n")
        #expect(YAMLValue.string("a: b").flowEncoded() == "'a: b'")
    }

    @Test func attrStrColonEnd() {
        #expect(YAMLValue.string("a:").attrEncoded() == "'a:'\n")
        #expect(YAMLValue.string("a:").flowEncoded() == "'a:'")
    }

    @Test func attrStrHash() {
        #expect(YAMLValue.string("a #b").attrEncoded() == "'a #b'\n")
        #expect(YAMLValue.string("a #b").flowEncoded() == "'a #b'")
    }

    @Test func attrStrHash2() {
        #expect(YAMLValue.string("a#b").attrEncoded() == "a#b\n")
        #expect(YAMLValue.string("a#b").flowEncoded() == "a#b")
    }

    @Test func attrStrLeadingHash() {
        #expect(YAMLValue.string("#x").attrEncoded() == "'#x'\n")
        #expect(YAMLValue.string("#x").flowEncoded() == "'#x'")
    }

    @Test func attrStrDash() {
        #expect(YAMLValue.string("- x").attrEncoded() == "'- x'\n")
        #expect(YAMLValue.string("- x").flowEncoded() == "'- x'")
    }

    @Test func attrStrDash2() {
        #expect(YAMLValue.string("-x").attrEncoded() == "-x\n")
        #expect(YAMLValue.string("-x").flowEncoded() == "-x")
    }

    @Test func attrStrDashOnly() {
        #expect(YAMLValue.string("-").attrEncoded() == "'-'\n")
        #expect(YAMLValue.string("-").flowEncoded() == "'-'")
    }

    @Test func attrStrStar() {
        #expect(YAMLValue.string("*x").attrEncoded() == "'*x'\n")
        #expect(YAMLValue.string("*x").flowEncoded() == "'*x'")
    }

    @Test func attrStrAmp() {
        #expect(YAMLValue.string("&x").attrEncoded() == "'&x'\n")
        #expect(YAMLValue.string("&x").flowEncoded() == "'&x'")
    }

    @Test func attrStrBang() {
        #expect(YAMLValue.string("!x").attrEncoded() == "'!x'\n")
        #expect(YAMLValue.string("!x").flowEncoded() == "'!x'")
    }

    @Test func attrStrPipe() {
        #expect(YAMLValue.string("|x").attrEncoded() == "'|x'\n")
        #expect(YAMLValue.string("|x").flowEncoded() == "'|x'")
    }

    @Test func attrStrGt() {
        #expect(YAMLValue.string(">x").attrEncoded() == "'>x'\n")
        #expect(YAMLValue.string(">x").flowEncoded() == "'>x'")
    }

    @Test func attrStrPct() {
        #expect(YAMLValue.string("%x").attrEncoded() == "'%x'\n")
        #expect(YAMLValue.string("%x").flowEncoded() == "'%x'")
    }

    @Test func attrStrAt() {
        #expect(YAMLValue.string("@x").attrEncoded() == "'@x'\n")
        #expect(YAMLValue.string("@x").flowEncoded() == "'@x'")
    }

    @Test func attrStrBacktick() {
        #expect(YAMLValue.string("`x").attrEncoded() == "'`x'\n")
        #expect(YAMLValue.string("`x").flowEncoded() == "'`x'")
    }

    @Test func attrStrSquote() {
        #expect(YAMLValue.string("it's").attrEncoded() == "it's\n")
        #expect(YAMLValue.string("it's").flowEncoded() == "it's")
    }

    @Test func attrStrDquote() {
        #expect(YAMLValue.string("say \"hi\"").attrEncoded() == "say \"hi\"\n")
        #expect(YAMLValue.string("say \"hi\"").flowEncoded() == "say \"hi\"")
    }

    @Test func attrStrLeadSquote() {
        #expect(YAMLValue.string("'q'").attrEncoded() == "'''q'''\n")
        #expect(YAMLValue.string("'q'").flowEncoded() == "'''q'''")
    }

    @Test func attrStrLeadDquote() {
        #expect(YAMLValue.string("\"q\"").attrEncoded() == "'\"q\"'\n")
        #expect(YAMLValue.string("\"q\"").flowEncoded() == "'\"q\"'")
    }

    @Test func attrStrTrailingSpace() {
        #expect(YAMLValue.string("abc ").attrEncoded() == "'abc '\n")
        #expect(YAMLValue.string("abc ").flowEncoded() == "'abc '")
    }

    @Test func attrStrLeadingSpace() {
        #expect(YAMLValue.string(" abc").attrEncoded() == "' abc'\n")
        #expect(YAMLValue.string(" abc").flowEncoded() == "' abc'")
    }

    @Test func attrStrNewline() {
        #expect(YAMLValue.string("a\nb").attrEncoded() == "'a\n\n  b'\n")
        #expect(YAMLValue.string("a\nb").flowEncoded() == "'a\n\n  b'")
    }

    @Test func attrStrTrailingNewline() {
        #expect(YAMLValue.string("abc\n").attrEncoded() == "'abc\n\n  '\n")
        #expect(YAMLValue.string("abc\n").flowEncoded() == "'abc\n\n  '")
    }

    @Test func attrStrTab() {
        #expect(YAMLValue.string("a\tb").attrEncoded() == "\"a\\tb\"\n")
        #expect(YAMLValue.string("a\tb").flowEncoded() == "\"a\\tb\"")
    }

    @Test func attrStrUnicode() {
        #expect(YAMLValue.string("café").attrEncoded() == "\"caf\\xE9\"\n")
        #expect(YAMLValue.string("café").flowEncoded() == "\"caf\\xE9\"")
    }

    @Test func attrStrEmoji() {
        #expect(YAMLValue.string("smile 😀").attrEncoded() == "\"smile \\U0001F600\"\n")
        #expect(YAMLValue.string("smile 😀").flowEncoded() == "\"smile \\U0001F600\"")
    }

    @Test func attrStrCjk() {
        #expect(YAMLValue.string("日本").attrEncoded() == "\"\\u65E5\\u672C\"\n")
        #expect(YAMLValue.string("日本").flowEncoded() == "\"\\u65E5\\u672C\"")
    }

    @Test func attrStrDocstart() {
        #expect(YAMLValue.string("--- x").attrEncoded() == "'--- x'\n")
        #expect(YAMLValue.string("--- x").flowEncoded() == "'--- x'")
    }

    @Test func attrStrDots() {
        #expect(YAMLValue.string("...").attrEncoded() == "'...'\n")
        #expect(YAMLValue.string("...").flowEncoded() == "'...'")
    }

    @Test func attrStrQuestion() {
        #expect(YAMLValue.string("?x").attrEncoded() == "?x\n")
        #expect(YAMLValue.string("?x").flowEncoded() == "?x")
    }

    @Test func attrStrQuestionSpace() {
        #expect(YAMLValue.string("? x").attrEncoded() == "'? x'\n")
        #expect(YAMLValue.string("? x").flowEncoded() == "'? x'")
    }

    @Test func attrStrComma() {
        #expect(YAMLValue.string("a,b").attrEncoded() == "a,b\n")
        #expect(YAMLValue.string("a,b").flowEncoded() == "a,b")
    }

    @Test func attrStrBrackets() {
        #expect(YAMLValue.string("[a]").attrEncoded() == "'[a]'\n")
        #expect(YAMLValue.string("[a]").flowEncoded() == "'[a]'")
    }

    @Test func attrStrBraces() {
        #expect(YAMLValue.string("{a}").attrEncoded() == "'{a}'\n")
        #expect(YAMLValue.string("{a}").flowEncoded() == "'{a}'")
    }

    @Test func attrStrMidBrackets() {
        #expect(YAMLValue.string("a[1]").attrEncoded() == "a[1]\n")
        #expect(YAMLValue.string("a[1]").flowEncoded() == "a[1]")
    }

    @Test func attrStrSpaceBreak() {
        #expect(YAMLValue.string("a \nb").attrEncoded() == "\"a \\nb\"\n")
        #expect(YAMLValue.string("a \nb").flowEncoded() == "\"a \\nb\"")
    }

    @Test func attrStrBreakSpace() {
        #expect(YAMLValue.string("a\n b").attrEncoded() == "\"a\\n b\"\n")
        #expect(YAMLValue.string("a\n b").flowEncoded() == "\"a\\n b\"")
    }

    @Test func attrStrCrlf() {
        #expect(YAMLValue.string("a\r\nb").attrEncoded() == "\"a\\r\\nb\"\n")
        #expect(YAMLValue.string("a\r\nb").flowEncoded() == "\"a\\r\\nb\"")
    }

    @Test func attrStrBell() {
        #expect(YAMLValue.string("a\u{7}b").attrEncoded() == "\"a\\ab\"\n")
        #expect(YAMLValue.string("a\u{7}b").flowEncoded() == "\"a\\ab\"")
    }

    @Test func attrStrBackslash() {
        #expect(YAMLValue.string("C:\\path").attrEncoded() == "C:\\path\n")
        #expect(YAMLValue.string("C:\\path").flowEncoded() == "C:\\path")
    }

    @Test func attrStrNbsp() {
        #expect(YAMLValue.string("a b").attrEncoded() == "\"a\\_b\"\n")
        #expect(YAMLValue.string("a b").flowEncoded() == "\"a\\_b\"")
    }

    @Test func attrStrLong() {
        #expect(
            YAMLValue.string(
                "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog"
            ).attrEncoded()
                == "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy\n  dog the quick brown fox jumps over the lazy dog\n"
        )
        #expect(
            YAMLValue.string(
                "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog"
            ).flowEncoded()
                == "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy\n  dog the quick brown fox jumps over the lazy dog"
        )
    }

    @Test func attrStrLongNospace() {
        #expect(
            YAMLValue.string(
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ).attrEncoded()
                == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
        )
        #expect(
            YAMLValue.string(
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            ).flowEncoded()
                == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        )
    }

    @Test func attrStrLongQuoted() {
        #expect(
            YAMLValue.string(
                "'the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog"
            ).attrEncoded()
                == "'''the quick brown fox jumps over the lazy dog the quick brown fox jumps over the\n  lazy dog the quick brown fox jumps over the lazy dog'\n"
        )
        #expect(
            YAMLValue.string(
                "'the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog"
            ).flowEncoded()
                == "'''the quick brown fox jumps over the lazy dog the quick brown fox jumps over the\n  lazy dog the quick brown fox jumps over the lazy dog'"
        )
    }

    @Test func attrStrLongDouble() {
        #expect(
            YAMLValue.string(
                "café the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog"
            ).attrEncoded()
                == "\"caf\\xE9 the quick brown fox jumps over the lazy dog the quick brown fox jumps over\\\n  \\ the lazy dog the quick brown fox jumps over the lazy dog\"\n"
        )
        #expect(
            YAMLValue.string(
                "café the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog"
            ).flowEncoded()
                == "\"caf\\xE9 the quick brown fox jumps over the lazy dog the quick brown fox jumps over\\\n  \\ the lazy dog the quick brown fox jumps over the lazy dog\""
        )
    }

    @Test func attrStrLongMultiline() {
        #expect(
            YAMLValue.string(
                "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog \nthe quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog "
            ).attrEncoded()
                == "\"the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy\\\n  \\ dog the quick brown fox jumps over the lazy dog \\nthe quick brown fox jumps over\\\n  \\ the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps\\\n  \\ over the lazy dog \"\n"
        )
        #expect(
            YAMLValue.string(
                "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog \nthe quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog "
            ).flowEncoded()
                == "\"the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy\\\n  \\ dog the quick brown fox jumps over the lazy dog \\nthe quick brown fox jumps over\\\n  \\ the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps\\\n  \\ over the lazy dog \""
        )
    }

    @Test func attrStrUrl() {
        #expect(
            YAMLValue.string("http://example.com:8080/x?y=1#frag").attrEncoded()
                == "http://example.com:8080/x?y=1#frag\n")
        #expect(
            YAMLValue.string("http://example.com:8080/x?y=1#frag").flowEncoded() == "http://example.com:8080/x?y=1#frag"
        )
    }

    @Test func attrStrPath() {
        #expect(YAMLValue.string("/tmp/a b/c").attrEncoded() == "/tmp/a b/c\n")
        #expect(YAMLValue.string("/tmp/a b/c").flowEncoded() == "/tmp/a b/c")
    }

    @Test func attrListEmpty() {
        #expect(YAMLValue.list([]).attrEncoded() == "[]\n")
        #expect(YAMLValue.list([]).flowEncoded() == "[]")
    }

    @Test func attrDictEmpty() {
        #expect(YAMLValue.map([:]).attrEncoded() == "{}\n")
        #expect(YAMLValue.map([:]).flowEncoded() == "{}")
    }

    @Test func attrList() {
        #expect(
            YAMLValue.list([.int(1), .string("a"), .null, .bool(true), .float(0.5)]).attrEncoded()
                == "- 1\n- a\n- null\n- true\n- 0.5\n")
        #expect(
            YAMLValue.list([.int(1), .string("a"), .null, .bool(true), .float(0.5)]).flowEncoded()
                == "[1, a, null, yes, 0.5]")
    }

    @Test func attrCmd() {
        #expect(
            YAMLValue.list([
                .string("/usr/bin/python3"), .string("-um"), .string("guild.op_main"), .string("train"), .string("--"),
                .string("--lr"), .string("0.1"), .string("--epochs"), .string("10"), .string("--name"), .string("a b"),
            ]).attrEncoded()
                == "- /usr/bin/python3\n- -um\n- guild.op_main\n- train\n- --\n- --lr\n- '0.1'\n- --epochs\n- '10'\n- --name\n- a b\n"
        )
        #expect(
            YAMLValue.list([
                .string("/usr/bin/python3"), .string("-um"), .string("guild.op_main"), .string("train"), .string("--"),
                .string("--lr"), .string("0.1"), .string("--epochs"), .string("10"), .string("--name"), .string("a b"),
            ]).flowEncoded()
                == "[/usr/bin/python3, -um, guild.op_main, train, --, --lr, '0.1', --epochs, '10', --name, a b]")
    }

    @Test func attrFlags() {
        #expect(
            YAMLValue.map([
                "lr": .float(0.01), "epochs": .int(10), "name": .string("foo"), "dropout": .float(0.5),
                "y": .string("n"), "opt": .null, "layers": .list([.int(64), .int(32)]), "msg": .string("yes"),
            ]).attrEncoded()
                == "dropout: 0.5\nepochs: 10\nlayers:\n- 64\n- 32\nlr: 0.01\nmsg: 'yes'\nname: foo\nopt: null\n'y': 'n'\n"
        )
        #expect(
            YAMLValue.map([
                "lr": .float(0.01), "epochs": .int(10), "name": .string("foo"), "dropout": .float(0.5),
                "y": .string("n"), "opt": .null, "layers": .list([.int(64), .int(32)]), "msg": .string("yes"),
            ]).flowEncoded()
                == "{dropout: 0.5, epochs: 10, layers: [64, 32], lr: 0.01, msg: 'yes', name: foo, opt: null, y: n}")
    }

    @Test func attrNested() {
        #expect(
            YAMLValue.map([
                "a": .map(["b": .map(["c": .list([.int(1), .map(["d": .list([])])])])]), "e": .list([]), "f": .map([:]),
            ]).attrEncoded() == "a:\n  b:\n    c:\n    - 1\n    - d: []\ne: []\nf: {}\n")
        #expect(
            YAMLValue.map([
                "a": .map(["b": .map(["c": .list([.int(1), .map(["d": .list([])])])])]), "e": .list([]), "f": .map([:]),
            ]).flowEncoded() == "{a: {b: {c: [1, {d: []}]}}, e: [], f: {}}")
    }

    @Test func attrListOfDicts() {
        #expect(
            YAMLValue.list([.map(["a": .int(1), "b": .int(2)]), .map(["c": .list([.int(1), .int(2)])]), .map([:])])
                .attrEncoded() == "- a: 1\n  b: 2\n- c:\n  - 1\n  - 2\n- {}\n")
        #expect(
            YAMLValue.list([.map(["a": .int(1), "b": .int(2)]), .map(["c": .list([.int(1), .int(2)])]), .map([:])])
                .flowEncoded() == "[{a: 1, b: 2}, {c: [1, 2]}, {}]")
    }

    @Test func attrListOfLists() {
        #expect(
            YAMLValue.list([.list([.int(1), .int(2)]), .list([]), .list([.list([.string("x")])])]).attrEncoded()
                == "- - 1\n  - 2\n- []\n- - - x\n")
        #expect(
            YAMLValue.list([.list([.int(1), .int(2)]), .list([]), .list([.list([.string("x")])])]).flowEncoded()
                == "[[1, 2], [], [[x]]]")
    }

    @Test func attrKeysQuoted() {
        #expect(
            YAMLValue.map([
                "y": .int(1), "n": .int(2), "Y": .int(3), "yes": .int(4), "1": .int(5), "": .int(6), "a b": .int(7),
                "a: b": .int(8), "-x": .int(9), "0.1": .int(10),
            ]).attrEncoded()
                == "? ''\n: 6\n-x: 9\n'0.1': 10\n'1': 5\n'Y': 3\na b: 7\n'a: b': 8\n'n': 2\n'y': 1\n'yes': 4\n")
        #expect(
            YAMLValue.map([
                "y": .int(1), "n": .int(2), "Y": .int(3), "yes": .int(4), "1": .int(5), "": .int(6), "a b": .int(7),
                "a: b": .int(8), "-x": .int(9), "0.1": .int(10),
            ]).flowEncoded() == "{'': 6, -x: 9, '0.1': 10, '1': 5, Y: 3, a b: 7, 'a: b': 8, n: 2, y: 1, 'yes': 4}")
    }

    @Test func attrKeyMultiline() {
        #expect(YAMLValue.map(["a\nb": .int(1)]).attrEncoded() == "? 'a\n\n  b'\n: 1\n")
        #expect(YAMLValue.map(["a\nb": .int(1)]).flowEncoded() == "{'a\n\n  b': 1}")
    }

    @Test func attrKeyLong() {
        #expect(
            YAMLValue.map([
                "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk":
                    .int(1),
                "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj":
                    .int(2),
                "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii":
                    .int(3),
            ]).attrEncoded()
                == "? iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii\n: 3\njjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj: 2\n? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: 1\n"
        )
        #expect(
            YAMLValue.map([
                "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk":
                    .int(1),
                "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj":
                    .int(2),
                "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii":
                    .int(3),
            ]).flowEncoded()
                == "{iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii: 3, jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj: 2, kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 1}"
        )
    }

    @Test func attrOp() {
        #expect(
            YAMLValue.map([
                "deps": .list([]), "flag-null-labels": .map([:]), "flags-extra": .map([:]), "label-template": .null,
                "op-cmd": .map([
                    "cmd-args": .list([
                        .string("${python_exe}"), .string("-um"), .string("guild.op_main"), .string("train"),
                        .string("__flag_args__"),
                    ]),
                    "cmd-env": .map([
                        "FLAGS_DEST": .string("args"), "GUILD_PLUGINS": .string(""),
                        "PROJECT_DIR": .string("/tmp/proj"),
                    ]), "cmd-flags": .map(["x": .map(["arg-name": .string("x-val")])]), "flags-dest": .string("args"),
                ]), "output-scalars": .null, "python-requires": .null,
                "sourcecode": .map(["dest": .string("."), "root": .string("..")]),
            ]).attrEncoded()
                == "deps: []\nflag-null-labels: {}\nflags-extra: {}\nlabel-template: null\nop-cmd:\n  cmd-args:\n  - ${python_exe}\n  - -um\n  - guild.op_main\n  - train\n  - __flag_args__\n  cmd-env:\n    FLAGS_DEST: args\n    GUILD_PLUGINS: ''\n    PROJECT_DIR: /tmp/proj\n  cmd-flags:\n    x:\n      arg-name: x-val\n  flags-dest: args\noutput-scalars: null\npython-requires: null\nsourcecode:\n  dest: .\n  root: ..\n"
        )
        #expect(
            YAMLValue.map([
                "deps": .list([]), "flag-null-labels": .map([:]), "flags-extra": .map([:]), "label-template": .null,
                "op-cmd": .map([
                    "cmd-args": .list([
                        .string("${python_exe}"), .string("-um"), .string("guild.op_main"), .string("train"),
                        .string("__flag_args__"),
                    ]),
                    "cmd-env": .map([
                        "FLAGS_DEST": .string("args"), "GUILD_PLUGINS": .string(""),
                        "PROJECT_DIR": .string("/tmp/proj"),
                    ]), "cmd-flags": .map(["x": .map(["arg-name": .string("x-val")])]), "flags-dest": .string("args"),
                ]), "output-scalars": .null, "python-requires": .null,
                "sourcecode": .map(["dest": .string("."), "root": .string("..")]),
            ]).flowEncoded()
                == "{deps: [], flag-null-labels: {}, flags-extra: {}, label-template: null, op-cmd: {cmd-args: [${python_exe}, -um, guild.op_main, train, __flag_args__], cmd-env: {FLAGS_DEST: args, GUILD_PLUGINS: '', PROJECT_DIR: /tmp/proj}, cmd-flags: {x: {arg-name: x-val}}, flags-dest: args}, output-scalars: null, python-requires: null, sourcecode: {dest: ., root: ..}}"
        )
    }

    @Test func attrDeepLong() {
        #expect(
            YAMLValue.map([
                "comments": .list([
                    .map([
                        "body": .string(
                            "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog "
                        ), "host": .string("h"), "time": .int(1700000000000000), "user": .string("me"),
                    ])
                ])
            ]).attrEncoded()
                == "comments:\n- body: 'the quick brown fox jumps over the lazy dog the quick brown fox jumps over\n    the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps\n    over the lazy dog the quick brown fox jumps over the lazy dog the quick brown\n    fox jumps over the lazy dog '\n  host: h\n  time: 1700000000000000\n  user: me\n"
        )
        #expect(
            YAMLValue.map([
                "comments": .list([
                    .map([
                        "body": .string(
                            "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog "
                        ), "host": .string("h"), "time": .int(1700000000000000), "user": .string("me"),
                    ])
                ])
            ]).flowEncoded()
                == "{comments: [{body: 'the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy\n  dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the\n  lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over\n  the lazy dog ', host: h, time: 1700000000000000, user: me}]}"
        )
    }

    @Test func attrPlatform() {
        #expect(
            YAMLValue.map([
                "architecture": .string("64bit ELF"), "cpus": .int(2), "processor": .string("x86_64"),
                "python_version": .string("3.11.7"), "uname": .string("Linux host 6.1.0 #1 SMP PREEMPT_DYNAMIC x86_64"),
            ]).attrEncoded()
                == "architecture: 64bit ELF\ncpus: 2\nprocessor: x86_64\npython_version: 3.11.7\nuname: 'Linux host 6.1.0 #1 SMP PREEMPT_DYNAMIC x86_64'\n"
        )
        #expect(
            YAMLValue.map([
                "architecture": .string("64bit ELF"), "cpus": .int(2), "processor": .string("x86_64"),
                "python_version": .string("3.11.7"), "uname": .string("Linux host 6.1.0 #1 SMP PREEMPT_DYNAMIC x86_64"),
            ]).flowEncoded()
                == "{architecture: 64bit ELF, cpus: 2, processor: x86_64, python_version: 3.11.7, uname: 'Linux host 6.1.0 #1 SMP PREEMPT_DYNAMIC x86_64'}"
        )
    }

    @Test func attrEnv() {
        #expect(
            YAMLValue.map([
                "PATH": .string("/usr/bin:/bin"), "LANG": .string("C.UTF-8"), "EMPTY": .string(""), "NUM": .string("1"),
                "HOME": .string("/root"),
            ]).attrEncoded() == "EMPTY: ''\nHOME: /root\nLANG: C.UTF-8\nNUM: '1'\nPATH: /usr/bin:/bin\n")
        #expect(
            YAMLValue.map([
                "PATH": .string("/usr/bin:/bin"), "LANG": .string("C.UTF-8"), "EMPTY": .string(""), "NUM": .string("1"),
                "HOME": .string("/root"),
            ]).flowEncoded() == "{EMPTY: '', HOME: /root, LANG: C.UTF-8, NUM: '1', PATH: /usr/bin:/bin}")
    }

    @Test func attrUnicodeKey() {
        #expect(YAMLValue.map(["été": .string("é")]).attrEncoded() == "\"\\xE9t\\xE9\": \"\\xE9\"\n")
        #expect(YAMLValue.map(["été": .string("é")]).flowEncoded() == "{\"\\xE9t\\xE9\": \"\\xE9\"}")
    }

    @Test func attrSortOrder() {
        #expect(
            YAMLValue.map(["b": .int(1), "B": .int(2), "a": .int(3), "_": .int(4), "10": .int(5), "9": .int(6)])
                .attrEncoded() == "'10': 5\n'9': 6\nB: 2\n_: 4\na: 3\nb: 1\n")
        #expect(
            YAMLValue.map(["b": .int(1), "B": .int(2), "a": .int(3), "_": .int(4), "10": .int(5), "9": .int(6)])
                .flowEncoded() == "{'10': 5, '9': 6, B: 2, _: 4, a: 3, b: 1}")
    }

    @Test func attrStrLongSingleInList() {
        #expect(
            YAMLValue.list([
                .string(
                    "'word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "
                )
            ]).attrEncoded()
                == "- '''word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word '\n"
        )
        #expect(
            YAMLValue.list([
                .string(
                    "'word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "
                )
            ]).flowEncoded()
                == "['''word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word ']"
        )
    }

    @Test func attrStrLongInMap() {
        #expect(
            YAMLValue.map([
                "k": .string(
                    "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog "
                )
            ]).attrEncoded()
                == "k: 'the quick brown fox jumps over the lazy dog the quick brown fox jumps over the\n  lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over\n  the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps\n  over the lazy dog '\n"
        )
        #expect(
            YAMLValue.map([
                "k": .string(
                    "the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy dog "
                )
            ]).flowEncoded()
                == "{k: 'the quick brown fox jumps over the lazy dog the quick brown fox jumps over the lazy\n  dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over the\n  lazy dog the quick brown fox jumps over the lazy dog the quick brown fox jumps over\n  the lazy dog '}"
        )
    }

    @Test func attrStrManySpaces() {
        #expect(
            YAMLValue.string(
                "a                                                                                                    b"
            ).attrEncoded()
                == "a                                                                                                    b\n"
        )
        #expect(
            YAMLValue.string(
                "a                                                                                                    b"
            ).flowEncoded()
                == "a                                                                                                    b"
        )
    }

    @Test func attrStrDigitsUnderscore() {
        #expect(YAMLValue.string("1_000").attrEncoded() == "'1_000'\n")
        #expect(YAMLValue.string("1_000").flowEncoded() == "'1_000'")
    }

    @Test func attrStrPlus() {
        #expect(YAMLValue.string("+1").attrEncoded() == "'+1'\n")
        #expect(YAMLValue.string("+1").flowEncoded() == "'+1'")
    }

    @Test func attrStrDot5() {
        #expect(YAMLValue.string(".5").attrEncoded() == "'.5'\n")
        #expect(YAMLValue.string(".5").flowEncoded() == "'.5'")
    }

    @Test func attrStr1dot() {
        #expect(YAMLValue.string("1.").attrEncoded() == "'1.'\n")
        #expect(YAMLValue.string("1.").flowEncoded() == "'1.'")
    }

    @Test func attrStrExpSign() {
        #expect(YAMLValue.string("1e+5").attrEncoded() == "'1e+5'\n")
        #expect(YAMLValue.string("1e+5").flowEncoded() == "'1e+5'")
    }

    @Test func attrStrInfWord() {
        #expect(YAMLValue.string("inf").attrEncoded() == "inf\n")
        #expect(YAMLValue.string("inf").flowEncoded() == "inf")
    }

    @Test func attrStrNanWord() {
        #expect(YAMLValue.string("nan").attrEncoded() == "nan\n")
        #expect(YAMLValue.string("nan").flowEncoded() == "nan")
    }

    @Test func attrStrNullUpper() {
        #expect(YAMLValue.string("NULL").attrEncoded() == "'NULL'\n")
        #expect(YAMLValue.string("NULL").flowEncoded() == "'NULL'")
    }

    @Test func attrStrTildeX() {
        #expect(YAMLValue.string("~x").attrEncoded() == "~x\n")
        #expect(YAMLValue.string("~x").flowEncoded() == "~x")
    }

    @Test func attrStrColon() {
        #expect(YAMLValue.string(":").attrEncoded() == "':'\n")
        #expect(YAMLValue.string(":").flowEncoded() == "':'")
    }

    @Test func attrStrColonX() {
        #expect(YAMLValue.string(":x").attrEncoded() == ":x\n")
        #expect(YAMLValue.string(":x").flowEncoded() == ":x")
    }

    @Test func attrStrCtrl() {
        #expect(YAMLValue.string("\u{0}\u{1B}").attrEncoded() == "\"\\0\\e\"\n")
        #expect(YAMLValue.string("\u{0}\u{1B}").flowEncoded() == "\"\\0\\e\"")
    }

    @Test func attrStrFeff() {
        #expect(YAMLValue.string("\u{FEFF}").attrEncoded() == "\"\\uFEFF\"\n")
        #expect(YAMLValue.string("\u{FEFF}").flowEncoded() == "\"\\uFEFF\"")
    }

    @Test func attrStr2028() {
        #expect(YAMLValue.string("a\u{2028}b").attrEncoded() == "\"a\\Lb\"\n")
        #expect(YAMLValue.string("a\u{2028}b").flowEncoded() == "\"a\\Lb\"")
    }

    @Test func attrStrLongWordThenSpace() {
        #expect(
            YAMLValue.string("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y")
                .attrEncoded()
                == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  y\n")
        #expect(
            YAMLValue.string("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y")
                .flowEncoded()
                == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  y")
    }

}
