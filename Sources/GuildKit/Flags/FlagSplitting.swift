import Foundation

/// `arg-split`: a string flag value split into parts (Guild's `split_encoded_flag_val`).
enum FlagSplitting {
    /// Split by shell rules for `yes`/`shlex`, else by the given separator, dropping empty parts.
    static func split(_ text: String, spec: YAMLValue) -> [String] {
        if case .string(let sep) = spec, sep != "shlex" {
            return text.components(separatedBy: sep).filter { !$0.isEmpty }
        }
        return (try? Shlex.split(text)) ?? [text]
    }

    /// Guild's `join_splittable_flag_vals`: each value encoded, shell-quoted and joined by spaces
    /// (or joined by the separator the spec names).
    static func join(_ values: [YAMLValue], spec: YAMLValue) -> String {
        let encoded = values.map { $0.flowEncoded() }
        if case .string(let sep) = spec, sep != "shlex" { return encoded.joined(separator: sep) }
        return Shlex.join(encoded)
    }

    /// Whether a flag's `arg-split` asks for splitting (set, and not `no`).
    static func splits(_ spec: YAMLValue?) -> Bool {
        guard let spec, !spec.isNull else { return false }
        return spec != .bool(false)
    }
}
