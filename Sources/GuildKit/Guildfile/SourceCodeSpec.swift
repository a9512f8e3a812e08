/// The `sourcecode` attribute of a model or op (reference 3.5).
public struct SourceCodeSpec: Sendable, Equatable {
    public var isDisabled = false
    public var root: String?
    public var dest: String?
    public var rules: [SourceCodeRule] = []

    public init() {}
}

/// One include or exclude rule, in order.
public struct SourceCodeRule: Sendable, Equatable {
    public enum Kind: Sendable { case include, exclude }
    /// nil: any path; otherwise only directories, text files or binary files.
    public enum Filter: String, Sendable { case dir, text, binary }
    public var kind: Kind
    public var patterns: [String]
    public var filter: Filter?
}
