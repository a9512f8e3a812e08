import Foundation
import Testing
@testable import GuildKit

struct RunFilterUnitTests {
    private struct Values: FilterRunValues {
        var attrs: [String: YAMLValue] = [:]
        var flags: [String: YAMLValue] = [:]
        var scalars: [String: YAMLValue] = [:]
        func attribute(_ name: String) -> YAMLValue? { attrs[name] }
        func flag(_ name: String) -> YAMLValue? { flags[name] }
        func scalar(_ key: String) -> YAMLValue? { scalars[key] }
    }

    private let run = Values(
        attrs: ["status": .string("completed"), "label": .string("Best lr=0.1")],
        flags: ["lr": .float(0.1), "batch-size": .int(100), "label": .string("flag label"), "opt": .string("adam")],
        scalars: ["loss": .float(0.25), "val#acc": .float(0.9)])

    private func passes(_ text: String) throws -> Bool { try FilterExpression(parsing: text).matches(run) }

    @Test("expressions evaluate as Guild's Python does")
    func evaluation() throws {
        #expect(try passes("lr = 0.1 and loss < 0.3"))
        #expect(try passes("batch-size = 100.0"))
        #expect(try !passes("batch-size = '100'"))
        #expect(try passes("batch-size in [100,200]") && !passes("batch-size not in [100,200]"))
        #expect(try passes("label contains best") && passes("flag:label = 'flag label'"))
        #expect(try passes("opt = adam") && !passes("opt < 1") && !passes("opt > 1"))
        #expect(try passes("missing is undefined") && passes("lr is not undefined"))
        #expect(try passes("val#acc >= 0.9") && passes("scalar:loss <= 0.25"))
        #expect(try passes("not (lr > 1 or loss > 1)"))
        #expect(try passes("status in [error,completed]"))
        #expect(try passes("NOT lr = 1 AND loss = 0.25"))
    }

    @Test("and and or share a precedence and group to the right")
    func grouping() throws {
        // `lr = 1 and loss = 1 or status = completed` is `lr = 1 and (loss = 1 or ...)`: false.
        #expect(try !passes("lr = 1 and loss = 1 or status = completed"))
        #expect(try passes("status = completed or lr = 1 and loss = 1"))
        #expect(
            try FilterExpression(parsing: "a = 1 or b = 2 and c = 3")
                == .or(
                    .test(reference: "a", .equal, .value(.int(1))),
                    .and(.test(reference: "b", .equal, .value(.int(2))), .test(reference: "c", .equal, .value(.int(3))))
                ))
    }

    @Test("syntax errors name the position and token")
    func syntaxErrors() {
        for (text, message) in [
            ("lr >", "syntax error in filter - unexpected end of expresion"),
            ("lr in 1", "syntax error in filter at position 6: unexpected token 1"),
            ("(lr = 1", "syntax error in filter - unexpected end of expresion"),
            ("lr = 1 )", "syntax error in filter at position 7: unexpected token ')'"),
            ("lr ~ 1", "syntax error in filter at position 3: unexpected character '~'"),
        ] {
            #expect(throws: GuildError(message), "\(text)") { try FilterExpression(parsing: text) }
        }
    }

    @Test("time ranges as Guild's timerange module reads them")
    func startedRanges() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18 (a Wednesday) 11:06:40 UTC
        func range(_ spec: String) throws -> (String?, String?) {
            let r = try StartedRange(parsing: spec, now: now, calendar: calendar)
            let f = ISO8601DateFormatter()
            f.timeZone = calendar.timeZone
            return (r.start.map(f.string), r.end.map(f.string))
        }
        #expect(try range("today") == ("2026-11-18T00:00:00Z", "2026-11-19T00:00:00Z"))
        #expect(try range("yesterday") == ("2026-11-17T00:00:00Z", "2026-11-18T00:00:00Z"))
        #expect(try range("last 30 min") == ("2026-11-18T10:36:40Z", nil))
        #expect(try range("last hr") == ("2026-11-18T10:06:40Z", nil))
        #expect(try range("this week") == ("2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z"))
        #expect(try range("2 weeks ago") == ("2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z"))
        #expect(try range("1 month ago") == ("2026-10-01T00:00:00Z", "2026-10-31T00:00:00Z"))
        #expect(try range("this year") == ("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"))
        #expect(try range("after 7-1") == ("2026-07-01T00:00:00Z", nil))
        #expect(try range("before 25-12-31 10:00") == (nil, "2025-12-31T10:00:00Z"))
        #expect(try range("9:00") == ("2026-11-18T09:00:00Z", "2026-11-18T09:01:00Z"))
        #expect(try range("2026-11-01") == ("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))
        #expect(try range("between 10:00 and 15:00") == ("2026-11-18T10:00:00Z", "2026-11-18T15:00:00Z"))
        #expect(try range("between 15:00 and 10:00") == ("2026-11-18T10:00:00Z", "2026-11-18T15:00:00Z"))
        #expect(try range("after yesterday") == ("2026-11-18T00:00:00Z", nil))
        #expect(throws: GuildError("invalid RANGE: unexpected 'week' at pos 5")) {
            try StartedRange(parsing: "last week", now: now, calendar: calendar)
        }
        #expect(throws: GuildError("invalid RANGE: spec cannot be empty")) {
            try StartedRange(parsing: " ", now: now, calendar: calendar)
        }
        let today = try StartedRange(parsing: "today", now: now, calendar: calendar)
        #expect(today.contains(started: 1_795_000_000 * 1_000_000))
        #expect(!today.contains(started: (1_795_000_000 - 86_400) * 1_000_000))
    }

    @Test("operation references match as Guild's opspec match does")
    func operations() {
        #expect(OperationMatch.matches("train", operation: "train"))
        #expect(OperationMatch.matches("train", operation: "mnist:train"))
        #expect(!OperationMatch.matches("train", operation: "train+"))
        #expect(OperationMatch.matches("mnist:", operation: "mnist:train"))
        #expect(OperationMatch.matches("mnist:*", operation: "mnist:train"))
        #expect(!OperationMatch.matches("other:train", operation: "mnist:train"))
        #expect(OperationMatch.matches("tr*", operation: "train"))
        #expect(OperationMatch.matches("^tr", operation: "train+"))
        #expect(OperationMatch.matches(#"\+$"#, operation: "train+"))
        #expect(!OperationMatch.matches("+$", operation: "train+")) // not a regular expression
        #expect(OperationMatch.matches("dvc.yaml:prepare", operation: "dvc.yaml:prepare"))
        #expect(OperationMatch.matches("pkg/", operation: "pkg/model:train"))
    }
}
