import Foundation

/// The operation Guild AI makes for a script named on the command line, as its python_script
/// and exec_script plugins do (reference 3.1): `guild run train.py` runs the Python script with
/// its imported flags, `guild run ./prepare.sh` runs an executable. Either works with or
/// without a guild.yml; a guild.yml op of the same name wins.
enum ScriptOperation {
    /// The op for `opspec` when it names a file relative to `cwd` (or absolute), else nil.
    /// - Parameter cacheDirectory: `GH/cache`, where imported flags are remembered.
    /// - Throws: `GuildError` when the file is neither a Python script nor executable.
    static func resolve(_ opspec: String, cwd: URL, cacheDirectory: URL) throws -> ResolvedOperation? {
        let joined = opspec.hasPrefix("/") ? opspec : PathText.join(cwd.path, opspec)
        let path = PathText.normalize(joined)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if !isDirectory.boolValue && opspec.hasSuffix(".py") {
            return python(path: path, cwd: cwd, cacheDirectory: cacheDirectory, displayPath: "./" + opspec)
        }
        guard !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: path) else {
            throw GuildError("cannot run '\(opspec)': must be an executable file")
        }
        return executable(
            path: path, opName: opspec, packageName: PathText.normalize(String(joined.dropLast(opspec.count))))
    }

    /// The op of a script run recorded as `script:DIR '' '' NAME`, for restarts and `--proto`.
    static func resolve(recorded opref: OpRef, cwd: URL, cacheDirectory: URL) throws -> ResolvedOperation {
        let path = PathText.join(opref.packageName, opref.operationName)
        guard let op = try resolve(path, cwd: cwd, cacheDirectory: cacheDirectory) else {
            throw GuildError("cannot find script \(path)")
        }
        return op
    }

    private static func python(path: String, cwd: URL, cacheDirectory: URL, displayPath: String) -> ResolvedOperation {
        let opName = PathText.basename(path)
        // The project is the directory that holds both the script and the current directory.
        let realScript = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let projectDirectory = commonDirectory(realScript, cwd.resolvingSymlinksInPath().path)
        let module = String(PathText.relative(realScript, to: projectDirectory).dropLast(3))
        var data = ScriptFlagImporter(cacheDirectory: cacheDirectory).flagsData(
            script: URL(fileURLWithPath: path), displayPath: displayPath, baseArgs: [], flagsDest: nil,
            cwd: URL(fileURLWithPath: projectDirectory))
        var opdef = OpDef(name: opName)
        opdef.flagsDest = data.removeValue(forKey: "$dest")?.stringValue
        opdef.exec = "${python_exe} -um guild.op_main \(Shlex.quote(module)) ${flag_args}"
        opdef.flags = ScriptFlagImporter.flagDefs(data)
        opdef.data = ["objective": .string("loss")]
        return operation(
            opdef, projectDirectory: projectDirectory, packageName: PathText.dirname(path))
    }

    private static func executable(path: String, opName: String, packageName: String) -> ResolvedOperation {
        var opdef = OpDef(name: opName)
        opdef.exec = Shlex.quote(path)
        return operation(opdef, projectDirectory: PathText.dirname(path), packageName: packageName)
    }

    private static func operation(_ opdef: OpDef, projectDirectory: String, packageName: String) -> ResolvedOperation {
        var model = ModelDef(name: "")
        model.operations = [opdef]
        let directory = URL(fileURLWithPath: projectDirectory)
        var guildfile = Guildfile(
            path: directory.appendingPathComponent(opdef.name), digest: "", models: [model], directory: directory,
            packageName: packageName)
        guildfile.packageType = "script"
        return ResolvedOperation(guildfile: guildfile, model: model, opdef: opdef)
    }

    /// Python's `os.path.commonpath` of two absolute paths.
    private static func commonDirectory(_ a: String, _ b: String) -> String {
        let common = zip(a.split(separator: "/"), b.split(separator: "/")).prefix { $0 == $1 }.map { String($0.0) }
        return "/" + common.joined(separator: "/")
    }
}
