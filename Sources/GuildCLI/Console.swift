import Foundation

/// Writes to stdout and stderr with plain write(2): when the reader has gone (`guild runs | head`)
/// a write fails with EPIPE and is dropped, where FileHandle would trap.
enum Console {
    static func out(_ text: String) { write(text + "\n", to: 1) }

    static func error(_ text: String) { write(text + "\n", to: 2) }

    /// Writes text that already ends in a newline (or is empty).
    static func outRaw(_ text: String) { write(text, to: 1) }

    static func write(_ text: String, to fd: Int32) { write(Array(text.utf8), to: fd) }

    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}
