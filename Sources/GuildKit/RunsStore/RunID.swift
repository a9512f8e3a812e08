import Foundation

/// Run ids as Guild AI makes them: `uuid4().hex`.
public enum RunID {
    /// A new random id: 32 lowercase hex characters.
    public static func make() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
