/// A JSON value whose objects keep their members' order, printed as Python's `json.dumps`
/// prints it: the order given (Python dicts keep insertion order), or with `pretty` two-space
/// indents and sorted keys (`indent=2, sort_keys=True`, what `guild api -f` prints).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// An object from `(key, value)` pairs, in their order.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    /// A YAML value as JSON; mappings with sorted keys (their file order is not kept).
    public init(_ yaml: YAMLValue) {
        switch yaml {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .float(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .list(let items): self = .array(items.map(JSONValue.init))
        case .map(let m): self = .object(m.keys.sorted().map { Member($0, JSONValue(m[$0]!)) })
        }
    }

    /// The value for `key` of an object, else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public func encoded(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: "")
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: String) {
        switch self {
        case .null, .bool, .int, .float, .string:
            out += JSONText.encode(scalarYAML)
        case .array(let items):
            guard !items.isEmpty else { return out += "[]" }
            let inner = indent + "  "
            out += pretty ? "[\n" : "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += pretty ? ",\n" : ", " }
                if pretty { out += inner }
                item.write(to: &out, pretty: pretty, indent: inner)
            }
            out += pretty ? "\n\(indent)]" : "]"
        case .object(let members):
            guard !members.isEmpty else { return out += "{}" }
            let inner = indent + "  "
            let ordered = pretty ? members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } : members
            out += pretty ? "{\n" : "{"
            for (i, member) in ordered.enumerated() {
                if i > 0 { out += pretty ? ",\n" : ", " }
                if pretty { out += inner }
                out += JSONText.quote(member.key) + ": "
                member.value.write(to: &out, pretty: pretty, indent: inner)
            }
            out += pretty ? "\n\(indent)}" : "}"
        }
    }

    private var scalarYAML: YAMLValue {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        default: return .null
        }
    }
}
