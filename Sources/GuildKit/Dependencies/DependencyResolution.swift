import Foundation
import Synchronization

/// An operation's dependency that could not be met; the run ends as `error`.
public struct DependencyFailure: Error, CustomStringConvertible {
    public let description: String
}

/// A SIGINT or SIGTERM arrived while dependencies were being resolved.
struct ResolutionStopped: Error {}

/// Resolves an operation's dependencies into a run directory: logs `Resolving ...`, writes
/// manifest `d` lines and the `deps` attr (Guild's `_resolve_deps`).
struct DependencyResolution {
    let context: GuildContext
    let log: @Sendable (String) -> Void

    /// - Parameters:
    ///   - forStage: `operation:` sources wait until the staged run starts.
    ///   - continueOnError: `--force-deps`: an unmet dependency is a warning.
    func resolve(
        _ dependencies: [OperationDependency], into run: Run, flags: [String: YAMLValue], forStage: Bool,
        continueOnError: Bool
    ) throws {
        var depsAttr = run.attribute("deps")?.mapValue ?? [:]
        var resolveContext = ResolveContext(run: run, flags: flags, guildContext: context, log: log)
        resolveContext.dependencyFlagNames = Set(
            dependencies.flatMap(\.resource.sources).filter(\.isUpstreamRun).flatMap(\.flagNameCandidates))
        for dependency in dependencies {
            let name = dependency.resource.resolvingName
            var resolved = depsAttr[name]?.mapValue ?? [:]
            do {
                try resolve(dependency, context: resolveContext, forStage: forStage, resolved: &resolved)
            } catch let failure as DependencyFailure where continueOnError {
                log("WARNING: a dependency was not met: \(failure)")
            }
            depsAttr[name] = .map(resolved)
        }
        try RunWriter(run: run).writeAttribute("deps", .map(depsAttr))
    }

    private func resolve(
        _ dependency: OperationDependency, context: ResolveContext, forStage: Bool,
        resolved: inout [String: YAMLValue]
    ) throws {
        log("Resolving \(dependency.resource.resolvingName)")
        for source in dependency.resource.sources {
            if SignalRelay.stopRequested.load(ordering: .relaxed) { throw ResolutionStopped() }
            if source.alwaysResolve != true && resolved[source.resolvingName] != nil {
                log("Skipping resolution of \(source.resolvingName) because it's already resolved")
                continue
            }
            if forStage && source.isUpstreamRun {
                log("Skipping resolution of \(source.resolvingName) because it's being staged")
                continue
            }
            let paths: [String]
            do {
                paths = try resolve(source, of: dependency, context: context)
            } catch is DependencyFailure where source.optional {
                log("Could not resolve \(source.resolvingName) - skipping because dependency is optional")
                continue
            }
            var info: [String: YAMLValue] = [
                "uri": .string(source.uri),
                "paths": .list(paths.map { .string(PathText.relative($0, to: context.run.path)) }),
            ]
            for key in [source.name, source.flagName?.name, source.uri, source.path].compactMap({ $0 }) {
                if let value = dependency.config[key] {
                    info["config"] = value
                    break
                }
            }
            resolved[source.resolvingName] = .map(info)
        }
    }

    /// The source's paths, each put in place in the run directory with its manifest line.
    private func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext)
        throws -> [String]
    {
        let resourceName = dependency.resource.resolvingName
        guard let resolver = SourceResolvers.resolver(for: source) else {
            throw DependencyFailure(description: "unsupported source '\(source.uri)' in \(resourceName) resource")
        }
        let paths: [String]
        do {
            paths = try resolver.resolve(source, of: dependency, context: context)
        } catch let stopped as ResolutionStopped {
            throw stopped
        } catch let error as DependencyError {
            var message = "could not resolve '\(source.resolvingName)' in \(resourceName) resource: \(error)"
            if let help = source.help { message += "\n" + help }
            throw DependencyFailure(description: message)
        } catch {
            throw DependencyFailure(
                description:
                    "unexpected error resolving '\(source.resolvingName)' in \(resourceName) resource: \(error)")
        }
        var entries: [ManifestEntry] = []
        for path in paths {
            let target = SourceTarget(
                source: source, resource: dependency.resource, sourcePath: path, origin: dependency.location.path,
                runDirectory: context.run.path, context: context)
            do {
                let targetPath = try target.targetPath()
                if try target.apply(to: targetPath) { entries.append(target.manifestEntry(for: targetPath)) }
            } catch let error as DependencyError {
                throw DependencyFailure(description: error.description)
            }
        }
        try Manifest.append(entries, runDirectory: context.run.directory)
        return paths
    }
}
