/// One flag of an operation, as declared under `flags:` in guild.yml (reference 3.4).
public struct FlagDef: Sendable, Equatable {
    public var name: String
    public var defaultValue: YAMLValue = .null
    public var description: String = ""
    public var type: FlagType?
    public var required = false
    public var choices: [FlagChoice] = []
    public var allowOther = false
    public var argName: String?
    public var argSkip: Bool?
    public var argSwitch: YAMLValue?
    public var argSplit: YAMLValue?
    public var envName: String?
    /// Value (as YAML text) to argument text, for the flag's command-line argument.
    public var argEncoding: [String: YAMLValue]?
    /// Value (as YAML text) to text, for the flag's environment variable.
    public var envEncoding: [String: YAMLValue]?
    public var nullLabel: String?
    public var alias: String?
    public var min: YAMLValue?
    public var max: YAMLValue?
    public var distribution: String?
    /// Keys Guild does not know, kept for the `flags-extra` part of the `op` attr.
    public var extra: [String: YAMLValue] = [:]

    public init(name: String) { self.name = name }
}

/// One allowed value of a flag.
public struct FlagChoice: Sendable, Equatable {
    public var value: YAMLValue
    public var description: String = ""
    public var alias: YAMLValue?
    public var flags: [String: YAMLValue] = [:]
}
