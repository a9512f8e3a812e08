import CFileStat
import Foundation

/// Reads flags from Python scripts as Guild AI's python_script plugin does (reference 3.1):
/// module-level literal globals, or the options of an argparse parser or click command, read
/// by `Python/import_flags.py`. The result is cached where and as Guild AI caches it
/// (`GH/cache/import-flags/<md5 of the script path and base args>`, JSON, valid while the
/// script is not newer), so each tool reuses the other's.
struct ScriptFlagImporter {
    let cacheDirectory: URL
    var environment: [String: String] = ProcessInfo.processInfo.environment
    var warn: (String) -> Void = standardErrorWarning

    /// The op's flags merged with those of its Python `main` script, and the flags destination
    /// the script implies when the op gives none. Flags defined in guild.yml win; attributes
    /// they leave unset are taken from the script.
    func apply(to opdef: OpDef, projectDirectory: URL) -> (flags: [FlagDef], flagsDest: String?) {
        let unchanged = (opdef.flags, opdef.flagsDest)
        guard opdef.exec == nil, opdef.steps == nil, opdef.flagsImport != .names([]) else { return unchanged }
        let main = opdef.main ?? Self.safeModuleName(opdef.name)
        guard let mainArgs = try? Shlex.split(main), let module = mainArgs.first,
            !module.hasPrefix("guild.plugins."), module != DvcStageMain.module
        else { return unchanged }
        let root =
            opdef.sourcecode?.root.map { URL(fileURLWithPath: $0, relativeTo: projectDirectory).standardizedFileURL }
            ?? projectDirectory
        guard let script = try? PythonModuleLocator.locate(module, in: root) else { return unchanged }
        var data = flagsData(
            script: script, displayPath: script.path, baseArgs: Array(mainArgs.dropFirst()),
            flagsDest: opdef.flagsDest, cwd: projectDirectory)
        let dest = data.removeValue(forKey: "$dest")?.stringValue
        let toImport: Set<String>? =
            switch opdef.flagsImport {
            case .all?: nil
            case .names(let names)?: Set(names)
            case nil: Set(opdef.flags.map(\.name))
            }
        let skip = Set(opdef.flagsImportSkip)
        let imported = Self.flagDefs(data.filter { !skip.contains($0.key) && (toImport?.contains($0.key) ?? true) })
        return (Self.merge(imported, into: opdef.flags), opdef.flagsDest ?? dest)
    }

    /// Guild's flags data for a script (`{name: {default, type, ...}, "$dest": DEST}`), from the
    /// cache or read with python3 and cached. A script that cannot be read gives `{}` and a
    /// warning, and is not cached.
    /// - Parameter displayPath: how warnings name the script.
    func flagsData(script: URL, displayPath: String, baseArgs: [String], flagsDest: String?, cwd: URL)
        -> [String: YAMLValue]
    {
        let cacheFile = cacheDirectory.appendingPathComponent(
            "import-flags/" + Hashing.md5(Data(([script.path] + baseArgs).joined(separator: "/").utf8)))
        if environment["NO_IMPORT_FLAGS_CACHE"] != "1", let data = cachedData(cacheFile, script: script) {
            return data
        }
        if environment["NO_IMPORT_FLAGS_PROGRESS"] != "1", environment["FLAGS_TEST"] != "1",
            environment["_GUILD_COMPLETE"] == nil
        {
            Self.noteOnce("Refreshing flags...", warn)
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "guild-flags-\(UUID().uuidString).json")
        let dataFile = URL(fileURLWithPath: output.path + ".data")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: dataFile)
        }
        // The script may print while its parser is read, so the flags come back in files; -B
        // keeps Python from writing bytecode into the project.
        _ = HelperCommand.run(
            [
                "python3", "-B", "-c", String(decoding: PackageResources.import_flags_py, as: UTF8.self),
                script.path, "", flagsDest ?? "", Shlex.join(baseArgs), output.path,
            ], in: cwd)
        let result = FastFile.readString(output.path).flatMap { try? YAMLValue.load($0) }?.mapValue ?? [:]
        let noWarn = environment["NO_WARN_FLAGS_IMPORT"] == "1"
        for warning in result["warnings"]?.listValue ?? [] where !noWarn {
            warn("WARNING: \(warning.stringValue ?? "")")
        }
        if let syntax = result["syntax-error"]?.mapValue {
            if !noWarn {
                let offset = max(1, syntax["offset"]?.intValue ?? 1)
                warn(
                    "WARNING: cannot import flags from \(displayPath): invalid syntax on line "
                        + "\(syntax["line"]?.intValue ?? 0)\n  \(syntax["text"]?.stringValue ?? "")\n  "
                        + String(repeating: " ", count: offset - 1) + "^")
            }
            return [:]
        }
        if let error = result["error"]?.stringValue {
            if !noWarn {
                warn(
                    "WARNING: cannot import flags from \(PathText.relative(script.path, to: cwd.path)): \(error) "
                        + "(run with guild --debug for details)")
            }
            return [:]
        }
        guard let text = FastFile.readString(dataFile.path), let data = (try? YAMLValue.load(text))?.mapValue else {
            return [:]
        }
        // Cached as Python's json.dump wrote it, so Guild AI reads the same bytes.
        try? FileManager.default.createDirectory(
            at: cacheFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(dataFile.path, cacheFile.path) != 0 { try? FastFile.write(text, to: cacheFile.path) }
        return data
    }

    /// The cached data when the cache file is not older than the script; a file that is not a
    /// JSON object (cut off, garbage) counts as missing.
    private func cachedData(_ cacheFile: URL, script: URL) -> [String: YAMLValue]? {
        guard let cached = FastFile.info(cacheFile.path), let source = FastFile.info(script.path),
            source.mtimeNanoseconds <= cached.mtimeNanoseconds,
            let text = FastFile.readString(cacheFile.path)
        else { return nil }
        return (try? YAMLValue.load(text))?.mapValue
    }

    /// Flag definitions from Guild's flags data, read as guild.yml flags are.
    static func flagDefs(_ data: [String: YAMLValue]) -> [FlagDef] {
        let parser = GuildfileParser()
        return data.keys.sorted().compactMap { name in
            var value = data[name]!
            if case .map(let attrs) = value {
                // `null` is an unset attribute in Guild's data (`arg-split: null`).
                value = .map(attrs.filter { $0.key == "default" || !$0.value.isNull })
            }
            return try? parser.parseFlag(name: name, value)
        }
    }

    /// Guild's `merge_flags`: a flag matches by name or `arg-name`; only attributes the
    /// guild.yml flag leaves unset are taken from the imported one.
    static func merge(_ imported: [FlagDef], into defs: [FlagDef]) -> [FlagDef] {
        var defs = defs
        for flag in imported {
            guard let i = defs.firstIndex(where: { $0.name == flag.name }) ?? defs.firstIndex(where: { $0.argName == flag.name })
            else {
                defs.append(flag)
                continue
            }
            if defs[i].defaultValue.isNull { defs[i].defaultValue = flag.defaultValue }
            if defs[i].description.isEmpty { defs[i].description = flag.description }
            if defs[i].type == nil { defs[i].type = flag.type }
            if !defs[i].required { defs[i].required = flag.required }
            if defs[i].choices.isEmpty { defs[i].choices = flag.choices }
            if defs[i].argSwitch == nil { defs[i].argSwitch = flag.argSwitch }
            if defs[i].argSplit == nil { defs[i].argSplit = flag.argSplit }
            if defs[i].argName == nil { defs[i].argName = flag.argName }
        }
        return defs.sorted { $0.name < $1.name }
    }

    /// Guild's `safe_module_name`: an op named `train-model.py` runs module `train_model`.
    static func safeModuleName(_ name: String) -> String {
        let base = name.lowercased().hasSuffix(".py") ? String(name.dropLast(3)) : name
        return base.replacingOccurrences(of: "-", with: "_")
    }

    nonisolated(unsafe) private static var notesShown: Set<String> = []

    /// Guild's `cli.note_once`: a note is shown once per process.
    private static func noteOnce(_ note: String, _ warn: (String) -> Void) {
        guard !notesShown.contains(note) else { return }
        notesShown.insert(note)
        warn(note)
    }
}
