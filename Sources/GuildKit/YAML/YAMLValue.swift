/// A value as Guild AI stores it in attrs, flags and config files: the data model of
/// YAML `safe_load`/`safe_dump` (Python's None, bool, int, float, str, list and dict).
public enum YAMLValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([YAMLValue])
    /// Mapping keys are strings, as in every attr Guild writes; encoders sort them.
    case map([String: YAMLValue])
}

extension YAMLValue {
    /// The string payload, or nil for any other case.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The bool payload, or nil for any other case.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The int payload, or nil for any other case.
    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The number as a Double for int and float values, or nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    /// The mapping payload, or nil for any other case.
    public var mapValue: [String: YAMLValue]? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The list payload, or nil for any other case.
    public var listValue: [YAMLValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Python's truth value: false for None, False, 0, and empty text, lists and mappings.
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .map(let m): return !m.isEmpty
        }
    }
}
