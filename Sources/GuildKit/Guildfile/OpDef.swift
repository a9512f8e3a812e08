/// An operation of a model in guild.yml (reference 3.3).
public struct OpDef: Sendable {
    public var name: String
    public var description: String = ""
    public var main: String?
    public var exec: String?
    public var isDefault = false
    public var flags: [FlagDef] = []
    public var flagsDest: String?
    /// nil: import only flags defined here; `.all`; or a list of names.
    public var flagsImport: FlagsImport?
    public var flagsImportSkip: [String] = []
    public var sourcecode: SourceCodeSpec?
    public var outputScalars: YAMLValue?
    public var runAttrs: [String: YAMLValue] = [:]
    public var label: String?
    public var tags: [String] = []
    public var env: [String: YAMLValue] = [:]
    /// The `requires` items.
    public var dependencies: [DependencyDef] = []
    public var defaultFlagArgSkip = false
    /// `steps:` of a pipeline op, as Guild AI stores them in the pipeline run's `steps` attr.
    public var steps: [YAMLValue]?
    /// Added by a model's `dvc-stages-import`: the stage's params are its flags and the stage's
    /// deps its `requires`, as for `dvc.yaml:STAGE`.
    public var isImportedStage = false
    /// The raw mapping, for attributes later features read.
    public var data: [String: YAMLValue] = [:]

    public init(name: String) { self.name = name }

    /// The flag named `name` or aliased as `name`.
    public func flag(named name: String) -> FlagDef? {
        flags.first { $0.name == name } ?? flags.first { $0.alias == name }
    }
}

/// Which flags an op imports from its flags destination.
public enum FlagsImport: Sendable, Equatable {
    case all
    case names([String])
}
