import CFileStat
import Foundation

extension RunStore {
    /// Every run with its opref and start time, newest first, as `allRuns()` lists them, through
    /// the `RunIndex`: runs whose `started` is unchanged since it was indexed cost one stat, and
    /// their details and the remembered attrs, when asked for, a stat of each file they come from.
    /// Nil when the index cannot be used (the caller then reads every run).
    func indexedRuns(named names: [String], withDetails: Bool, attributes: [String], warn: (String) -> Void)
        -> [RunSummary]?
    {
        let cache = runsDirectory.deletingLastPathComponent().appendingPathComponent("cache")
        let needsDetails = withDetails || !attributes.isEmpty
        var index: RunIndex
        var stored: [String: RunIndex.StoredEntry]
        let known: [OpRef?]
        do {
            index = try RunIndex(cacheDirectory: cache, warn: warn)
            let loaded = try index.loadOrRebuild(expectedCount: names.count, withDetails: needsDetails, warn: warn)
            stored = loaded.entries
            known = loaded.oprefs.map { try? OpRef(parsing: $0) }
        } catch {
            warn("WARNING: run index in \(cache.path) cannot be used (\(error)); reading every run")
            return nil
        }
        let settledBefore = Int64(Date().timeIntervalSince1970 * 1e9) - indexSettledAge
        let base = runsDirectory.path
        let runsFd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard runsFd >= 0 else { return [] }
        defer { close(runsFd) }
        let request = ListingRequest(withDetails: withDetails, attributes: attributes)
        // The index's entries are let go once read (a do scope ends their copy's life): ~17 MB at
        // 100,000 runs.
        var results: [IndexedRead]
        do {
            let entries = stored
            results = ParallelMap.map(names) { name -> IndexedRead in
                let run = Run(id: name, path: base + "/" + name)
                let entry = entries[name]
                // Keys are taken before what they key is read: a rewrite after it changes the ctime.
                // Stored details are checked with stats relative to the run's `attrs`, opened once.
                let attrsFd =
                    needsDetails && entry?.details != nil
                    ? guild_open_directory_path(runsFd, name + "/.guild/attrs") : -1
                defer { if attrsFd >= 0 { close(attrsFd) } }
                // A run the index does not hold gets the key of `started` when it is read below.
                var key: RunIndex.FileKey? = nil
                if entry != nil {
                    key =
                        attrsFd >= 0
                        ? RunIndex.FileKey.of("started", in: attrsFd)
                        : RunIndex.FileKey.of(name + "/.guild/attrs/started", in: runsFd)
                }
                if let key, let entry, entry.key == key, let opref = known[entry.opref] {
                    var summary = RunSummary(run: run, opref: opref, timestamp: entry.started)
                    if !needsDetails { return IndexedRead(summary: summary, wasStored: true) }
                    if let bytes = entry.details, let details = RunIndexDetails(encoded: bytes),
                        details.isCurrent(
                            attributes: request.attributePositions, markersToo: withDetails, attrsFd: attrsFd,
                            guildPath: name + "/.guild", runsFd: runsFd)
                    {
                        request.fill(&summary, from: details, started: entry.started, runsFd: runsFd)
                        return IndexedRead(summary: summary, wasStored: true)
                    }
                }
                let dir = GuildDirectory(name + "/.guild", in: runsFd)
                let details = needsDetails ? RunIndexDetails.read(in: dir) : nil
                guard let found = Self.readOpRefAndStart(run, in: dir, withStartedKey: entry == nil) else {
                    return IndexedRead(wasStored: entry != nil)
                }
                if entry == nil { key = found.startedKey }
                var read = IndexedRead(wasStored: entry != nil)
                let started = Run.decode(found.startedText)?.intValue
                if let details, let started {
                    var summary = found.summary
                    request.fill(&summary, from: details, started: started, runsFd: runsFd)
                    read.summary = summary
                } else if needsDetails {
                    read.summary = Self.summary(run, in: dir, withDetails: withDetails, attributes: attributes)
                } else {
                    read.summary = found.summary
                }
                if let key, let oprefText = found.oprefText, let started, key.ctime < settledBefore,
                    details?.isSettled(before: settledBefore) ?? true
                {
                    read.newEntry = RunIndex.Entry(
                        opref: oprefText, started: started, key: key, details: details?.encoded())
                }
                return read
            }
        }
        var added: [(String, RunIndex.Entry)] = []
        var (runCount, storedCount) = (0, 0)
        for (name, read) in zip(names, results) {
            if let entry = read.newEntry { added.append((name, entry)) }
            if read.summary != nil { runCount += 1 }
            if read.wasStored { storedCount += 1 }
        }
        var removed: [String] = []
        if storedCount < stored.count {
            let present = Set(names)
            removed = stored.keys.filter { !present.contains($0) }
        }
        stored = [:]
        if !added.isEmpty || !removed.isEmpty {
            do { try index.save(added, removing: removed) } catch {
                warn("WARNING: run index in \(cache.path) was not updated (\(error))")
            }
        }
        added = []
        // Sized once and the reads let go at once: at 100,000 runs each array is ~20 MB.
        var summaries: [RunSummary] = []
        summaries.reserveCapacity(runCount)
        for read in results { if let summary = read.summary { summaries.append(summary) } }
        results = []
        Self.sortNewestFirst(&summaries)
        return summaries
    }
}

/// What a listing reads of each run beyond its opref and start.
private struct ListingRequest: Sendable {
    var withDetails: Bool
    /// The attrs asked for, each with its position in `RunIndexDetails.attributeNames` when the
    /// index remembers it.
    var attributes: [(name: String, position: Int?)]
    /// The names of `attributes`, one array for every run.
    var attributeNames: [String]
    /// The positions in `RunIndexDetails.attributeNames` of the remembered attrs read.
    var attributePositions: [Int]

    init(withDetails: Bool, attributes: [String]) {
        self.withDetails = withDetails
        self.attributes = attributes.map { ($0, RunIndexDetails.position(of: $0)) }
        attributeNames = attributes
        let asked = self.attributes.compactMap(\.position)
        attributePositions = Array(Set(asked + (withDetails ? RunIndexDetails.listedAttributes : []))).sorted()
    }

    /// Fills `summary` from a run's current `details`; attrs the index does not remember are
    /// read from the run.
    func fill(_ summary: inout RunSummary, from details: RunIndexDetails, started: Int, runsFd: Int32) {
        let id = summary.run.id
        if withDetails {
            summary.details = details.listDetails {
                Run.status(in: GuildDirectory(id + "/.guild", in: runsFd))
            }
            summary.hasProto = details.isBatch
        }
        guard !attributes.isEmpty else { return }
        summary.preloaded = PreloadedAttributes(
            names: attributeNames,
            texts: attributes.map { name, position in
                if name == "started" { return "\(started)\n" }
                if let position { return details.text(at: position) }
                return GuildDirectory(id + "/.guild", in: runsFd).readString("attrs/" + name)
            })
    }
}

/// One run directory as the indexed listing found it.
private struct IndexedRead {
    /// Nil when the directory is not a run (no opref).
    var summary: RunSummary?
    /// Whether the index held an entry for it.
    var wasStored: Bool
    /// What to store for it: its entry was missing or stale, and what was read is settled.
    var newEntry: RunIndex.Entry?
}

/// Writes a warning line to standard error.
public func standardErrorWarning(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
