/// One event file's per-tag scalar summaries straight from its bytes: what summarizing
/// `EventFileReader.read(bytes:).scalars` tag by tag gives (the tests check it), without
/// building each event, its values, or a string per value. A cold `guild compare` of 10,000 runs reads
/// three million events; this is the loop it spends its time in.
enum EventFileSummarizer {
    /// The file at `path`; an unreadable file is damaged and has no summaries.
    static func summarize(path: String) -> (summaries: [ScalarSummary], damaged: Bool) {
        guard let bytes = FastFile.readRegularFile(path) else { return ([], true) }
        return summarize(bytes: bytes)
    }

    static func summarize(bytes: [UInt8]) -> (summaries: [ScalarSummary], damaged: Bool) {
        var tags = TagTable()
        var event = EventScalars()
        let ending = bytes.withUnsafeBufferPointer { buffer in
            TFRecord.forEachRecord(in: buffer) { record in
                // An event that does not decode ends the file's read, as in `EventFileReader`.
                guard (try? event.decode(record)) != nil else { return false }
                let step = Int(truncatingIfNeeded: event.step)
                for (tag, value) in event.scalars { tags.add(tag: tag, value: value, step: step) }
                return true
            }
        }
        return (tags.summaries, ending != .clean)
    }
}

/// The scalars of one event, decoded as `TFEvent(decoding:)` and `EventFileReader` take them
/// (the same walk of its fields), with each tag left as bytes of the record.
struct EventScalars {
    var step: Int64 = 0
    /// Each scalar value of the event's summary in order; the storage is reused event to event.
    var scalars: [(tag: UnsafeBufferPointer<UInt8>, value: Double)] = []

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(ProtoDecodeError) {
        step = 0
        scalars.removeAll(keepingCapacity: true)
        try TFEvent.forEachField(in: bytes) { field in
            switch field {
            case .step(let value): step = value
            case .fileVersion, .otherWhat: scalars.removeAll(keepingCapacity: true)
            case .summaryValue(let value): if let x = value.scalar { scalars.append((value.tag, x)) }
            case .wallTime, .summary: break
            }
        }
    }
}

/// Summaries by tag in the order tags first appear, found by the tag's bytes: the events of a
/// file repeat the same few tags in the same order, so the tag sought is usually the one after
/// the last. Tags whose bytes differ but whose strings are equal (invalid UTF-8 replaced,
/// canonically equivalent forms) share a summary, as in a dictionary keyed by the string.
private struct TagTable {
    private(set) var summaries: [ScalarSummary] = []
    /// Tag bytes seen, each with its summary's index.
    private var keys: [(bytes: [UInt8], summary: Int)] = []
    /// Where the next lookup starts.
    private var next = 0
    /// Summaries by tag, once there are too many tags to search one by one.
    private var byName: [String: Int] = [:]
    private static let linearLimit = 16

    mutating func add(tag: UnsafeBufferPointer<UInt8>, value: Double, step: Int) {
        if let key = find(tag) {
            summaries[keys[key].summary].add(value: value, step: step)
            next = key + 1 < keys.count ? key + 1 : 0
            return
        }
        let name = String(decoding: tag, as: UTF8.self)
        let existing = keys.count < Self.linearLimit ? summaries.firstIndex { $0.tag == name } : byName[name]
        if let existing {
            summaries[existing].add(value: value, step: step)
            if keys.count < Self.linearLimit { keys.append((Array(tag), existing)) }
            return
        }
        summaries.append(ScalarSummary(directory: "", tag: name, value: value, step: step))
        byName[name] = summaries.count - 1
        if keys.count < Self.linearLimit { keys.append((Array(tag), summaries.count - 1)) }
    }

    private func find(_ tag: UnsafeBufferPointer<UInt8>) -> Int? {
        if next < keys.count && Self.equal(keys[next].bytes, tag) { return next }
        return keys.indices.first { Self.equal(keys[$0].bytes, tag) }
    }

    private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { a in a.elementsEqual(b) }
    }
}
