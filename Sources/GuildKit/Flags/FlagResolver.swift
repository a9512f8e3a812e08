/// Computes a run's flag values from the op's flag definitions and `NAME=VAL` arguments
/// (reference 3.4 and 4.1).
public struct FlagResolver {
    public var flagDefs: [FlagDef]
    public var forceFlags = false
    /// The op's full name, for the hint after an unsupported flag.
    public var operationName: String

    public init(flagDefs: [FlagDef], operationName: String, forceFlags: Bool = false) {
        self.flagDefs = flagDefs
        self.operationName = operationName
        self.forceFlags = forceFlags
    }

    /// Decodes `NAME=VAL` arguments into values keyed by the flags' real names.
    /// - Throws: `GuildError` for an argument without `=` or an unsupported flag.
    public func decodeUserFlags(_ args: [String]) throws -> [String: YAMLValue] {
        var bad: [String] = []
        var user: [String: YAMLValue] = [:]
        for arg in args {
            guard let eq = arg.firstIndex(of: "=") else {
                bad.append(arg)
                continue
            }
            let name = String(arg[..<eq])
            let text = String(arg[arg.index(after: eq)...])
            let def = flagDef(named: name)
            if def == nil && !forceFlags {
                throw GuildError(
                    "unsupported flag '\(name)'\nTry 'guild run \(operationName) --help-op' for a list of flags "
                        + "or use --force-flags to skip this check.")
            }
            user[def?.name ?? name] = FlagValueDecoder.decode(text, type: def?.type)
        }
        if !bad.isEmpty {
            let names = bad.map { "'\($0)'" }.joined(separator: ", ")
            throw GuildError("invalid argument\(bad.count > 1 ? "s" : "") \(names) - expected NAME=VAL")
        }
        return user
    }

    /// The final flag values: user values (with choice aliases applied), then choice-implied
    /// flags, then defaults; coerced to their types and checked.
    /// - Throws: `GuildError` naming the flag and value at fault.
    public func resolve(userFlags: [String: YAMLValue]) throws -> [String: YAMLValue] {
        var flags: [String: YAMLValue] = [:]
        for (name, value) in userFlags {
            flags[name] = applyChoiceAlias(value, flagDef(named: name))
        }
        for def in flagDefs {
            guard let value = flags[def.name],
                let choice = def.choices.first(where: { $0.value == value })
            else { continue }
            for (other, v) in choice.flags where userFlags[other] == nil { flags[other] = v }
        }
        for def in flagDefs where flags[def.name] == nil {
            // A default may name a choice by its alias, as a user value can.
            flags[def.name] = applyChoiceAlias(def.defaultValue, def)
        }
        for def in flagDefs {
            guard let type = def.type, let value = flags[def.name], !value.isNull else { continue }
            do {
                flags[def.name] = try Self.coerce(value, to: type, def: def)
            } catch let error as FlagValueError {
                throw GuildError(error.description)
            }
        }
        if !forceFlags { try check(flags) }
        return flags
    }

    /// Guild's `coerce_flag_value`: list items one by one, and each part of a split value
    /// (joined again after).
    private static func coerce(_ value: YAMLValue, to type: FlagType, def: FlagDef) throws -> YAMLValue {
        if type == .auto || value.isNull || FlagValueDecoder.isFlagFunction(value) { return value }
        if case .list(let items) = value {
            return .list(try items.map { try coerce($0, to: type, def: def) })
        }
        guard FlagSplitting.splits(def.argSplit), let spec = def.argSplit, !value.isNull else {
            return try FlagValueDecoder.coerce(value, to: type, flagName: def.name)
        }
        let text = value.stringValue ?? value.flowEncoded()
        let parts = try FlagSplitting.split(text, spec: spec).map {
            try FlagValueDecoder.coerce(.string($0), to: type, flagName: def.name)
        }
        return .string(FlagSplitting.join(parts, spec: spec))
    }

    private func flagDef(named name: String) -> FlagDef? {
        flagDefs.first { $0.name == name } ?? flagDefs.first { $0.alias == name }
    }

    private func applyChoiceAlias(_ value: YAMLValue, _ def: FlagDef?) -> YAMLValue {
        guard let def else { return value }
        if let choice = def.choices.first(where: {
            $0.alias == value || ($0.alias?.stringValue != nil && $0.alias?.stringValue == value.flowEncoded())
        }) {
            return choice.value
        }
        return value
    }

    private func check(_ flags: [String: YAMLValue]) throws {
        for def in flagDefs {
            // A list starts a batch: each of its values is checked, as Guild AI does.
            for value in flags[def.name]?.listValue ?? [flags[def.name] ?? .null] {
                try check(value, against: def)
            }
        }
    }

    private func check(_ value: YAMLValue, against def: FlagDef) throws {
        if def.required && (value.isNull || value == .string("")) {
            throw GuildError("missing required flag '\(def.name)' - run the command again with \(def.name)=VALUE")
        }
        if !def.choices.isEmpty && !def.allowOther && !value.isNull
            && !def.choices.contains(where: { $0.value == value || numericEqual($0.value, value) })
        {
            let supported = def.choices.map { $0.value.flowEncoded() }.joined(separator: ", ")
            throw GuildError(
                "unsupported value \(value.flowEncoded()) for flag '\(def.name)' - supported values are: \(supported)"
            )
        }
        if let n = value.doubleValue {
            if let min = def.min?.doubleValue, n < min {
                throw GuildError(
                    "invalid value \(value.flowEncoded()) for \(def.name): out of range (less than min \(def.min!.flowEncoded()))"
                )
            }
            if let max = def.max?.doubleValue, n > max {
                throw GuildError(
                    "invalid value \(value.flowEncoded()) for \(def.name): out of range (greater than max \(def.max!.flowEncoded()))"
                )
            }
        }
    }

    private func numericEqual(_ a: YAMLValue, _ b: YAMLValue) -> Bool {
        guard let x = a.doubleValue, let y = b.doubleValue else { return false }
        return x == y
    }
}
