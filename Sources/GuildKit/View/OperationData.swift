import Foundation

/// An operation as `guild api ops` and `guild api help-op` give it: its opref, names,
/// description, guild.yml and flags (each with its default, `NAME=VALUE` form, choices and type).
public enum OperationDataEncoder {
    public static func encode(_ op: ResolvedOperation, flagDefs: [FlagDef]) -> JSONValue {
        .object([
            "opref": RunDataEncoder.opref(op.opref),
            "name": .string(op.opdef.name),
            "fullname": .string(op.fullName),
            "description": .string(op.opdef.description),
            "guildfile": .object([
                "dir": .string(op.guildfile.directory.standardizedFileURL.path),
                // A script's op comes from no guild.yml.
                "src": op.guildfile.packageType == "script"
                    ? .null : .string(op.guildfile.path.standardizedFileURL.path),
            ]),
            "flags": .object(flagDefs.map { JSONValue.Member($0.name, flag($0)) }),
        ])
    }

    private static func flag(_ def: FlagDef) -> JSONValue {
        .object([
            "default": JSONValue(def.defaultValue),
            "defaultAssign": .string("\(def.name)=\(FlagFormatting.formatFlag(def.defaultValue))"),
            "description": .string(def.description),
            "choices": .array(
                def.choices.map { choice in
                    .object([
                        "value": JSONValue(choice.value), "alias": choice.alias.map(JSONValue.init) ?? .null,
                        "description": .string(choice.description),
                    ])
                }),
            "type": def.type.map { .string($0.rawValue) } ?? .null,
        ])
    }
}
