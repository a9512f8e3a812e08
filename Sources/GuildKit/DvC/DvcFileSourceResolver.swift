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
        let project = dependency.location.path
        let runDir = context.run.path
        let env = context.guildContext.environment
        _ = try DvcCommand.executable(environment: env)
        let created = try DvcRunRepository.ensure(runDirectory: runDir, project: project, environment: env)
        var internalPaths = created
        let dvcFile = dep + ".dvc"
        if !FileManager.default.fileExists(atPath: runDir + "/" + dvcFile) {
            guard FileManager.default.fileExists(atPath: project + "/" + dvcFile) else {
                throw DependencyError("cannot find DvC file \(dvcFile) in \(project) (required for 'dvc pull')")
            }
            try FileManager.default.createDirectory(
                atPath: PathText.dirname(runDir + "/" + dvcFile), withIntermediateDirectories: true)
            try FastFile.copy(from: project + "/" + dvcFile, to: runDir + "/" + dvcFile)
            internalPaths.append(dvcFile)
        }
        try Manifest.append(
            DvcRunRepository.internalEntries(internalPaths.sorted(), runDirectory: runDir, uri: source.uri),
            runDirectory: context.run.directory)
        context.log("Fetching DvC resource \(dep)")
        var args = ["pull", dep]
        if let remote = source.extra["remote"]?.stringValue { args += ["--remote", remote] }
        let (status, output) = try DvcCommand.run(args, in: runDir, environment: env, log: context.log)
        guard status == 0 else {
            let reason = output.split(separator: "\n").last { $0.hasPrefix("ERROR") }.map { ": " + $0 } ?? ""
            throw DependencyError(
                "error fetching DvC resource \(dep): 'dvc pull' exited with non-zero exit status \(status)\(reason)")
        }
        guard FileManager.default.fileExists(atPath: runDir + "/" + dep) else {
            throw DependencyError("'dvc pull' did not fetch the expected file \(dep)")
        }
        return runDir + "/" + dep
    }
}
