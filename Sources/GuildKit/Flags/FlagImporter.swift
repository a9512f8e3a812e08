import Foundation

/// Adds imported flags to an op's flag definitions: from the op's `config:` flags destination
/// (the config_flags plugin, reference 4.4), or from a Python `main` script's globals or
/// argparse parser (the python_script plugin), as `flags-import` and `flags-import-skip` allow.
enum FlagImporter {
    /// The op with imported flags merged into its flag definitions, and the flags destination
    /// its script implies when it names none.
    /// - Parameter cacheDirectory: `GH/cache`, where script imports are remembered.
    static func applied(to opdef: OpDef, projectDirectory: URL, cacheDirectory: URL) throws -> OpDef {
        var opdef = opdef
        if let dest = opdef.flagsDest, dest.hasPrefix("config:") {
            opdef.flags = try configFlagDefs(
                for: opdef, path: String(dest.dropFirst("config:".count)), projectDirectory: projectDirectory)
            return opdef
        }
        (opdef.flags, opdef.flagsDest) = ScriptFlagImporter(cacheDirectory: cacheDirectory).apply(
            to: opdef, projectDirectory: projectDirectory)
        return opdef
    }

    private static func configFlagDefs(for opdef: OpDef, path: String, projectDirectory: URL) throws -> [FlagDef] {
        let config = try ConfigFile(path: path)
        let imported = ConfigFile.flatten(try config.load(relativeTo: projectDirectory))
        let skip = Set(opdef.flagsImportSkip)
        var defs = opdef.flags
        for (name, value) in imported where !skip.contains(name) {
            if let i = defs.firstIndex(where: { $0.name == name }) {
                if defs[i].defaultValue.isNull { defs[i].defaultValue = value }
                continue
            }
            switch opdef.flagsImport {
            case nil: continue
            case .all?: break
            case .names(let names)?: if !names.contains(name) { continue }
            }
            defs.append(importedFlag(name: name, value: value))
        }
        return defs.sorted { $0.name < $1.name }
    }

    static func importedFlag(name: String, value: YAMLValue) -> FlagDef {
        var def = FlagDef(name: name)
        switch value {
        case .string: def.type = .string
        case .bool: def.type = .boolean
        case .int, .float: def.type = .number
        case .list(let items):
            // Guild's flags_import_util: each item as YAML (`true`, not `yes`), shell-quoted.
            def.defaultValue = .string(items.map { Shlex.guildQuote($0.yamlFlowEncoded()) }.joined(separator: " "))
            def.argSplit = .bool(true)
            return def
        default: break
        }
        def.defaultValue = value
        return def
    }
}
