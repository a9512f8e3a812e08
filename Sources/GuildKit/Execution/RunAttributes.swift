import Foundation

/// Builds the attr values Guild writes when a run is created (reference 2.4).
enum RunAttributes {
    static let reservedNames: Set<String> = [
        "cmd", "deps", "env", "exit_status", "flags", "host", "id", "initialized", "label", "op", "opdef_attrs",
        "platform", "plugins", "random_seed", "run_params", "sourcecode_digest", "started", "stopped", "user",
        "user_flags", "vcs_commit", "pip_freeze", "r_sys_info", "r_packages_loaded",
    ]

    /// The `op` attr: how to rebuild the command on restart.
    static func opAttribute(_ prepared: PreparedRun) -> YAMLValue {
        let opdef = prepared.resolved.opdef
        var nullLabels: [String: YAMLValue] = [:]
        var extra: [String: YAMLValue] = [:]
        for def in prepared.flagDefs {
            if let label = def.nullLabel { nullLabels[def.name] = .string(label) }
            if !def.extra.isEmpty { extra[def.name] = .map(def.extra) }
        }
        var opCmd: [String: YAMLValue] = [
            "cmd-args": .list(prepared.command.templateArgs.map(YAMLValue.string)),
            "cmd-env": .map(prepared.commandEnv.mapValues(YAMLValue.string)),
            "cmd-flags": prepared.command.commandFlags,
            "flags-dest": .string(prepared.command.flagsDest),
        ]
        if prepared.command.commandEnv.isEmpty { opCmd["cmd-env"] = .map([:]) }
        let deps = prepared.dependencies.map(\.opData)
        var op: [String: YAMLValue] = [
            "delete-on-success": .bool(false),
            "deps": .list(deps),
            "flag-null-labels": .map(nullLabels),
            "flags-extra": .map(extra),
            "label-template": prepared.labelTemplate.map(YAMLValue.string) ?? .null,
            "op-cmd": .map(opCmd),
            "output-scalars": outputScalarsAttr(opdef.outputScalars),
            "python-requires": .null,
            "sourcecode": .map(["dest": .string(prepared.resolved.sourceCodeDest)]),
        ]
        if let root = opdef.sourcecode?.root ?? prepared.resolved.model.sourcecode?.root {
            op["sourcecode"] = .map(["dest": .string(prepared.resolved.sourceCodeDest), "root": .string(root)])
        }
        return .map(op)
    }

    private static func outputScalarsAttr(_ value: YAMLValue?) -> YAMLValue {
        switch value {
        case nil: return .null
        case .bool(false)?, .null?: return .list([])
        case .list(let items)?: return .list(items)
        case let other?: return .list([other])
        }
    }

    /// The parser configuration for the op's `output-scalars`.
    static func outputScalarConfig(_ value: YAMLValue?) -> OutputScalarConfig {
        switch value {
        case nil: return .defaults
        case .bool(false)?, .null?: return .disabled
        case .list(let items)? where items.isEmpty: return .disabled
        case .list(let items)?: return .patterns(items.compactMap(OutputScalarPattern.init(yaml:)))
        case let other?: return .patterns([other].compactMap(OutputScalarPattern.init(yaml:)))
        }
    }

    /// `host`, `user` and `platform`: where a run was made.
    static func machine(environment env: [String: String]) -> [String: YAMLValue] {
        ["host": .string(env["HOST"] ?? hostname()), "user": .string(env["USER"] ?? ""), "platform": platform()]
    }

    /// `gethostname`, without the DNS lookup `ProcessInfo.hostName` makes.
    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func platform() -> YAMLValue {
        var uts = utsname()
        uname(&uts)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let unameText = [
            field(uts.sysname), field(uts.nodename), field(uts.release), field(uts.version), field(uts.machine), "",
        ]
        .joined(separator: " ")
        return .map([
            "architecture": .string("64bit ELF"),
            "cpus": .int(ProcessInfo.processInfo.activeProcessorCount),
            "processor": .string(""),
            "uname": .string(unameText),
        ])
    }

    /// The env with names that may hold secrets removed.
    static func safeEnvironment(_ env: [String: String]) -> [String: String] {
        env.filter { key, _ in
            let lower = key.lowercased()
            return !["password", "token", "secret"].contains { lower.contains($0) }
        }
    }

    /// The op's `run-attrs`, less reserved names (each refused with a warning).
    static func runAttributes(_ attrs: [String: YAMLValue], log: (String) -> Void) -> [String: YAMLValue] {
        var kept: [String: YAMLValue] = [:]
        for (name, value) in attrs {
            if reservedNames.contains(name) {
                log("WARNING: ignoring run attr '\(name)' (reserved)")
            } else {
                kept[name] = value
            }
        }
        return kept
    }
}
