import Foundation

/// Finds the script of a Python `main` module and guesses how it takes flags.
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

    /// `args` for scripts that use argparse or click, else `globals`, as Guild detects it.
    static func detectFlagsDest(_ script: URL) -> String {
        guard let text = try? String(contentsOf: script, encoding: .utf8) else { return "args" }
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("import argparse") || t.hasPrefix("from argparse ") { return "args" }
            if t.hasPrefix("import click") || t.hasPrefix("from click ") { return "args:click" }
        }
        return "globals"
    }

    private static func isImportable(_ module: String) -> Bool {
        let check = "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)"
        return HelperCommand.output(["python3", "-c", check, module]) != nil
    }
}
