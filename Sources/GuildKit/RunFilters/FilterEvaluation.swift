/// What a filter expression reads of a run: attrs (with Guild's computed names: `operation`,
/// `status`, `started`, ...), flags, and the last value of a scalar.
public protocol FilterRunValues {
    func attribute(_ name: String) -> YAMLValue?
    func flag(_ name: String) -> YAMLValue?
    /// The last value of the scalar `tag` or `prefix#tag`.
    func scalar(_ key: String) -> YAMLValue?
}

extension FilterExpression {
    /// Whether `run` passes, with the semantics of Guild's Python: comparisons of values of
    /// different kinds are false (equality: unequal), `is undefined` tests for no value.
    public func matches(_ run: any FilterRunValues) -> Bool {
        switch self {
        case .term(let term): return term.value.isTruthy
        case .and(let a, let b): return a.matches(run) && b.matches(run)
        case .or(let a, let b): return a.matches(run) || b.matches(run)
        case .not(let e): return !e.matches(run)
        case .test(let reference, let comparison, let term):
            return Self.test(Self.value(of: reference, in: run), comparison, term.value)
        }
    }

    /// attr, then flag, then scalar, unless the reference names one (`attr:x`, `flag:x`,
    /// `scalar:x`).
    static func value(of reference: String, in run: any FilterRunValues) -> YAMLValue {
        for (prefix, read) in [("attr:", run.attribute), ("flag:", run.flag), ("scalar:", run.scalar)]
        where reference.hasPrefix(prefix) {
            return read(String(reference.dropFirst(prefix.count))) ?? .null
        }
        return run.attribute(reference) ?? run.flag(reference) ?? run.scalar(reference) ?? .null
    }

    static func test(_ value: YAMLValue, _ comparison: FilterComparison, _ target: YAMLValue) -> Bool {
        switch comparison {
        case .equal: return pyEqual(value, target)
        case .notEqual: return !pyEqual(value, target)
        case .less: return pyOrder(value, target).map { $0 < 0 } ?? false
        case .lessOrEqual: return pyOrder(value, target).map { $0 <= 0 } ?? false
        case .greater: return pyOrder(value, target).map { $0 > 0 } ?? false
        case .greaterOrEqual: return pyOrder(value, target).map { $0 >= 0 } ?? false
        case .isIn, .notIn:
            let candidates = target.listValue ?? [target]
            return candidates.contains { pyEqual(value, $0) } == (comparison == .isIn)
        case .contains, .notContains:
            let found: Bool
            if !value.isTruthy {
                found = false
            } else if let list = value.listValue {
                found = list.contains { pyEqual($0, target) }
            } else {
                found = pyStr(value).lowercased().contains(pyStr(target).lowercased())
            }
            return found == (comparison == .contains)
        }
    }

    /// Python `==`: numbers (and bools, as 0/1) by value, lists item by item.
    static func pyEqual(_ a: YAMLValue, _ b: YAMLValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        switch (a, b) {
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(pyEqual)
        default: return a == b && number(a) == nil
        }
    }

    /// Python's ordering of numbers and of strings; nil where Python raises TypeError.
    static func pyOrder(_ a: YAMLValue, _ b: YAMLValue) -> Int? {
        if let x = number(a), let y = number(b) { return x < y ? -1 : x > y ? 1 : 0 }
        if case .string(let x) = a, case .string(let y) = b {
            return pyLess(x, y) ? -1 : pyLess(y, x) ? 1 : 0
        }
        return nil
    }

    private static func number(_ v: YAMLValue) -> Double? {
        switch v {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

}

extension FilterTerm {
    var value: YAMLValue {
        switch self {
        case .value(let v): return v
        case .list(let items): return .list(items.map(\.value))
        }
    }
}
