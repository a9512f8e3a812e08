import Foundation

/// Finds the script of a Python `main` module.
enum PythonModuleLocator {
    /// The module's file under `root` (`pkg.mod` or `dir/mod`), or nil when it is not a
    /// project file but can be imported (a module of an installed package).
    /// - Throws: `GuildError` when the module exists nowhere.
    static func locate(_ module: String, in root: URL) throws -> URL? {
        var relative = module.replacingOccurrences(of: ".", with: "/")
        if module.hasSuffix(".py") { relative = String(module.dropLast(3)) }
        for candidate in [relative + ".py", relative + "/__main__.py"] {
            let url = root.appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        // Modules of the `guild` package ops run through (`guild.pass`) are always there.
        if PythonBootstrap.files.contains(where: { $0.relativePath == module.replacingOccurrences(of: ".", with: "/") + ".py" }) {
            return nil
        }
        if module.contains("/") || !isImportable(module) {
            throw GuildError("cannot find module '\(module)' for operation (looked in \(root.path))")
        }
        return nil
    }

    private static func isImportable(_ module: String) -> Bool {
        let check = "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)"
        return HelperCommand.output(["python3", "-c", check, module]) != nil
    }
}
