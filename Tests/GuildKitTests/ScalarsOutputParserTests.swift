import Foundation
import Testing
@testable import GuildKit

/// Runs `lines` through a parser; returns "key=value@step" strings (values as Swift prints them).
func scalarsParse(_ config: OutputScalarConfig, flags: Set<String> = [], _ lines: [String]) -> [String] {
    var p = OutputScalarParser(config: config, flagNames: flags)
    return lines.flatMap { p.parse(line: $0).map { "\($0.key)=\($0.value)@\($0.step)" } }
}

// Expected values come from Guild's (current source) summary.OutputScalars logic run under Python.
@Suite struct ScalarsOutputParserTests {
    @Test func defaultsWithImplicitSteps() {
        #expect(
            scalarsParse(.defaults, ["loss: 0.1", "acc: 0.9", "loss: 0.2", "acc: 0.8", "hello world", "loss:0.3"])
                == ["loss=0.1@0", "acc=0.9@0", "loss=0.2@1", "acc=0.8@1"])
        #expect(
            scalarsParse(.defaults, ["x: 1", "y: 2", "x: 3", "y: 4", "z: 5", "x: 6"])
                == ["x=1.0@0", "y=2.0@0", "x=3.0@1", "y=4.0@1", "z=5.0@1", "x=6.0@2"])
    }

    @Test func explicitSteps() {
        #expect(
            scalarsParse(
                .defaults,
                [
                    "loss: 0.1 (step 5)", "acc: 0.5", "loss: 0.2 (7)", "x: 1 (foo)",
                    "epoch 3 val: 2.5 (step 9)", "val: 1",
                ])
                == ["loss=0.1@5", "acc=0.5@5", "loss=0.2@7", "x=1.0@7", "val=1.0@9"])
        #expect(scalarsParse(.defaults, ["a: 1", "step: 10", "a: 2", "b: 3"]) == ["a=1.0@0", "a=2.0@10", "b=3.0@10"])
        #expect(
            scalarsParse(
                .patterns([.regex(#"iter (?P<step>\d+): loss (?P<loss>\value)"#)]),
                ["iter 3: loss 0.5", "iter 4: loss 0.25"]) == ["loss=0.5@3", "loss=0.25@4"])
    }

    @Test func flagNamesIgnoredOnlyWithDefaults() {
        #expect(
            scalarsParse(.defaults, flags: ["lr"], ["lr: 0.1", "loss: 1", "lr: 0.2", "loss: 2"])
                == ["loss=1.0@0", "loss=2.0@1"])
        #expect(scalarsParse(.patterns([.regex(#"(\key): (\value)"#)]), flags: ["lr"], ["lr: 0.1"]) == ["lr=0.1@0"])
    }

    @Test func valueForms() {
        let lines = [
            "a: 1e-3", "b: -2.5", "c: nan", "d: +inf", "e: -INF", "f: 1.", "g: .5", "h: 3E+2", "i: 1.2.3",
            "j: abc", "k: NaN  ", "l:  -0", "m: e5",
        ]
        #expect(
            scalarsParse(.defaults, lines) == [
                "a=0.001@0", "b=-2.5@0", "c=nan@0", "d=inf@0", "e=-inf@0",
                "f=1.0@0", "g=0.5@0", "h=300.0@0", "k=nan@0", "l=-0.0@0",
            ])
    }

    @Test func namedGroupsAndKeyVal() {
        #expect(
            scalarsParse(
                .patterns([.regex(#"epoch (?P<epoch>\d+) loss=(?P<loss>\value) acc=(?P<acc>\value)"#)]),
                ["epoch 1 loss=0.5 acc=0.7", "epoch 2 loss=0.4 acc=x"])
                == ["acc=0.7@0", "epoch=1.0@0", "loss=0.5@0", "epoch=2.0@1", "loss=0.4@1"])
        #expect(
            scalarsParse(.patterns([.regex(#"(?P<_key>\key)=(?P<_val>\value)"#)]), ["a=1 b=2 c=x", "a=3"])
                == ["a=1.0@0", "b=2.0@0", "a=3.0@1"])
        #expect(scalarsParse(.patterns([.regex(#"(\key)=(\value)"#)]), ["a=1 b=2 a=3"]) == ["a=3.0@0", "b=2.0@0"])
        #expect(scalarsParse(.patterns([.regex(#"(a)(b)(\d)"#)]), ["ab1"]).isEmpty)
    }

    @Test func keyedMapping() {
        let config = OutputScalarConfig.patterns([
            .keyed(["val_loss": #"val_loss=(\value)"#, "acc": #"accuracy (\value)"#])
        ])
        #expect(
            scalarsParse(config, ["val_loss=0.25 accuracy 0.5", "accuracy 0.75"])
                == ["acc=0.5@0", "val_loss=0.25@0", "acc=0.75@1"])
    }

    @Test func pythonRegexSyntax() {
        // Keyless single-group values are not logged but still move the implicit step (Python: key None).
        let config = OutputScalarConfig.patterns([
            .regex(#"(?P<k>[a-z]+)\{(?P<v>\d+)\} (?P=k)"#), .regex(#"z{2}:(\value)"#), .regex(#"q{,2}=(\d)"#),
            .regex(#"w[[]+(\d)"#), .regex(#"n(?P<n>\d)\Z"#),
        ])
        var p = OutputScalarParser(config: config, flagNames: [])
        #expect(p.invalidPatterns.isEmpty)
        #expect(p.parse(line: "abc{12} abc").map(\.key) == ["v"])
        #expect(p.parse(line: "zz:4").isEmpty)
        #expect(p.parse(line: "zz:5").isEmpty)
        let rest = ["n5", "n6 ", "n7x"].flatMap { p.parse(line: $0).map { "\($0.key)=\($0.value)@\($0.step)" } }
        #expect(rest == ["n=5.0@1", "n=6.0@2"])
        let bad = OutputScalarParser(
            config: .patterns([.regex("(unclosed"), .regex(#"(\key): (\value)"#)]), flagNames: [])
        #expect(bad.invalidPatterns.count == 1)
        #expect(bad.isEnabled)
    }

    @Test func patternsFromYAML() {
        #expect(OutputScalarPattern(yaml: .string("a")) == .regex("a"))
        #expect(OutputScalarPattern(yaml: .map(["k": .string("r"), "n": .int(1)])) == .keyed(["k": "r"]))
        #expect(OutputScalarPattern(yaml: .int(1)) == nil)
    }

    @Test func disabled() {
        #expect(!OutputScalarParser(config: .disabled).isEnabled)
        #expect(scalarsParse(.disabled, ["loss: 1"]).isEmpty)
        #expect(scalarsParse(.patterns([]), ["loss: 1"]).isEmpty)
    }

    @Test func capturedKeys() {
        var p = OutputScalarParser(config: .defaults, flagNames: ["lr"])
        let r = p.parseWithKeys(line: "lr: 0.1 (step 2)")
        #expect(r.scalars.isEmpty)
        #expect(r.capturedKeys == ["lr", "step"])
    }

    @Test func aliasesAndPythonFloat() {
        #expect(
            OutputScalarParser.expandAliases(#"\key=\value@\step"#)
                == #"[_a-zA-Z]\S*="# + OutputScalarParser.valuePattern + "@[0-9]+")
        let f = OutputScalarParser.pythonFloat
        #expect(f(" 1_000.5 ") == 1000.5)
        #expect(f("1__0") == nil)
        #expect(f("_1") == nil)
        #expect(f("0x10") == nil)
        #expect(f("Infinity") == .infinity)
        #expect(f("-iNF") == -.infinity)
        #expect(f("1e500") == .infinity)
        #expect(f("") == nil)
        #expect(f(".") == nil)
        #expect(f("1e") == nil)
        #expect(f("+.5e-1") == 0.05)
    }
}

@Suite struct ScalarsLineSplitterTests {
    @Test func splitsAcrossChunks() {
        var s = OutputLineSplitter()
        #expect(s.feed(Array("loss: 0".utf8)).isEmpty)
        #expect(s.hasPartialLine)
        #expect(s.feed(Array(".5\nacc: 1\r\nx".utf8)) == ["loss: 0.5", "acc: 1\r"])
        #expect(s.feed([0x01, 0x02, 10, 10]) == ["x", ""])
        #expect(s.finish() == nil)
        #expect(s.feed(Array("tail".utf8) + [0x00]).isEmpty)
        #expect(s.finish() == "tail")
        #expect(s.feed([0x03]).isEmpty)
        #expect(s.finish() == nil)
    }

    @Test func tabsKeptAndInvalidUTF8Dropped() {
        var s = OutputLineSplitter()
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        // The euro sign split across chunks; 0xFF and a truncated sequence are dropped.
        #expect(s.feed([0x61, 0x09] + euro.prefix(2)).isEmpty)
        #expect(s.feed(euro.suffix(1) + [0xFF, 0xE2, 0x82, 0x62, 10]) == ["a\t€b"])
    }
}
