import Foundation

/// A model in guild.yml: the anonymous model `''` for an operation-only file.
public struct ModelDef: Sendable {
    public var name: String
    public var description: String = ""
    public var isDefault = false
    public var operations: [OpDef] = []
    public var sourcecode: SourceCodeSpec?
    /// Named resources that operations require by name.
    public var resources: [String: ResourceDef] = [:]
    public var data: [String: YAMLValue] = [:]

    public init(name: String) { self.name = name }

    /// The op run when only flags or no opspec are given.
    public var defaultOperation: OpDef? {
        if let op = operations.first(where: { $0.isDefault }) { return op }
        let visible = operations.filter { !$0.name.hasPrefix("_") }
        return visible.count == 1 ? visible[0] : nil
    }
}
