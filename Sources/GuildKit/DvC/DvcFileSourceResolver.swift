import Foundation

/// `dvcfile:` sources: the project's file when it is there, else `dvc pull` of it inside the run
/// directory, made a DvC repo for that (reference 9.4). `remote:` is passed to `dvc pull` as
/// `--remote` (Guild AI drops it); `always-pull: yes` pulls even when the project has the file.
struct DvcFileSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        if source.extra["always-pull"]?.boolValue != true {
            if let paths = try? FileSourceResolver().resolve(source, of: dependency, context: context) {
                return paths
            }
        }
        return [try pull(source, of: dependency, context: context)]
    }

    private func pull(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> String
    {
        let dep = try context.resolveReferences(source.path, in: source.resolvingName)
        let runDir = context.run.path
        let env = context.guildContext.environment
        let created = try DvcRunRepository.preparePull(
            dep, runDirectory: runDir, project: dependency.location.path, environment: env)
        try Manifest.append(
            DvcRunRepository.internalEntries(created, runDirectory: runDir, uri: source.uri),
            runDirectory: context.run.directory)
        context.log("Fetching DvC resource \(dep)")
        var args = ["pull", dep]
        if let remote = source.extra["remote"]?.stringValue { args += ["--remote", remote] }
        let status = try DvcCommand.runOnConsole(args, in: runDir, environment: env)
        try DvcRunRepository.checkPull(dep, status: status, runDirectory: runDir)
        return runDir + "/" + dep
    }
}
