import Testing
@testable import GuildKit

struct YAMLLoaderTests {
    @Test func loadMatchesPyYAML() throws {
        #expect(try YAMLValue.load("1\n") == .int(1))
        #expect(try YAMLValue.load("0\n") == .int(0))
        #expect(try YAMLValue.load("-0") == .int(0))
        #expect(try YAMLValue.load("1732700000123456\n") == .int(1732700000123456))
        // Past Int64 an int keeps its digits, as Python's unbounded ints do.
        #expect(try YAMLValue.load("-92233720368547758080") == .string("-92233720368547758080"))
        #expect(try YAMLValue.load(String(repeating: "7", count: 400)) == .string(String(repeating: "7", count: 400)))
        #expect(try YAMLValue.load("null\n") == .null)
        #expect(try YAMLValue.load("~") == .null)
        #expect(try YAMLValue.load("") == .null)
        #expect(try YAMLValue.load("   \n") == .null)
        #expect(try YAMLValue.load("true\n") == .bool(true))
        #expect(try YAMLValue.load("True") == .bool(true))
        #expect(try YAMLValue.load("TRUE") == .bool(true))
        #expect(try YAMLValue.load("tRUE") == .string("tRUE"))
        #expect(try YAMLValue.load("yes") == .bool(true))
        #expect(try YAMLValue.load("Yes") == .bool(true))
        #expect(try YAMLValue.load("NO") == .bool(false))
        #expect(try YAMLValue.load("on") == .bool(true))
        #expect(try YAMLValue.load("Off") == .bool(false))
        #expect(try YAMLValue.load("y") == .string("y"))
        #expect(try YAMLValue.load("n") == .string("n"))
        #expect(try YAMLValue.load("Y") == .string("Y"))
        #expect(try YAMLValue.load("0x10") == .int(16))
        #expect(try YAMLValue.load("-0x1F") == .int(-31))
        #expect(try YAMLValue.load("0o10") == .string("0o10"))
        #expect(try YAMLValue.load("010") == .int(8))
        #expect(try YAMLValue.load("08") == .string("08"))
        #expect(try YAMLValue.load("0b101") == .int(5))
        #expect(try YAMLValue.load("1_000") == .int(1000))
        #expect(try YAMLValue.load("-1_000") == .int(-1000))
        #expect(try YAMLValue.load("1__0") == .int(10))
        #expect(try YAMLValue.load("1e5") == .float(100000.0))
        #expect(try YAMLValue.load("-1e-5") == .float(-1e-05))
        #expect(try YAMLValue.load("1E+05") == .float(100000.0))
        #expect(try YAMLValue.load("1_e5") == .float(100000.0))
        #expect(try YAMLValue.load("1.5") == .float(1.5))
        #expect(try YAMLValue.load("-.5") == .string("-.5"))
        #expect(try YAMLValue.load(".5") == .float(0.5))
        #expect(try YAMLValue.load("1.") == .float(1.0))
        #expect(try YAMLValue.load("1.0e+5") == .float(100000.0))
        #expect(try YAMLValue.load("1.0e5") == .float(100000.0))
        #expect(try YAMLValue.load("6.02e23") == .float(6.02e+23))
        #expect(try YAMLValue.load(".inf") == .float(.infinity))
        #expect(try YAMLValue.load("-.Inf") == .float(-.infinity))
        #expect(try YAMLValue.load("+.INF") == .float(.infinity))
        #expect(try YAMLValue.load("1:30") == .int(90))
        #expect(try YAMLValue.load("-1:30") == .int(-90))
        #expect(try YAMLValue.load("1:30.5") == .float(90.5))
        #expect(try YAMLValue.load("190:20:30") == .int(685230))
        #expect(try YAMLValue.load("2018-01-01") == .string("2018-01-01"))
        #expect(try YAMLValue.load("2018-01-01 10:20:30") == .string("2018-01-01 10:20:30"))
        #expect(try YAMLValue.load("'quoted'") == .string("quoted"))
        #expect(try YAMLValue.load("'it''s'") == .string("it's"))
        #expect(try YAMLValue.load("'0.1'") == .string("0.1"))
        #expect(try YAMLValue.load("'yes'") == .string("yes"))
        #expect(try YAMLValue.load("''") == .string(""))
        #expect(try YAMLValue.load("\"double\\n\\t\\u00e9\"") == .string("double\n\té"))
        #expect(try YAMLValue.load("\"\"") == .string(""))
        #expect(try YAMLValue.load("hello world") == .string("hello world"))
        #expect(try YAMLValue.load("hello: world") == .map(["hello": .string("world")]))
        #expect(try YAMLValue.load("a: 1\nb: [1, 2]\n") == .map(["a": .int(1), "b": .list([.int(1), .int(2)])]))
        #expect(try YAMLValue.load("- a\n- b\n") == .list([.string("a"), .string("b")]))
        #expect(try YAMLValue.load("{a: 1, b: {c: null}}") == .map(["a": .int(1), "b": .map(["c": .null])]))
        #expect(
            try YAMLValue.load("[1, 'x', yes, no, ~, 1.5]")
                == .list([.int(1), .string("x"), .bool(true), .bool(false), .null, .float(1.5)]))
        #expect(try YAMLValue.load("key: |\n  line1\n  line2\n") == .map(["key": .string("line1\nline2\n")]))
        #expect(
            try YAMLValue.load("key: >\n  folded\n  text\n\n  para\n") == .map(["key": .string("folded text\npara\n")]))
        #expect(try YAMLValue.load("key: |-\n  keep\n") == .map(["key": .string("keep")]))
        #expect(try YAMLValue.load("plain\n  continued\n  lines") == .string("plain continued lines"))
        #expect(try YAMLValue.load("'single\n  multi'") == .string("single multi"))
        #expect(
            try YAMLValue.load("base: &b {x: 1, y: 1}\nd:\n  <<: *b\n  y: 2\n")
                == .map(["base": .map(["x": .int(1), "y": .int(1)]), "d": .map(["x": .int(1), "y": .int(2)])]))
        #expect(
            try YAMLValue.load("a: &a [1, 2]\nb: *a\n")
                == .map(["a": .list([.int(1), .int(2)]), "b": .list([.int(1), .int(2)])]))
        #expect(try YAMLValue.load("!!str 123") == .string("123"))
        #expect(try YAMLValue.load("!!float 1") == .float(1.0))
        #expect(try YAMLValue.load("!!int '10'") == .int(10))
        #expect(try YAMLValue.load("!!bool yes") == .bool(true))
        #expect(try YAMLValue.load("!!null ''") == .null)
        #expect(try YAMLValue.load("# comment\nx: 1 # trailing\n") == .map(["x": .int(1)]))
        #expect(try YAMLValue.load("+1") == .int(1))
        #expect(try YAMLValue.load("+12.5") == .float(12.5))
        #expect(try YAMLValue.load("café") == .string("café"))
        #expect(try YAMLValue.load("\"\\u65e5\"") == .string("日"))
        #expect(try YAMLValue.load("a b # c") == .string("a b"))
        #expect(try YAMLValue.load("x: []\ny: {}\n") == .map(["x": .list([]), "y": .map([:])]))
        #expect(
            try YAMLValue.load("flags:\n  lr: 0.01\n  epochs: 10\n  name: foo\ncmd:\n- python\n- '0.1'\n")
                == .map([
                    "flags": .map(["lr": .float(0.01), "epochs": .int(10), "name": .string("foo")]),
                    "cmd": .list([.string("python"), .string("0.1")]),
                ]))
        #expect(
            try YAMLValue.load("- a: 1\n  b: 2\n- c\n") == .list([.map(["a": .int(1), "b": .int(2)]), .string("c")]))
        #expect(try YAMLValue.load("? complex\n: value\n") == .map(["complex": .string("value")]))
        #expect(throws: YAMLLoadError.self) { try YAMLValue.load("<<") } // PyYAML: ConstructorError
        #expect(throws: YAMLLoadError.self) { try YAMLValue.load("=") } // PyYAML: ConstructorError
        #expect(try YAMLValue.load("0_") == .int(0))
        #expect(try YAMLValue.load("1:2:3") == .int(3723))
        #expect(try YAMLValue.load("[1:2]") == .list([.int(62)]))
        #expect(try YAMLValue.load("{}") == .map([:]))
        #expect(try YAMLValue.load("[]") == .list([]))
        #expect(try YAMLValue.load("--- 5\n") == .int(5))
        #expect(try YAMLValue.load("--- \nfoo\n...\n") == .string("foo"))
        #expect(try YAMLValue.load("- - 1\n  - 2\n- 3\n") == .list([.list([.int(1), .int(2)]), .int(3)]))
        #expect(try YAMLValue.load("1e") == .string("1e"))
        #expect(try YAMLValue.load("12e") == .string("12e"))
        #expect(try YAMLValue.load(".e5") == .string(".e5"))
        #expect(throws: YAMLLoadError.self) { try YAMLValue.load("._") } // PyYAML: ValueError
        #expect(try YAMLValue.load("  indented: 1\n") == .map(["indented": .int(1)]))
        #expect(try YAMLValue.load("yes_") == .string("yes_"))
        #expect(try YAMLValue.load("-") == .list([.null]))
        #expect(try YAMLValue.load("- ") == .list([.null]))
        #expect(try YAMLValue.load(".") == .string("."))
        #expect(try YAMLValue.load("0.") == .float(0.0))
        #expect(try YAMLValue.load("-0.0") == .float(-0.0))
        #expect(try YAMLValue.load("1.5e-07") == .float(1.5e-07))
    }

    @Test func fastPathAgreesWhenItAnswers() {
        func check(_ text: String, _ expected: YAMLValue) {
            if let fast = YAMLValue.loadScalarFast(text) { #expect(fast == expected, "\(text)") }
        }
        check("1\n", .int(1))
        check("0\n", .int(0))
        check("-0", .int(0))
        check("1732700000123456\n", .int(1732700000123456))
        check("null\n", .null)
        check("~", .null)
        check("", .null)
        check("   \n", .null)
        check("true\n", .bool(true))
        check("True", .bool(true))
        check("TRUE", .bool(true))
        check("tRUE", .string("tRUE"))
        check("yes", .bool(true))
        check("Yes", .bool(true))
        check("NO", .bool(false))
        check("on", .bool(true))
        check("Off", .bool(false))
        check("y", .string("y"))
        check("n", .string("n"))
        check("Y", .string("Y"))
        check("0x10", .int(16))
        check("-0x1F", .int(-31))
        check("0o10", .string("0o10"))
        check("010", .int(8))
        check("08", .string("08"))
        check("0b101", .int(5))
        check("1_000", .int(1000))
        check("-1_000", .int(-1000))
        check("1__0", .int(10))
        check("1e5", .float(100000.0))
        check("-1e-5", .float(-1e-05))
        check("1E+05", .float(100000.0))
        check("1_e5", .float(100000.0))
        check("1.5", .float(1.5))
        check("-.5", .string("-.5"))
        check(".5", .float(0.5))
        check("1.", .float(1.0))
        check("1.0e+5", .float(100000.0))
        check("1.0e5", .float(100000.0))
        check("6.02e23", .float(6.02e+23))
        check(".inf", .float(.infinity))
        check("-.Inf", .float(-.infinity))
        check("+.INF", .float(.infinity))
        check("1:30", .int(90))
        check("-1:30", .int(-90))
        check("1:30.5", .float(90.5))
        check("190:20:30", .int(685230))
        check("2018-01-01", .string("2018-01-01"))
        check("2018-01-01 10:20:30", .string("2018-01-01 10:20:30"))
        check("'quoted'", .string("quoted"))
        check("'it''s'", .string("it's"))
        check("'0.1'", .string("0.1"))
        check("'yes'", .string("yes"))
        check("''", .string(""))
        check("\"double\\n\\t\\u00e9\"", .string("double\n\té"))
        check("\"\"", .string(""))
        check("hello world", .string("hello world"))
        check("hello: world", .map(["hello": .string("world")]))
        check("a: 1\nb: [1, 2]\n", .map(["a": .int(1), "b": .list([.int(1), .int(2)])]))
        check("- a\n- b\n", .list([.string("a"), .string("b")]))
        check("{a: 1, b: {c: null}}", .map(["a": .int(1), "b": .map(["c": .null])]))
        check(
            "[1, 'x', yes, no, ~, 1.5]", .list([.int(1), .string("x"), .bool(true), .bool(false), .null, .float(1.5)]))
        check("key: |\n  line1\n  line2\n", .map(["key": .string("line1\nline2\n")]))
        check("key: >\n  folded\n  text\n\n  para\n", .map(["key": .string("folded text\npara\n")]))
        check("key: |-\n  keep\n", .map(["key": .string("keep")]))
        check("plain\n  continued\n  lines", .string("plain continued lines"))
        check("'single\n  multi'", .string("single multi"))
        check(
            "base: &b {x: 1, y: 1}\nd:\n  <<: *b\n  y: 2\n",
            .map(["base": .map(["x": .int(1), "y": .int(1)]), "d": .map(["x": .int(1), "y": .int(2)])]))
        check("a: &a [1, 2]\nb: *a\n", .map(["a": .list([.int(1), .int(2)]), "b": .list([.int(1), .int(2)])]))
        check("!!str 123", .string("123"))
        check("!!float 1", .float(1.0))
        check("!!int '10'", .int(10))
        check("!!bool yes", .bool(true))
        check("!!null ''", .null)
        check("# comment\nx: 1 # trailing\n", .map(["x": .int(1)]))
        check("+1", .int(1))
        check("+12.5", .float(12.5))
        check("café", .string("café"))
        check("\"\\u65e5\"", .string("日"))
        check("a b # c", .string("a b"))
        check("x: []\ny: {}\n", .map(["x": .list([]), "y": .map([:])]))
        check(
            "flags:\n  lr: 0.01\n  epochs: 10\n  name: foo\ncmd:\n- python\n- '0.1'\n",
            .map([
                "flags": .map(["lr": .float(0.01), "epochs": .int(10), "name": .string("foo")]),
                "cmd": .list([.string("python"), .string("0.1")]),
            ]))
        check("- a: 1\n  b: 2\n- c\n", .list([.map(["a": .int(1), "b": .int(2)]), .string("c")]))
        check("? complex\n: value\n", .map(["complex": .string("value")]))
        check("0_", .int(0))
        check("1:2:3", .int(3723))
        check("[1:2]", .list([.int(62)]))
        check("{}", .map([:]))
        check("[]", .list([]))
        check("--- 5\n", .int(5))
        check("--- \nfoo\n...\n", .string("foo"))
        check("- - 1\n  - 2\n- 3\n", .list([.list([.int(1), .int(2)]), .int(3)]))
        check("1e", .string("1e"))
        check("12e", .string("12e"))
        check(".e5", .string(".e5"))
        check("  indented: 1\n", .map(["indented": .int(1)]))
        check("yes_", .string("yes_"))
        check("-", .list([.null]))
        check("- ", .list([.null]))
        check(".", .string("."))
        check("0.", .float(0.0))
        check("-0.0", .float(-0.0))
        check("1.5e-07", .float(1.5e-07))
    }

    @Test("flat flags mappings load fast as the full loader loads them, and anything else falls back")
    func flatMappingFastPath() throws {
        for text in [
            "lr: 0.1\nepochs: 10\n", "'y': 3\nx: yes\nname: 'a b'\nn: null\n", "{}\n", "a: 1.0e-05\nb: -2\n",
            "train.lr: 0.5\ndvcstage:prepare: abc\n", "s: ''\nt: 'it''s'\n",
            "a: 010\nb: 0.50\nc: -0\nd: 1_000\ne: On\nf: adam2\ng: 3.\nh: .5\ni: 12345678901234567890\nj: Null\n",
            "k: -0.25\nl: 0x1F\nm: 1:30\nn: no_way\no: 2018-01-01\np: NaN\nq: y\nr: 99999999999999999\n",
        ] {
            let fast = YAMLValue.loadFlatMappingFast(text)
            if fast != nil || !text.contains("dvcstage:") { #expect(fast == (try YAMLValue.load(text)), "\(text)") }
        }
        #expect(YAMLValue.loadFlatMappingFast("x:\n- 1\n- 2\n") == nil)
        #expect(YAMLValue.loadFlatMappingFast("a: {b: 1}\n") == nil)
        #expect(YAMLValue.loadFlatMappingFast("a:\n  b: 1\n") == nil)
        #expect(YAMLValue.loadFlatMappingFast("a: 1\na: 2\n") == nil)
        #expect(YAMLValue.loadFlatMappingFast("yes: 1\n") == nil)
        #expect(YAMLValue.loadFlatMappingFast("a: [1, 2]\n") == nil)
    }

    @Test func fastPathHandlesAttrScalars() {
        #expect(YAMLValue.loadScalarFast("1732700000123456\n") == .int(1732700000123456))
        #expect(YAMLValue.loadScalarFast("0\n") == .int(0))
        #expect(YAMLValue.loadScalarFast("null\n") == .null)
        #expect(YAMLValue.loadScalarFast("true\n") == .bool(true))
        #expect(YAMLValue.loadScalarFast("false\n") == .bool(false))
        #expect(YAMLValue.loadScalarFast("abc\n") == .string("abc"))
        #expect(YAMLValue.loadScalarFast("hello world\n") == .string("hello world"))
        #expect(YAMLValue.loadScalarFast("it's\n") == .string("it's"))
        #expect(YAMLValue.loadScalarFast("'0.1'\n") == .string("0.1"))
        #expect(YAMLValue.loadScalarFast("'yes'\n") == .string("yes"))
        #expect(YAMLValue.loadScalarFast("''\n") == .string(""))
        #expect(YAMLValue.loadScalarFast("'y'\n") == .string("y"))
        #expect(YAMLValue.loadScalarFast("x:y\n") == .string("x:y"))
        #expect(YAMLValue.loadScalarFast("a-b_c.d\n") == .string("a-b_c.d"))
        #expect(YAMLValue.loadScalarFast("-5\n") == .int(-5))
        #expect(YAMLValue.loadScalarFast("12.5\n") == .float(12.5))
        #expect(YAMLValue.loadScalarFast("'2018-01-01'\n") == .string("2018-01-01"))
        #expect(
            YAMLValue.loadScalarFast("git:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa*\n")
                == .string("git:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa*"))
        #expect(YAMLValue.loadScalarFast("loss\n") == .string("loss"))
        #expect(YAMLValue.loadScalarFast("-acc\n") == .string("-acc"))
    }

    @Test func errorsCarryLineNumbers() {
        func expectError(_ text: String, line: Int?) {
            do {
                _ = try YAMLValue.load(text)
                Issue.record("expected error for \(text)")
            } catch let error as YAMLLoadError {
                #expect(error.line == line, "\(text): \(error)")
                if let line { #expect(error.description.contains("line \(line)")) }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        expectError("a: b: c\n", line: 1)
        expectError("a:\n  - b\n c: d\n", line: 3)
        expectError("x: 1\ny: [1, 2\n", line: 3)
        expectError("key: 'unterminated\n", line: 2)
        expectError("a: 1\n\n\nb: *nope\n", line: 4)
        expectError("--- 1\n--- 2\n", line: 2)
        expectError("x: !foo bar\n", line: 1)
        expectError("- a\nb: 1\n", line: 2)
    }
}

@Test("floats print as Python's repr prints them")
func floatsPrintAsPythonRepr() {
    let cases: [(Double, String)] = [
        (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"), (1e-05, "1e-05"), (123.456, "123.456"),
        (-2.5, "-2.5"), (0.1 + 0.2, "0.30000000000000004"), (1.0 / 3, "0.3333333333333333"), (1e22, "1e+22"),
        (-1e-7, "-1e-07"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (100, "100.0"),
        (12345678.9, "12345678.9"), (-0.0, "-0.0"), (.infinity, "inf"),
    ]
    for (value, repr) in cases { #expect(pyFloatRepr(value) == repr, "\(value)") }
}
