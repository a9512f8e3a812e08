/// `-Fo/--operation VAL`: Guild's match of an op reference against a run's operation as runs
/// lists show it (`train`, `model:train`, `pkg/model:train`). A reference starting with `^` or
/// ending with `$` is a regular expression searched for; else each given part (package, model,
/// op) must equal the run's, or match it as a glob when it holds `*`.
enum OperationMatch {
    static func matches(_ reference: String, operation: String) -> Bool {
        if reference.hasPrefix("^") || reference.hasSuffix("$") {
            return (try? Regex(reference)).map { operation.contains($0) } ?? false
        }
        let wanted = parts(reference)
        let actual = parts(operation)
        return zip(wanted, actual).allSatisfy { ref, part in
            guard let ref, !ref.isEmpty else { return true }
            guard let part, !part.isEmpty else { return false }
            return ref.contains("*") ? Glob.matches(ref, part) : ref == part
        }
    }

    /// Package, model and op of an opspec, as Guild's `parse_opspec` splits it (all nil when it
    /// cannot).
    private static func parts(_ spec: String) -> [String?] {
        if spec.isEmpty { return [nil, nil, nil] }
        if !spec.contains("/") && !spec.contains(":") { return [nil, nil, spec] }
        guard let colon = spec.lastIndex(of: ":") else {
            // `pkg/op`
            let pieces = spec.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else { return [nil, nil, nil] }
            return [String(pieces[0]), "", String(pieces[1])]
        }
        let model = String(spec[..<colon])
        let op = String(spec[spec.index(after: colon)...])
        guard !op.isEmpty, !op.contains("/") else { return [nil, nil, nil] }
        let modelParts = model.split(separator: "/", omittingEmptySubsequences: false)
        switch modelParts.count {
        case 1: return [nil, model, op]
        case 2 where !modelParts[1].contains(":"):
            return [String(modelParts[0]), String(modelParts[1]), op]
        default: return [nil, nil, nil]
        }
    }
}
