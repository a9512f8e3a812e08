import Foundation

/// The small `guild` Python package that Python operations run through:
/// `python -um guild.op_main MODULE [ARGS...] [-- FLAG_ARGS...]`.
///
/// A dependency-free re-implementation of Guild AI 0.9.0's `guild.op_main`
/// (it does not need Guild AI or PyYAML installed). `install(in:)` writes it
/// under the Guild cache directory; the returned directory goes on
/// `PYTHONPATH`, right after the source code paths (see `pythonPath`).
///
/// Environment read by `op_main` (all optional):
/// - `FLAGS_DEST`: `args` (default; also `args:*`), `globals`, `global:NAME`,
///   `dict:NAME`, `namespace:NAME`; `none`, `config:*` and anything else drop
///   the flag args.
/// - `LOG_LEVEL` (int; default 30), `LOG_FORMAT`, `LOG_INIT_SKIP=1`: root
///   logger setup done when the script imports `logging`; `LOG_LEVEL<=10`
///   also shows warnings, op_main debug lines and full tracebacks.
/// - `HANDLE_KEYBOARD_INTERRUPT`: non-empty lets `KeyboardInterrupt`
///   propagate (Python dies by SIGINT); otherwise Ctrl-C exits 0 quietly.
/// - `SCRIPT_DIR` (replaces `sys.path[0]`), `NO_SYS_PATH_MODIFY=1` (keeps
///   cwd on `sys.path`), `NO_PATCH_YAML=1`, `BREAK_ON_ERROR=1`,
///   `GUILD_OP_MAIN_NO_PYYAML=1` (never import PyYAML; for tests).
public enum PythonBootstrap {
    /// Files of the package, relative to the directory put on `PYTHONPATH`.
    /// The sources are `Execution/Python/guild/*.py`, embedded by the package manifest.
    public static let files: [(relativePath: String, contents: String)] = [
        ("guild/__init__.py", PackageResources.__init___py),
        ("guild/op_main.py", PackageResources.op_main_py),
        ("guild/_op_main_util.py", PackageResources._op_main_util_py),
        ("guild/_op_main_yaml.py", PackageResources._op_main_yaml_py),
        ("guild/pass.py", PackageResources.pass_py),
        ("guild/batch_util.py", PackageResources.batch_util_py),
    ].map { ($0, String(decoding: $1, as: UTF8.self)) }

    /// Identifies the sources; part of the install directory name. Derived
    /// from the sources (FNV-1a 64), so it changes whenever they change.
    public static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, contents) in files {
            for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0) &* 0x0000_0100_0000_01b3
            for byte in contents.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "0.9.0-" + String(repeating: "0", count: 16 - hex.count) + hex
    }()

    /// The command that starts an op whose recorded command is Guild's `python -um guild.op_main
    /// ARGS...`: the same op through `python -u -c`, importing op_main (from its `.pyc`) without
    /// `runpy`, which `-m` loads (~4 ms a run). Another `guild` package first on PYTHONPATH (Guild
    /// AI's, or a project's own) has its op_main run as `-m` runs it. With `NO_SYS_PATH_MODIFY=1`
    /// the op keeps `sys.path[0]`, which `-m` and `-c` set differently, so `-m` is kept.
    static func launchArguments(for argv: [String], environment: [String: String]) -> [String] {
        guard argv.count >= 3, argv[1] == "-um", argv[2] == "guild.op_main",
            environment["NO_SYS_PATH_MODIFY"] != "1"
        else { return argv }
        return [argv[0], "-u", "-c", opMainLauncher] + argv[3...]
    }

    static let opMainLauncher = """
        import guild
        if getattr(guild, "__bootstrap__", False): from guild import op_main; op_main.run_as_main()
        else: import runpy; runpy.run_module("guild.op_main", run_name="__main__", alter_sys=True)
        """

    /// Writes the package to `<cacheDirectory>/python-bootstrap-<version>/guild/`
    /// unless it is already there, and returns `<cacheDirectory>/python-bootstrap-<version>`
    /// (the directory to put on `PYTHONPATH`).
    ///
    /// Safe when several processes race: files are written into a private
    /// temporary directory that is then renamed into place; the loser of the
    /// rename discards its copy.
    /// When `python` is given, the package is also byte-compiled with it: Guild sets
    /// PYTHONDONTWRITEBYTECODE for ops, so otherwise every run compiles op_main (~8 ms).
    @discardableResult
    public static func install(in cacheDirectory: URL, python: String? = nil) throws -> URL {
        let fm = FileManager.default
        let target = directory(in: cacheDirectory)
        if isComplete(target) { return target }

        try fm.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        let temp = cacheDirectory.appendingPathComponent(
            ".python-bootstrap-\(version).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)",
            isDirectory: true
        )
        defer { try? fm.removeItem(at: temp) }
        try write(into: temp, atomically: false)
        if let python { compile(temp, with: python) }
        do {
            try fm.moveItem(at: temp, to: target)
        } catch {
            // Lost a race with another process, or `target` exists but is
            // incomplete: (re)write any missing file in place, atomically.
            if !isComplete(target) {
                try write(into: target, atomically: true)
            }
        }
        return target
    }

    /// Where `install(in:)` puts the package; it may not exist yet.
    public static func directory(in cacheDirectory: URL) -> URL {
        cacheDirectory.appendingPathComponent("python-bootstrap-\(version)", isDirectory: true)
    }

    /// Byte-compiles the package; a failure only costs speed, so it is ignored.
    private static func compile(_ directory: URL, with python: String) {
        _ = HelperCommand.output([python, "-m", "compileall", "-q", directory.path])
    }

    /// `PYTHONPATH` as Guild builds it: source code paths (relative to the
    /// run dir, usually `.`), then the bootstrap directory, then the inherited
    /// `PYTHONPATH`, without duplicates.

    public static func pythonPath(sourceCodePaths: [String], bootstrapDirectory: URL, inherited: String?) -> String {
        var paths = sourceCodePaths + [bootstrapDirectory.path]
        if let inherited, !inherited.isEmpty {
            paths += inherited.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }.joined(separator: ":")
    }

    private static func isComplete(_ directory: URL) -> Bool {
        let fm = FileManager.default
        return files.allSatisfy { fm.fileExists(atPath: directory.appendingPathComponent($0.relativePath).path) }
    }

    private static func write(into directory: URL, atomically: Bool) throws {
        let fm = FileManager.default
        for (relativePath, contents) in files {
            let url = directory.appendingPathComponent(relativePath)
            if atomically, fm.fileExists(atPath: url.path) { continue }
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url, options: atomically ? [.atomic] : [])
        }
    }
}
