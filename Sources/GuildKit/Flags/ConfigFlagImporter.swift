import Foundation

/// Adds flags imported from the op's `config:` flags destination to its flag definitions
/// (the config_flags plugin, reference 4.4).
enum ConfigFlagImporter {
    static func flagDefs(for opdef: OpDef, projectDirectory: URL) throws -> [FlagDef] {
        guard let dest = opdef.flagsDest, dest.hasPrefix("config:") else { return opdef.flags }
        let config = try ConfigFile(path: String(dest.dropFirst("config:".count)))
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

    private static func importedFlag(name: String, value: YAMLValue) -> FlagDef {
        var def = FlagDef(name: name)
        switch value {
        case .string: def.type = .string
        case .bool: def.type = .boolean
        case .int, .float: def.type = .number
        case .list(let items):
            def.defaultValue = .string(Shlex.join(items.map { $0.flowEncoded() }))
            def.argSplit = .bool(true)
            return def
        default: break
        }
        def.defaultValue = value
        return def
    }
}
