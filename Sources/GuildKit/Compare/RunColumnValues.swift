import Foundation

/// The value of a compare column for one run: flags from the `flags` attr, attrs (core names
/// formatted as Guild shows them), scalars from the run's event files (reference 7.3).
struct RunColumnValues {
    let summary: RunSummary
    let flags: [String: YAMLValue]
    let scalars: [ScalarSummary]
    let now: Date

    func value(_ column: CompareColumn) -> YAMLValue {
        switch column {
        case .flag(let name, _): return flags[name] ?? .null
        case .attr(let name, _): return attribute(name)
        case .scalar(let qualifier, let key, let step, _): return scalar(qualifier, key: key, step: step)
        }
    }

    private func attribute(_ name: String) -> YAMLValue {
        let run = summary.run
        switch name {
        case "run", "short_id": return .string(run.shortId)
        case "id": return .string(run.id)
        case "operation": return .string(summary.operationDisplay)
        case "op": return .string(summary.opref.operationName)
        case "model", "op_model": return .string(summary.opref.modelName)
        case "from": return summary.opref.operationDirectory.map(YAMLValue.string) ?? .null
        case "status": return .string(summary.details?.status.rawValue ?? run.status.rawValue)
        case "label": return summary.details.map { .string($0.label) } ?? summary.attribute("label") ?? .null
        case "sourcecode":
            return summary.attribute("sourcecode_digest")?.stringValue.map { .string(String($0.prefix(8))) } ?? .null
        case "started", "stopped":
            return summary.attribute(name)?.intValue.map { .string(Timestamp.format($0)) } ?? .null
        case "time":
            guard let started = summary.attribute("started")?.intValue else { return .null }
            let running = (summary.details?.status ?? run.status) == .running
            let end = summary.attribute("stopped")?.intValue ?? (running ? Timestamp.now(now) : nil)
            return end.map { .string(Timestamp.formatDuration(from: started, to: $0)) } ?? .null
        default: return summary.attribute(name) ?? .null
        }
    }

    /// `prefix#tag` matches summaries whose prefix starts with `prefix`; a bare tag matches the
    /// first summary with that tag in any prefix, as Guild's index query does.
    private func scalar(_ qualifier: Objective.Qualifier, key: String, step: Bool) -> YAMLValue {
        let match: ScalarSummary?
        if let hash = key.firstIndex(of: "#") {
            let prefix = String(key[..<hash])
            let tag = String(key[key.index(after: hash)...])
            match = scalars.first { $0.tag == tag && $0.prefix.hasPrefix(prefix) }
        } else {
            match = scalars.first { $0.tag == key }
        }
        guard let s = match else { return .null }
        switch qualifier {
        case .first: return step ? .int(s.firstStep) : .float(s.first)
        case .last: return step ? .int(s.lastStep) : .float(s.last)
        case .min: return step ? .int(s.minStep) : .float(s.min)
        case .max: return step ? .int(s.maxStep) : .float(s.max)
        case .avg: return .float(s.avg)
        case .total: return .float(s.total)
        case .count: return .int(s.count)
        }
    }
}
