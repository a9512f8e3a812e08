/// Splits streamed process output into lines the way Guild's output tee does.
///
/// A line ends at each LF. Bytes below 9 are dropped from the line (they stay in the raw `output` file,
/// which the caller writes separately). Line text excludes the LF and is decoded as UTF-8 with invalid
/// bytes dropped (Python's `errors="ignore"`). Use one splitter per stream (stdout, stderr).
public struct OutputLineSplitter: Sendable {
    private var pending: [UInt8] = []

    /// Creates an empty splitter.
    public init() {}

    /// True when bytes of an unfinished line are buffered.
    public var hasPartialLine: Bool { !pending.isEmpty }

    /// Feeds a raw chunk and returns the lines it completes, in order.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for b in chunk where b >= 9 {
            if b == 10 {
                lines.append(Self.decode(pending))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(b)
            }
        }
        return lines
    }

    /// Returns the final partial line at end of stream, if any (a line made only of dropped bytes is none).
    public mutating func finish() -> String? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return Self.decode(pending)
    }

    /// UTF-8 decoding that drops invalid sequences.
    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .error: continue
            case .emptyInput: break loop
            }
        }
        return String(scalars)
    }
}
