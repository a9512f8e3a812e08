import Foundation

/// `module:` sources: a Python module that must be importable; nothing is copied.
struct ModuleSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        let python = (try? ExecutableLookup.find("python3", environment: context.guildContext.environment)) ?? "python3"
        guard
            let result = HelperCommand.run([
                python, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", source.path,
            ])
        else {
            throw DependencyError("cannot run \(python) to import \(source.path)")
        }
        if result.status != 0 {
            let last = result.stderr.split(separator: "\n").last.map(String.init) ?? "cannot import \(source.path)"
            throw DependencyError(last.replacingOccurrences(of: "ModuleNotFoundError: ", with: ""))
        }
        return []
    }
}
