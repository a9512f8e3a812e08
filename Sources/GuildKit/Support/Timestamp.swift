import Foundation
import Synchronization

/// Guild's run timestamps: integer microseconds since the epoch, strictly increasing within
/// one process (reference 2.1).
public enum Timestamp {
    private static let last = Mutex<Int>(0)

    /// The current time in µs, at least one more than the last value returned.
    public static func now(_ date: Date = Date()) -> Int {
        let candidate = Int(date.timeIntervalSince1970 * 1_000_000)
        return last.withLock { last in
            last = max(candidate, last + 1)
            return last
        }
    }

    /// `%Y-%m-%d %H:%M:%S` in local time.
    public static func format(_ micros: Int) -> String {
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [Int8](repeating: 0, count: 32)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `H:MM:SS` between two µs timestamps.
    public static func formatDuration(from start: Int, to end: Int) -> String {
        let total = max(0, (end - start) / 1_000_000)
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return "\(h):\(String(m).leftPadded(to: 2)):\(String(s).leftPadded(to: 2))"
    }
}
