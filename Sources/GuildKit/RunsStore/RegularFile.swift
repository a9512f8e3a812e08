import Foundation

/// Reading a file of a run for the user (`guild cat`): a regular file only, so that a fifo or
/// a device where a file should be is an error rather than a read that never returns.
public enum RegularFile {
    /// - Throws: `GuildError` naming the path when it is not a readable regular file.
    public static func read(_ url: URL) throws -> [UInt8] {
        guard let bytes = FastFile.readRegularFile(url.path) else {
            throw GuildError("cannot read \(url.path): not a regular file")
        }
        return bytes
    }
}
