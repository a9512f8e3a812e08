/// Turns the YAML of guild.yml into models, ops and flags; collects warnings as it goes.
final class GuildfileParser {
    /// What Guild AI warns about but accepts, e.g. an unknown flag type.
    private(set) var warnings: [String] = []
    private var resources = ResourceParser()
    private var includes = GuildfileIncludes()

    func parseModels(_ root: YAMLValue) throws -> [ModelDef] {
        switch root {
        case .null:
            return []
        case .map(let ops):
            var model = ModelDef(name: "")
            model.operations = try parseOperations(.map(ops))
            return [model]
        case .list(let items):
            includes.items = items.compactMap(\.mapValue)
            var models: [ModelDef] = []
            for item in items {
                guard let data = item.mapValue else {
                    throw GuildfileFormatError(message: "invalid item \(describe(item)): expected a mapping")
                }
                if data["config"] != nil || data["package"] != nil { continue }
                if data["model"] == nil && data["operations"] == nil {
                    throw GuildfileFormatError(
                        message: "invalid item \(describe(item)): expected one of model, config, package, include")
                }
                let model = try parseModel(data)
                if models.contains(where: { $0.name == model.name }) {
                    throw GuildfileFormatError(message: "duplicate model '\(model.name)'")
                }
                models.append(model)
            }
            return models
        default:
            throw GuildfileFormatError(
                message: "invalid guildfile data \(describe(root)): expected a mapping or a list")
        }
    }

    private func parseModel(_ item: [String: YAMLValue]) throws -> ModelDef {
        let data = try GuildfileExtends.extended(item, items: includes.items)
        var model = ModelDef(name: try string(data["model"], "model") ?? "")
        model.data = data
        model.description = try string(data["description"], "description") ?? ""
        model.isDefault = truthy(data["default"])
        var operations = data["operations"] ?? .map([:])
        if operations.mapValue?["$include"] != nil {
            operations = .map(try includes.resolve(operations, name: "operations"))
        }
        model.operations = try parseOperations(operations, defaults: data["operation-defaults"]?.mapValue ?? [:])
        if let sc = data["sourcecode"] { model.sourcecode = try parseSourceCode(sc) }
        if let res = data["resources"], !res.isNull {
            guard let map = res.mapValue else {
                throw GuildfileFormatError(message: "invalid resources value \(describe(res)): expected a mapping")
            }
            for name in map.keys.sorted() {
                model.resources[name] = try resources.resource(name: name, map[name]!)
            }
            warnings += resources.warnings
            resources = ResourceParser()
        }
        return model
    }

    /// - Parameter defaults: the model's `operation-defaults`, for what an op leaves unset.
    private func parseOperations(_ value: YAMLValue, defaults: [String: YAMLValue] = [:]) throws -> [OpDef] {
        guard let map = value.mapValue else {
            throw GuildfileFormatError(message: "invalid operations value \(describe(value)): expected a mapping")
        }
        return try map.keys.sorted().map { name in
            var op = map[name]!
            if !defaults.isEmpty {
                var data = op.mapValue ?? (op.stringValue.map { ["main": .string($0)] } ?? [:])
                for (key, value) in defaults where data[key] == nil { data[key] = value }
                op = .map(data)
            }
            return try parseOperation(name: name, op)
        }
    }

    private func parseOperation(name: String, _ value: YAMLValue) throws -> OpDef {
        var op = OpDef(name: name)
        let data: [String: YAMLValue]
        switch value {
        case .string(let main): data = ["main": .string(main)]
        case .map(let m): data = m
        case .null: data = [:]
        default:
            throw GuildfileFormatError(
                message: "invalid operation '\(name)' value \(describe(value)): expected a mapping")
        }
        op.data = data
        op.main = try command(data["main"], "main")
        op.exec = try command(data["exec"], "exec")
        if op.exec != nil && op.main != nil {
            warnings.append("operation '\(name)': 'exec' and 'main' both specified, ignoring 'main'")
            op.main = nil
        }
        op.description = try string(data["description"], "description") ?? ""
        op.isDefault = truthy(data["default"])
        op.flagsDest = try string(data["flags-dest"], "flags-dest")
        op.defaultFlagArgSkip = truthy(data["default-flag-arg-skip"])
        var flags = data["flags"] ?? .null
        if flags.mapValue?["$include"] != nil { flags = .map(try includes.resolve(flags, name: "flags")) }
        op.flags = try parseFlags(flags, argSkipDefault: op.defaultFlagArgSkip)
        op.flagsImport = try parseFlagsImport(data["flags-import"])
        op.flagsImportSkip = stringList(data["flags-import-skip"])
        if let sc = data["sourcecode"] { op.sourcecode = try parseSourceCode(sc) }
        if let scalars = data["output-scalars"] { op.outputScalars = scalars }
        if let attrs = data["run-attrs"] {
            guard let m = attrs.mapValue else {
                throw GuildfileFormatError(message: "invalid run-attrs value \(describe(attrs)): expected a mapping")
            }
            op.runAttrs = m
        }
        op.label = try string(data["label"], "label")
        op.tags = stringList(data["tags"])
        if let env = data["env"] {
            guard let m = env.mapValue else {
                throw GuildfileFormatError(message: "invalid env value \(describe(env)): expected a mapping")
            }
            op.env = m
        }
        if let steps = data["steps"], !steps.isNull, steps != .list([]) {
            guard case .list(let items) = steps else {
                throw GuildfileFormatError(message: "invalid steps data \(describe(steps)): expected a list")
            }
            op.steps = items.map(Self.stepData)
        }
        if let requires = data["requires"], !requires.isNull {
            op.dependencies = try (requires.listValue ?? [requires]).map { try resources.dependency($0) }
            warnings += resources.warnings
            resources = ResourceParser()
        }
        return op
    }

    /// A step as Guild AI keeps it: a map's `flags` mapping reduced to values (a flag written
    /// as a mapping gives its `default`). A list of `NAME=VAL` stays a list.
    private static func stepData(_ step: YAMLValue) -> YAMLValue {
        guard case .map(var data) = step, case .map(let flags)? = data["flags"] else { return step }
        data["flags"] = .map(flags.mapValues { $0.mapValue.map { $0["default"] ?? .null } ?? $0 })
        return .map(data)
    }

    private func parseFlags(_ value: YAMLValue, argSkipDefault: Bool) throws -> [FlagDef] {
        if value.isNull { return [] }
        guard let map = value.mapValue else {
            throw GuildfileFormatError(message: "invalid flags value \(describe(value)): expected a mapping")
        }
        return try map.keys.sorted().map { name in
            var flag = try parseFlag(name: name, map[name]!)
            if flag.argSkip == nil && argSkipDefault { flag.argSkip = true }
            return flag
        }
    }

    private static let knownFlagKeys: Set<String> = [
        "default", "description", "type", "required", "choices", "allow-other", "arg-name", "arg-skip",
        "arg-switch", "arg-split", "arg-encoding", "env-encoding", "env-name", "null-label", "alias", "min",
        "max", "distribution",
    ]

    func parseFlag(name: String, _ value: YAMLValue) throws -> FlagDef {
        var flag = FlagDef(name: name)
        guard case .map(let data) = value else {
            flag.defaultValue = value
            return flag
        }
        flag.defaultValue = data["default"] ?? .null
        flag.description = try string(data["description"], "description") ?? ""
        if let t = try string(data["type"], "type") {
            if let type = FlagType(rawValue: t) {
                flag.type = type
            } else {
                warnings.append("unknown flag type '\(t)' for flag '\(name)' - ignoring")
            }
        }
        flag.required = truthy(data["required"])
        flag.allowOther = truthy(data["allow-other"])
        flag.argName = try string(data["arg-name"], "arg-name")
        if let skip = data["arg-skip"] { flag.argSkip = truthy(skip) }
        flag.argSwitch = data["arg-switch"]
        flag.argSplit = data["arg-split"]
        flag.envName = try string(data["env-name"], "env-name")
        flag.argEncoding = data["arg-encoding"]?.mapValue
        flag.envEncoding = data["env-encoding"]?.mapValue
        flag.nullLabel = try string(data["null-label"], "null-label")
        flag.alias = try string(data["alias"], "alias")
        flag.min = data["min"]
        flag.max = data["max"]
        flag.distribution = try string(data["distribution"], "distribution")
        if let choices = data["choices"] {
            guard let list = choices.listValue else {
                throw GuildfileFormatError(
                    message: "invalid choices value \(describe(choices)) for flag '\(name)': expected a list")
            }
            flag.choices = list.map(parseChoice)
        }
        flag.extra = data.filter { !Self.knownFlagKeys.contains($0.key) }
        return flag
    }

    private func parseChoice(_ value: YAMLValue) -> FlagChoice {
        guard case .map(let data) = value, let v = data["value"] else {
            return FlagChoice(value: value)
        }
        return FlagChoice(
            value: v, description: data["description"]?.stringValue ?? "", alias: data["alias"],
            flags: data["flags"]?.mapValue ?? [:])
    }

    private func parseFlagsImport(_ value: YAMLValue?) throws -> FlagsImport? {
        guard let value else { return nil }
        switch value {
        case .bool(true): return .all
        case .bool(false), .null: return .names([])
        case .string(let s) where s == "all" || s == "yes": return .all
        case .string(let s): return .names([s])
        case .list(let items): return .names(items.compactMap(\.stringValue))
        default:
            throw GuildfileFormatError(message: "invalid flags-import value \(describe(value))")
        }
    }

    func parseSourceCode(_ value: YAMLValue) throws -> SourceCodeSpec {
        var spec = SourceCodeSpec()
        switch value {
        case .bool(false), .null:
            spec.isDisabled = true
        case .map(let data):
            spec.root = data["root"]?.stringValue
            spec.dest = data["dest"]?.stringValue
            if let select = data["select"] {
                let inner = try parseSourceCode(select)
                spec.rules = inner.rules
                spec.isDisabled = inner.isDisabled
            }
        case .string(let pattern):
            spec.rules = [
                SourceCodeRule(kind: .exclude, patterns: ["*"]), SourceCodeRule(kind: .include, patterns: [pattern]),
            ]
        case .list(let items):
            if items.isEmpty {
                spec.isDisabled = true
            } else if items.allSatisfy({ $0.stringValue != nil }) {
                spec.rules =
                    [SourceCodeRule(kind: .exclude, patterns: ["*"])]
                    + items.map { SourceCodeRule(kind: .include, patterns: [$0.stringValue!]) }
            } else {
                spec.rules = try items.map(parseSourceCodeRule)
            }
        default:
            throw GuildfileFormatError(message: "invalid sourcecode value \(describe(value))")
        }
        return spec
    }

    private func parseSourceCodeRule(_ value: YAMLValue) throws -> SourceCodeRule {
        if let s = value.stringValue { return SourceCodeRule(kind: .include, patterns: [s]) }
        guard let data = value.mapValue, data.count == 1, let (key, body) = data.first,
            let kind: SourceCodeRule.Kind = key == "include" ? .include : key == "exclude" ? .exclude : nil
        else {
            throw GuildfileFormatError(
                message: "invalid sourcecode rule \(describe(value)): expected include or exclude")
        }
        if let typed = body.mapValue, typed.count == 1, let (filterName, patterns) = typed.first,
            let filter = SourceCodeRule.Filter(rawValue: filterName)
        {
            return SourceCodeRule(kind: kind, patterns: stringList(patterns), filter: filter)
        }
        return SourceCodeRule(kind: kind, patterns: stringList(body))
    }

    private func string(_ value: YAMLValue?, _ key: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .int, .float, .bool: return value!.flowEncoded()
        case let other?:
            throw GuildfileFormatError(message: "invalid \(key) value \(describe(other)): expected a string")
        }
    }

    /// A command (`main`, `exec`): a string; YAML's `true` or `no` there is a mistake to report,
    /// not a command to run (`yes` would print forever).
    private func command(_ value: YAMLValue?, _ key: String) throws -> String? {
        if case .bool(let b)? = value {
            throw GuildfileFormatError(message: "invalid \(key) value \(b ? "true" : "false"): expected a string")
        }
        return try string(value, key)
    }

    private func stringList(_ value: YAMLValue?) -> [String] {
        switch value {
        case .string(let s)?: return [s]
        case .list(let items)?: return items.map { $0.stringValue ?? $0.flowEncoded() }
        default: return []
        }
    }

    private func truthy(_ value: YAMLValue?) -> Bool {
        if case .bool(true)? = value { return true }
        return false
    }

    private func describe(_ value: YAMLValue) -> String {
        value.flowEncoded()
    }
}
