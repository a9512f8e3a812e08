import Foundation

/// Why a source could not be resolved; becomes Guild's "could not resolve ... resource: <reason>".
public struct DependencyError: Error, CustomStringConvertible {
    public let description: String

    public init(_ message: String) { description = message }
}

/// What a resolver may use while it resolves a source for a run.
struct ResolveContext: Sendable {
    let run: Run
    /// The run's flag values, for `${flag}` references.
    let flags: [String: YAMLValue]
    let guildContext: GuildContext
    let log: @Sendable (String) -> Void
    /// Flags that hold upstream run ids: not written into generated config files.
    var dependencyFlagNames: Set<String> = []

    /// `GH/cache/resources`: downloads and unpacked archives.
    var resourcesDirectory: URL { guildContext.cacheDirectory.appendingPathComponent("resources") }

    /// `text` with `${flag}` references filled in from the run's flags.
    func resolveReferences(_ text: String, in description: String) throws -> String {
        do {
            return try FlagReferences.resolve(text, flags: flags)
        } catch {
            throw DependencyError("cannot resolve '\(text)' in \(description): undefined reference '\(error.name)'")
        }
    }
}

/// Resolves one kind of source to the absolute paths it provides to a run.
protocol SourceResolver: Sendable {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
}

/// The resolver for each source URI scheme. Plugins' source kinds (DvC's `dvcfile:` and
/// `dvcstage:`) add theirs here.
enum SourceResolvers {
    static func resolver(for source: ResourceSource) -> (any SourceResolver)? {
        switch source.scheme {
        case "file": return FileSourceResolver()
        case "http", "https": return URLSourceResolver()
        case "operation": return OperationSourceResolver()
        case "config": return ConfigSourceResolver()
        case "module": return ModuleSourceResolver()
        case "dvcfile": return DvcFileSourceResolver()
        case "dvcstage": return DvcStageSourceResolver()
        default: return nil
        }
    }
}
