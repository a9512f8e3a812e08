import CFileStat
import Foundation

/// Reads flags from a Python `main` script (the python_script plugin's flag import).
struct ScriptFlagImporter {
    let cacheDirectory: URL

    /// Flags of a Python `main` script merged into the op's own: globals assigned to literals
    /// (`flags-dest: globals`) or the options of its argparse parser (`args`). Flags defined in
    /// guild.yml win; attributes they leave unset are taken from the script.
    func flagDefs(for opdef: OpDef, projectDirectory: URL) -> [FlagDef] {
        guard opdef.exec == nil, opdef.data["steps"] == nil else { return opdef.flags }
        let toImport: Set<String>?
        switch opdef.flagsImport {
        case .all?: toImport = nil
        case .names(let names)?: toImport = Set(names)
        case nil: toImport = Set(opdef.flags.map(\.name))
        }
        if let toImport, toImport.isEmpty { return opdef.flags }
        let main = opdef.main ?? opdef.name
        guard let mainArgs = try? Shlex.split(main), let module = mainArgs.first else { return opdef.flags }
        let root =
            opdef.sourcecode?.root.map { URL(fileURLWithPath: $0, relativeTo: projectDirectory).standardizedFileURL }
            ?? projectDirectory
        guard let script = try? PythonModuleLocator.locate(module, in: root) else {
            return opdef.flags
        }
        let dest = opdef.flagsDest ?? PythonModuleLocator.detectFlagsDest(script)
        let mode: String
        switch dest {
        case "globals": mode = "globals"
        case "args": mode = "args"
        default: return opdef.flags
        }
        guard
            let data = cachedScriptFlagsData(
                mode: mode, script: script, baseArgs: Array(mainArgs.dropFirst()), cwd: projectDirectory)
        else { return opdef.flags }
        let skip = Set(opdef.flagsImportSkip)
        var defs = opdef.flags
        for (name, attrs) in data where !skip.contains(name) && (toImport?.contains(name) ?? true) {
            guard let attrs = attrs.mapValue else { continue }
            let imported = Self.scriptFlag(name: name, attrs: attrs)
            if let i = defs.firstIndex(where: { $0.name == name || $0.argName == name }) {
                Self.merge(imported, into: &defs[i])
            } else {
                defs.append(imported)
            }
        }
        return defs.sorted { $0.name < $1.name }
    }

    private static func scriptFlag(name: String, attrs: [String: YAMLValue]) -> FlagDef {
        var def = FlagDef(name: name)
        let value = attrs["default"] ?? .null
        if attrs["global"] == .bool(true) {
            // A global's type comes from its value, as for config files.
            return FlagImporter.importedFlag(name: name, value: value)
        }
        def.defaultValue = value
        def.description = attrs["description"]?.stringValue ?? ""
        if let t = attrs["type"]?.stringValue { def.type = FlagType(rawValue: t) }
        def.required = attrs["required"] == .bool(true)
        def.choices = (attrs["choices"]?.listValue ?? []).map { FlagChoice(value: $0) }
        def.argSwitch = attrs["arg-switch"]
        def.argName = attrs["arg-name"]?.stringValue
        if attrs["arg-split"] == .bool(true) {
            def.argSplit = .bool(true)
            if case .list(let items) = value { def.defaultValue = .string(Shlex.join(items.map { $0.flowEncoded() })) }
        }
        return def
    }

    /// Guild's `_apply_flag_attrs`: only attributes the guild.yml flag leaves unset are taken.
    private static func merge(_ imported: FlagDef, into def: inout FlagDef) {
        if def.defaultValue.isNull { def.defaultValue = imported.defaultValue }
        if def.description.isEmpty { def.description = imported.description }
        if def.type == nil { def.type = imported.type }
        if !def.required { def.required = imported.required }
        if def.choices.isEmpty { def.choices = imported.choices }
        if def.argSwitch == nil { def.argSwitch = imported.argSwitch }
        if def.argSplit == nil { def.argSplit = imported.argSplit }
        if def.argName == nil { def.argName = imported.argName }
    }

    /// The script's flags from `GH/cache/import-flags`, keyed by script, mode, args, size and
    /// mtime, else read with python3 and remembered: reading costs a Python start (~40 ms)
    /// that every run would otherwise pay, as Guild AI's own cache avoids.
    private func cachedScriptFlagsData(mode: String, script: URL, baseArgs: [String], cwd: URL) -> [String: YAMLValue]?
    {
        guard let info = FastFile.info(script.path) else { return nil }
        let key = [script.path, mode, String(info.size), String(info.mtimeNanoseconds)] + baseArgs
        let cacheFile = cacheDirectory.appendingPathComponent(
            "import-flags/\(Hashing.md5(Data(key.joined(separator: "\0").utf8))).json")
        // Checked by parsing it: a file that is not a mapping (cut off, garbage) is read again.
        if let text = FastFile.readString(cacheFile.path), let value = try? YAMLValue.load(text),
            let flags = value.mapValue
        {
            return flags
        }
        guard let data = Self.scriptFlagsData(mode: mode, script: script, baseArgs: baseArgs, cwd: cwd) else {
            return nil
        }
        try? FileManager.default.createDirectory(
            at: cacheFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FastFile.write(JSONText.encode(.map(data)), to: cacheFile.path)
        return data
    }

    /// Runs python3 to read the script's flags: `{name: {default, description, type, ...}}`.
    private static func scriptFlagsData(mode: String, script: URL, baseArgs: [String], cwd: URL) -> [String: YAMLValue]?
    {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "guild-flags-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        // The script may print while its parser is read, so the flags come back in a file; -B
        // keeps Python from writing bytecode into the project.
        _ = HelperCommand.output(
            ["python3", "-B", "-c", importerSource, mode, script.path, output.path] + baseArgs, in: cwd)
        guard let text = try? String(contentsOf: output, encoding: .utf8),
            let value = try? YAMLValue.load(text)
        else { return nil }
        return value.mapValue
    }

    /// The Python side: an AST scan of module-level literal assignments, or the script run
    /// with `ArgumentParser.parse_known_args` patched to write the parser's options and exit.
    private static let importerSource = #"""
        import ast, json, os, sys
        mode, path, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
        base_args = sys.argv[4:]

        def write(data):
            with open(out_path, "w") as f:
                json.dump(data, f)

        def literal(node):
            if isinstance(node, ast.Constant):
                if node.value is None or isinstance(node.value, (bool, int, float, str)):
                    return node.value
                raise TypeError(node)
            if isinstance(node, ast.List):
                return [literal(x) for x in node.elts]
            if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant) \
                    and isinstance(node.operand.value, (int, float)) and not isinstance(node.operand.value, bool):
                if isinstance(node.op, ast.USub):
                    return -node.operand.value
                if isinstance(node.op, ast.UAdd):
                    return node.operand.value
            if isinstance(node, ast.Dict):
                return {literal(k): literal(v) for k, v in zip(node.keys, node.values)}
            raise TypeError(node)

        if mode == "globals":
            params = {}
            with open(path) as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and node.col_offset == 0:
                    try:
                        val = literal(node.value)
                    except Exception:
                        continue
                    for target in node.targets:
                        if isinstance(target, ast.Name) and target.id not in params:
                            params[target.id] = val
            write({name: {"default": val, "global": True} for name, val in params.items()
                   if name[:1] != "_" and not isinstance(val, dict)})
            sys.exit(0)

        import argparse, runpy

        def encodable(x):
            try:
                json.dumps(x)
                return x
            except TypeError:
                return str(x)

        def capture(self, args=None, namespace=None):
            flags = {}
            for action in self._actions:
                name = next((o[2:] for o in action.option_strings if o.startswith("--")), None)
                kind = action.__class__.__name__
                if not name or kind not in ("_StoreAction", "_StoreTrueAction", "_StoreFalseAction", "BooleanOptionalAction"):
                    continue
                attrs = {}
                if action.help:
                    attrs["description"] = action.help
                if action.default is not None:
                    attrs["default"] = encodable(action.default)
                if action.choices:
                    attrs["choices"] = encodable(list(action.choices))
                if action.required:
                    attrs["required"] = True
                types = {str: "string", float: "float", int: "int", bool: "boolean"}
                if action.type in types:
                    attrs["type"] = types[action.type]
                if kind == "_StoreTrueAction":
                    attrs["arg-switch"] = True
                    attrs["choices"] = [True, False]
                elif kind == "_StoreFalseAction":
                    attrs["arg-switch"] = False
                    attrs["choices"] = [True, False]
                elif kind == "BooleanOptionalAction" and len(action.option_strings) == 2:
                    attrs["choices"] = [True, False]
                    i = 1 if action.default else 0
                    attrs["arg-name"] = action.option_strings[i][2:]
                    attrs["arg-switch"] = not action.default
                if action.nargs in ("+", "*") or (isinstance(action.nargs, int) and action.nargs > 1):
                    attrs["arg-split"] = True
                flags[name] = attrs
            write(flags)
            os._exit(0)

        argparse.ArgumentParser.parse_known_args = capture
        sys.argv = [path] + base_args
        sys.path.insert(0, os.path.dirname(path))
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit:
            pass
        write({})
        """#
}
