import Foundation

/// Flags that stand for dependencies (Guild's resource_flags plugin) and the upstream run ids
/// filled into them before a run (`_apply_default_dep_runs`).
enum DependencyFlags {
    /// `flagDefs` plus a flag for every `operation:` or `dvcstage:` source (named `flag-name`,
    /// `name`, or the URI; an `operation:` flag has the op name as alias) and every `file:`
    /// source with a `flag-name`.
    static func flagDefs(_ flagDefs: [FlagDef], for dependencies: [OperationDependency]) -> [FlagDef] {
        var defs = flagDefs
        for source in dependencies.flatMap(\.resource.sources) {
            guard let generated = flagDef(for: source) else { continue }
            if let i = defs.firstIndex(where: { $0.name == generated.name }) {
                if defs[i].argSkip == nil { defs[i].argSkip = true }
                if defs[i].defaultValue.isNull { defs[i].defaultValue = generated.defaultValue }
                // An upstream run id is a string whatever type the flag was given.
                if source.isUpstreamRun { defs[i].type = .string }
            } else {
                defs.append(generated)
            }
        }
        return defs
    }

    private static func flagDef(for source: ResourceSource) -> FlagDef? {
        var def: FlagDef
        switch source.scheme {
        case "file":
            guard let name = source.flagName?.name else { return nil }
            def = FlagDef(name: name)
            def.defaultValue = .string(source.path)
        case "dvcstage":
            // Guild AI makes no flag here, so picking the stage's run needs --force-flags there.
            if source.flagName == .disabled { return nil }
            def = FlagDef(name: source.flagName?.name ?? source.name ?? source.uri)
        case "operation":
            if source.flagName == .disabled { return nil }
            if let name = source.flagName?.name ?? source.name {
                def = FlagDef(name: name)
            } else {
                def = FlagDef(name: source.uri)
                def.alias = source.path
            }
        default:
            return nil
        }
        def.argSkip = true
        def.type = .string
        // Guild AI builds these from a mapping holding `name`, which lands in `flags-extra`.
        def.extra = ["name": .string(def.name)]
        return def
    }

    /// `flags` with the full id of each `operation:` source's upstream run: the run the flag's
    /// value (an id prefix) names, else the marked or latest run. Staged runs count here.
    /// - Returns: the flags and warnings for required sources with no run.
    static func applyUpstreamRuns(
        _ flags: [String: YAMLValue], dependencies: [OperationDependency], flagDefs: [FlagDef], store: RunStore
    ) -> ([String: YAMLValue], [String]) {
        var flags = flags
        var warnings: [String] = []
        let finder = UpstreamRuns(store: store)
        let stageFinder = StageRuns(store: store)
        for dependency in dependencies {
            var candidates: [String] = []
            for name in dependency.resource.sources.flatMap(\.flagNameCandidates) {
                switch flags[name] {
                case nil, .null?: continue
                case .list(let items)?: candidates += items.map { $0.stringValue ?? $0.flowEncoded() }
                case let value?: candidates.append(value.stringValue ?? value.flowEncoded())
                }
            }
            for source in dependency.resource.sources where source.isUpstreamRun {
                let prefixes = candidates.isEmpty ? [nil] : candidates.map(Optional.some)
                let runs: [Run]
                if source.scheme == "dvcstage" {
                    runs = prefixes.compactMap {
                        stageFinder.markedOrLatest(stage: source.path, prefix: $0, includeStaged: true)
                    }
                } else {
                    guard let patterns = try? UpstreamRuns.patterns(source.path) else { continue }
                    // With `select:`, a run without the selected files (one still running, say)
                    // is passed over for one that has them, unless the user named the run.
                    let accepting: ((Run, RunStatus) -> Bool)? =
                        source.select.isEmpty || !candidates.isEmpty
                        ? nil
                        : { run, status in status == .staged || Self.hasSelectedFiles(run, source) }
                    runs = prefixes.compactMap {
                        finder.markedOrLatest(patterns, prefix: $0, includeStaged: true, accepting: accepting)
                    }
                }
                if runs.isEmpty && !source.optional {
                    warnings.append("cannot find a suitable run for required resource '\(source.resolvingName)'")
                }
                let flagName =
                    source.flagNameCandidates.first { name in flagDefs.contains { $0.name == name } }
                    ?? source.flagName?.name ?? source.name ?? source.uri
                for run in runs { apply(run.id, to: flagName, in: &flags) }
            }
        }
        return (flags, warnings)
    }

    static func hasSelectedFiles(_ run: Run, _ source: ResourceSource) -> Bool {
        !SourceFiles.selected(SourceFiles.allPaths(in: run.path), root: run.path, source.select).isEmpty
    }

    private static func apply(_ runId: String, to name: String, in flags: inout [String: YAMLValue]) {
        switch flags[name] {
        case nil, .null?:
            flags[name] = .string(runId)
        case .list(var items)?:
            if let i = items.firstIndex(where: { runId.hasPrefix($0.stringValue ?? $0.flowEncoded()) }) {
                items[i] = .string(runId)
                flags[name] = .list(items)
            }
        case let value?:
            if runId.hasPrefix(value.stringValue ?? value.flowEncoded()) { flags[name] = .string(runId) }
        }
    }
}
