import Foundation

/// A `-Fs/--started RANGE` (`last 30 min`, `today`, `after 7-1`, `between 10:00 and 15:00`,
/// `3 weeks ago`), with the grammar and meanings of Guild AI's `timerange` module, in local time.
public struct StartedRange: Sendable, Equatable {
    /// Inclusive start and exclusive end; nil for open.
    public var start: Date?
    public var end: Date?

    public init(start: Date?, end: Date?) {
        self.start = start
        self.end = end
    }

    /// Whether a run started at `started` (µs since the epoch, whole seconds compared) is in the range.
    public func contains(started: Int) -> Bool {
        let date = Date(timeIntervalSince1970: TimeInterval(started / 1_000_000))
        if let start, date < start { return false }
        if let end, date >= end { return false }
        return true
    }

    /// Parses `spec` relative to `now`.
    /// - Throws: `GuildError` (`invalid RANGE: unexpected 'x' at pos 3`).
    public init(parsing spec: String, now: Date = Date(), calendar: Calendar = .current) throws {
        var parser = RangeParser(tokens: try RangeToken.tokens(spec), now: now, calendar: calendar)
        let range = try parser.spec()
        if let extra = parser.peek { throw parser.unexpected(extra) }
        self = range
    }
}

struct RangeToken {
    enum Kind: Equatable {
        case today, yesterday, this, last, ago, before, after, between, and
        case date(year: Int?, century: Bool, month: Int, day: Int)
        case time(hour: Int, minute: Int, second: Int?)
        case number(Int)
        case unit(Calendar.Component)
    }
    var kind: Kind
    var text: String
    var position: Int

    private static let patterns: [(String, @Sendable ([Int]) -> Kind?)] = [
        (#"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"#, { .date(year: $0[0], century: false, month: $0[1], day: $0[2]) }),
        (#"^([0-9]{2})-([0-9]{1,2})-([0-9]{1,2})"#, { .date(year: $0[0], century: true, month: $0[1], day: $0[2]) }),
        (#"^([0-9]{1,2})-([0-9]{1,2})"#, { .date(year: nil, century: false, month: $0[0], day: $0[1]) }),
        (#"^([0-9]{1,2}):([0-9]{2}):([0-9]{2})"#, { .time(hour: $0[0], minute: $0[1], second: $0[2]) }),
        (#"^([0-9]{1,2}):([0-9]{2})"#, { .time(hour: $0[0], minute: $0[1], second: nil) }),
        (#"^(?i)days?"#, { _ in .unit(.day) }), (#"^(?i)weeks?"#, { _ in .unit(.weekOfYear) }),
        (#"^(?i)months?"#, { _ in .unit(.month) }), (#"^(?i)years?"#, { _ in .unit(.year) }),
        (#"^([0-9]+)"#, { .number($0[0]) }), (#"^(?i)(hours?|hr)"#, { _ in .unit(.hour) }),
        (#"^(?i)(minutes?|min)"#, { _ in .unit(.minute) }),
    ]

    private static let reserved: [String: Kind] = [
        "today": .today, "yesterday": .yesterday, "this": .this, "last": .last, "ago": .ago, "before": .before,
        "after": .after, "between": .between, "and": .and,
    ]

    static func tokens(_ spec: String) throws -> [RangeToken] {
        var tokens: [RangeToken] = []
        var rest = Substring(spec)
        var position = 0
        while let c = rest.first {
            if c == " " || c == "\t" || c == "\n" {
                rest = rest.dropFirst()
                position += 1
                continue
            }
            var matched = false
            for (pattern, make) in patterns {
                guard let match = rest.range(of: pattern, options: .regularExpression) else { continue }
                let text = String(rest[match])
                let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                guard let kind = make(numbers) else { continue }
                tokens.append(RangeToken(kind: kind, text: text, position: position))
                rest = rest[match.upperBound...]
                position += text.count
                matched = true
                break
            }
            if matched { continue }
            let word = rest.prefix { $0.isASCII && $0.isLetter }
            guard !word.isEmpty, let kind = reserved[word.lowercased()] else {
                let shown = word.isEmpty ? String(c) : String(word)
                throw GuildError("invalid RANGE: unexpected '\(shown)' at position \(position)")
            }
            tokens.append(RangeToken(kind: kind, text: String(word), position: position))
            rest = rest.dropFirst(word.count)
            position += word.count
        }
        return tokens
    }
}

/// Recursive descent over Guild's time-range grammar.
private struct RangeParser {
    let tokens: [RangeToken]
    let now: Date
    let calendar: Calendar
    var index = 0

    var peek: RangeToken? { index < tokens.count ? tokens[index] : nil }

    func unexpected(_ token: RangeToken) -> GuildError {
        GuildError("invalid RANGE: unexpected '\(token.text)' at pos \(token.position)")
    }

    private func empty() -> GuildError { GuildError("invalid RANGE: spec cannot be empty") }

    private mutating func next() throws -> RangeToken {
        guard let token = peek else { throw empty() }
        index += 1
        return token
    }

    mutating func spec() throws -> StartedRange {
        guard let first = peek else { throw empty() }
        switch first.kind {
        case .last:
            index += 1
            var count = 1
            if case .number(let n)? = peek?.kind {
                count = n
                index += 1
            }
            let unit = try next()
            guard case .unit(let component) = unit.kind, [.minute, .hour, .day].contains(component) else {
                throw unexpected(unit)
            }
            return StartedRange(start: calendar.date(byAdding: component, value: -count, to: now), end: nil)
        case .between:
            index += 1
            let a = try range()
            let and = try next()
            guard and.kind == .and else { throw unexpected(and) }
            let b = try range()
            // As Guild does: the range starting first gives the start, the other the end.
            if let s1 = a.start, let s2 = b.start, s1 < s2 { return StartedRange(start: s1, end: b.end) }
            return StartedRange(start: b.start, end: a.end)
        case .date, .time:
            let (date, precision) = try datetime()
            return unitRange(precision, containing: date, shift: 0)
        default:
            return try range()
        }
    }

    /// `unit-range | operator-range | datetime` (a datetime is the range of that instant).
    private mutating func range() throws -> StartedRange {
        guard let first = peek else { throw empty() }
        switch first.kind {
        case .before, .after:
            index += 1
            let isBefore = first.kind == .before
            if case .date? = peek?.kind {
                let date = try datetime().date
                return isBefore ? StartedRange(start: nil, end: date) : StartedRange(start: date, end: nil)
            }
            if case .time? = peek?.kind {
                let date = try datetime().date
                return isBefore ? StartedRange(start: nil, end: date) : StartedRange(start: date, end: nil)
            }
            let unit = try unitRange()
            return isBefore ? StartedRange(start: nil, end: unit.start) : StartedRange(start: unit.end, end: nil)
        case .date, .time:
            let date = try datetime().date
            return StartedRange(start: date, end: date)
        default:
            return try unitRange()
        }
    }

    /// `today | yesterday | this UNIT | N UNIT ago`.
    private mutating func unitRange() throws -> StartedRange {
        let token = try next()
        switch token.kind {
        case .today: return unitRange(.day, containing: now, shift: 0)
        case .yesterday: return unitRange(.day, containing: now, shift: -1)
        case .this:
            let unit = try next()
            guard case .unit(let component) = unit.kind else { throw unexpected(unit) }
            return unitRange(component, containing: now, shift: 0)
        case .number(let n):
            let unit = try next()
            guard case .unit(let component) = unit.kind else { throw unexpected(unit) }
            let ago = try next()
            guard ago.kind == .ago else { throw unexpected(ago) }
            return unitRange(component, containing: now, shift: -n)
        default: throw unexpected(token)
        }
    }

    /// `date | time | date time`, and the unit an explicit datetime covers (day, minute, second).
    private mutating func datetime() throws -> (date: Date, precision: Calendar.Component) {
        var parts = calendar.dateComponents([.year, .month, .day], from: now)
        var precision = Calendar.Component.day
        var sawDate = false
        if case .date(let year, let century, let month, let day)? = peek?.kind {
            index += 1
            sawDate = true
            if let year { parts.year = century ? parts.year! / 100 * 100 + year : year }
            parts.month = month
            parts.day = day
        }
        if case .time(let hour, let minute, let second)? = peek?.kind {
            index += 1
            (parts.hour, parts.minute, parts.second) = (hour, minute, second ?? 0)
            precision = second == nil ? .minute : .second
        } else if !sawDate {
            throw peek.map(unexpected) ?? empty()
        }
        guard let month = parts.month, let day = parts.day, (1...12).contains(month), (1...31).contains(day),
            (parts.hour ?? 0) < 24, (parts.minute ?? 0) < 60, (parts.second ?? 0) < 60,
            let date = calendar.date(from: parts), calendar.component(.day, from: date) == day
        else { throw GuildError("invalid RANGE: day is out of range for month") }
        return (date, precision)
    }

    /// The minute, hour, day, week (from Monday), month or year holding `date`, shifted by
    /// `shift` units. A month ends at the start of its last day, as in Guild AI 0.9.0.
    private func unitRange(_ unit: Calendar.Component, containing date: Date, shift: Int) -> StartedRange {
        var start: Date
        switch unit {
        case .second, .minute, .hour:
            let kept: Set<Calendar.Component> =
                unit == .second
                ? [.year, .month, .day, .hour, .minute, .second]
                : unit == .minute ? [.year, .month, .day, .hour, .minute] : [.year, .month, .day, .hour]
            start = calendar.date(from: calendar.dateComponents(kept, from: date))!
        case .weekOfYear:
            let day = calendar.startOfDay(for: date)
            let weekday = (calendar.component(.weekday, from: day) + 5) % 7 // Monday 0
            start = calendar.date(byAdding: .day, value: -weekday, to: day)!
        case .month:
            start = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
            start = calendar.date(byAdding: .month, value: shift, to: start)!
            let next = calendar.date(byAdding: .month, value: 1, to: start)!
            return StartedRange(start: start, end: calendar.date(byAdding: .day, value: -1, to: next))
        case .year:
            start = calendar.date(from: calendar.dateComponents([.year], from: date))!
        default:
            start = calendar.startOfDay(for: date)
        }
        let step: Calendar.Component = unit == .weekOfYear ? .day : unit
        let size = unit == .weekOfYear ? 7 : 1
        start = calendar.date(byAdding: step, value: shift * size, to: start)!
        return StartedRange(start: start, end: calendar.date(byAdding: step, value: size, to: start))
    }
}
