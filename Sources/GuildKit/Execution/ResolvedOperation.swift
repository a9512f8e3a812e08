import Foundation

/// An operation found for an opspec: the guildfile, its model and the op definition.
public struct ResolvedOperation: Sendable {
    public var guildfile: Guildfile
    public var model: ModelDef
    public var opdef: OpDef
    /// The DvC stage this op runs, for `dvc.yaml:STAGE` operations.
    public var dvcStage: DvcStage?

    public init(guildfile: Guildfile, model: ModelDef, opdef: OpDef, dvcStage: DvcStage? = nil) {
        self.guildfile = guildfile
        self.model = model
        self.opdef = opdef
        self.dvcStage = dvcStage
    }

    /// `model:op` or `op` for the anonymous model.
    public var fullName: String { model.name.isEmpty ? opdef.name : "\(model.name):\(opdef.name)" }

    /// The opref written for runs of this op.
    public var opref: OpRef {
        OpRef(
            packageType: guildfile.packageType, packageName: guildfile.packageName, packageVersion: guildfile.digest,
            modelName: model.name, operationName: opdef.name)
    }

    /// The directory source code is copied from.
    public var sourceCodeRoot: URL {
        let root = opdef.sourcecode?.root ?? model.sourcecode?.root
        guard let root else { return guildfile.directory }
        return URL(fileURLWithPath: root, relativeTo: guildfile.directory).standardizedFileURL
    }

    /// The source code destination relative to the run directory (default `.`).
    public var sourceCodeDest: String { opdef.sourcecode?.dest ?? model.sourcecode?.dest ?? "." }
}

/// Finds operations by opspec in the project's guild.yml.
public enum OperationResolver {
    /// Resolves `opspec` (`op`, `model:op`, `dvc.yaml:STAGE`, a script path, or nil for the
    /// default op) in `directory`. A guild.yml op wins over a script of the same name.
    /// - Parameter cacheDirectory: `GH/cache`, where a script's imported flags are remembered.
    /// - Throws: `GuildError` with Guild's messages for a missing or unknown operation.
    public static func resolve(_ opspec: String?, in directory: URL, cacheDirectory: URL) throws
        -> ResolvedOperation
    {
        do {
            return try resolveDefined(opspec, in: directory)
        } catch let notFound as OperationNotFound {
            guard let opspec,
                let script = try ScriptOperation.resolve(opspec, cwd: directory, cacheDirectory: cacheDirectory)
            else { throw notFound.error }
            return script
        }
    }

    /// No op of the project is named so: a script of that name may still be.
    private struct OperationNotFound: Error {
        let error: GuildError
        init(_ message: String) { error = GuildError(message) }
    }

    /// Resolves an op of the project's guild.yml or a dvc.yaml stage.
    private static func resolveDefined(_ opspec: String?, in directory: URL) throws -> ResolvedOperation {
        if let opspec, let (file, stage) = DvcStageOperation.parse(opspec) {
            return try DvcStageOperation.resolve(
                dvcFile: URL(fileURLWithPath: file, relativeTo: directory).standardizedFileURL, stage: stage)
        }
        guard let path = Guildfile.find(in: directory) else {
            if let opspec {
                throw OperationNotFound(
                    "cannot find operation \(opspec)\nYou may need to include a model in the form MODEL:OPERATION. "
                        + "Try 'guild operations' for a list of available operations.")
            }
            throw GuildError("cannot find a default operation\nTry 'guild operations' for a list.")
        }
        let guildfile = try Guildfile.load(from: path)
        guard let opspec else {
            guard let model = guildfile.defaultModel, let op = model.defaultOperation else {
                throw GuildError(
                    "a default operation is not defined for this project\n"
                        + "Try 'guild operations' for a list of available operations.")
            }
            return try DvcGuildfileStages.apply(to: ResolvedOperation(guildfile: guildfile, model: model, opdef: op))
        }
        let (modelName, opName) = split(opspec)
        // Without a model, Guild AI looks only in the default model when there is one.
        let defaultModel = modelName == nil ? guildfile.defaultModel : nil
        let candidates = guildfile.models.filter { model in
            if let modelName { return model.name == modelName }
            return defaultModel.map { $0.name == model.name } ?? true
        }
        let ordered = candidates.filter { $0.name.isEmpty } + candidates.filter { !$0.name.isEmpty }
        for model in ordered {
            if let op = model.operations.first(where: { $0.name == opName }) {
                return try DvcGuildfileStages.apply(
                    to: ResolvedOperation(guildfile: guildfile, model: model, opdef: op))
            }
        }
        if let defaultModel, !defaultModel.name.isEmpty {
            throw OperationNotFound(
                "operation '\(opspec)' is not defined for model '\(defaultModel.name)'\n"
                    + "Try 'guild operations' for a list of available operations.")
        }
        throw OperationNotFound(
            "operation '\(opspec)' is not defined for this project\nTry 'guild operations' for a list of available operations."
        )
    }

    /// Every operation of the project's guild.yml, models and ops in file order (none without
    /// a guild.yml).
    public static func all(in directory: URL) throws -> [ResolvedOperation] {
        guard let path = Guildfile.find(in: directory) else { return [] }
        let guildfile = try Guildfile.load(from: path)
        return try guildfile.models.flatMap { model in
            try model.operations.map { try DvcGuildfileStages.apply(to: ResolvedOperation(guildfile: guildfile, model: model, opdef: $0)) }
        }
    }

    private static func split(_ opspec: String) -> (String?, String) {
        guard let colon = opspec.lastIndex(of: ":") else { return (nil, opspec) }
        return (String(opspec[..<colon]), String(opspec[opspec.index(after: colon)...]))
    }
}

extension ResolvedOperation {
    /// The op an opref of a guild.yml or dvc.yaml op names, in its file as it is now (a rerun,
    /// compare's `compare:` columns and `diff --working` read the current file, as in Guild AI).
    /// - Throws: `GuildError` for another kind of op, or when the file cannot be read or no longer
    ///   defines the op.
    /// - Parameters:
    ///   - cwd: where a script op's project is found from (a script opref names its file).
    ///   - cacheDirectory: where a script's imported flags are remembered.
    static func current(for opref: OpRef, cwd: URL? = nil, cacheDirectory: URL? = nil) throws -> ResolvedOperation {
        if opref.packageType == "script", let cwd, let cacheDirectory {
            return try ScriptOperation.resolve(recorded: opref, cwd: cwd, cacheDirectory: cacheDirectory)
        }
        guard ["guildfile", "import"].contains(opref.packageType) else {
            throw GuildError("operation '\(opref.operationDisplay)' is not from a guild.yml or dvc.yaml")
        }
        if opref.packageType == "import" {
            return try DvcStageOperation.resolve(
                dvcFile: URL(fileURLWithPath: opref.packageName), stage: opref.operationName)
        }
        let guildfile = try Guildfile.load(from: URL(fileURLWithPath: opref.packageName))
        guard let model = guildfile.models.first(where: { $0.name == opref.modelName }),
            let opdef = model.operations.first(where: { $0.name == opref.operationName })
        else {
            throw GuildError("operation '\(opref.operationDisplay)' is no longer defined in \(opref.packageName)")
        }
        return try DvcGuildfileStages.apply(to: ResolvedOperation(guildfile: guildfile, model: model, opdef: opdef))
    }
}
