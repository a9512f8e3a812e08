import Foundation
import Synchronization

/// An op's `compare:` columns from its guild.yml as it is now (Guild AI reads the current
/// guildfile, not the one the run was made with): they replace the default flag and scalar
/// columns of that op's runs. Each guildfile is read once per compare.
final class OperationCompareColumns: Sendable {
    private let cache = Mutex<[String: [CompareColumn]?]>([:])
    private let warn: @Sendable (String) -> Void

    /// - Parameter warn: told about a column spec in a guildfile that cannot be parsed (Guild AI
    ///   warns and leaves it out).
    init(warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.warn = warn
    }

    /// The op's columns, or nil when its guildfile is gone or the op defines none.
    func columns(for opref: OpRef) -> [CompareColumn]? {
        let key = [opref.packageName, opref.modelName, opref.operationName].joined(separator: "\u{0}")
        // Loaded under the lock: two workers meeting a new op read its guildfile (and warn) once.
        return cache.withLock { cache in
            if let known = cache[key] { return known }
            let columns = load(opref)
            cache[key] = .some(columns)
            return columns
        }
    }

    private func load(_ opref: OpRef) -> [CompareColumn]? {
        guard let current = try? ResolvedOperation.current(for: opref),
            let specs = current.opdef.data["compare"]?.listValue
        else { return nil }
        let path = current.guildfile.path
        return specs.flatMap { spec -> [CompareColumn] in
            let text = spec.stringValue ?? pyStr(spec)
            do {
                return try CompareColumn.parse(text)
            } catch {
                warn("WARNING: error parsing \(pyRepr(text)) in \(path.path): \(error)")
                return []
            }
        }
    }
}
