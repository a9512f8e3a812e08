/// An error the user sees as `guild: <description>` with exit status 1.
public struct GuildError: Error, CustomStringConvertible, Equatable {
    /// The one-line message printed after `guild: `.
    public let description: String
    /// The exit status; 1 unless Guild uses another.
    public let exitCode: Int32

    /// Creates an error with the message the user sees.
    public init(_ message: String, exitCode: Int32 = 1) {
        self.description = message
        self.exitCode = exitCode
    }
}
