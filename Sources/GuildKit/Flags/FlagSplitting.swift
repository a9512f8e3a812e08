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
}
