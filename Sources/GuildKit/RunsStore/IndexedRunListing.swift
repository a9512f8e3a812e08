import Foundation

extension RunStore {
    /// Every run with its opref and start time, newest first, as `allRuns()` lists them, through
    /// the `RunIndex`: runs whose `started` is unchanged since it was indexed cost one stat.
    /// Nil when the index cannot be used (the caller then reads every run).
    func indexedRuns(named names: [String], warn: (String) -> Void) -> [RunSummary]? {
        let cache = runsDirectory.deletingLastPathComponent().appendingPathComponent("cache")
        let index: RunIndex
        let loaded: RunIndex.Stored
        do {
            index = try RunIndex(cacheDirectory: cache, warn: warn)
            loaded = try index.load(expectedCount: names.count)
        } catch {
            warn("WARNING: run index in \(cache.path) cannot be used (\(error)); reading every run")
            return nil
        }
        let settledBefore = Int64(Date().timeIntervalSince1970 * 1e9) - indexSettledAge
        let stored = loaded.entries
        let known = loaded.oprefs.map { try? OpRef(parsing: $0) }
        let base = runsDirectory.path
        let runsFd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard runsFd >= 0 else { return [] }
        defer { close(runsFd) }
        let results = ParallelMap.map(names) { name -> IndexedRead in
            let run = Run(id: name, path: base + "/" + name)
            // The key is taken before `started` is read: a rewrite after it changes the ctime.
            let key = RunIndex.FileKey.of(name + "/.guild/attrs/started", in: runsFd)
            let entry = stored[name]
            if let key, let entry, entry.key == key, let opref = known[entry.opref] {
                return IndexedRead(summary: RunSummary(run: run, opref: opref, timestamp: entry.started), wasStored: true)
            }
            guard let found = Self.readOpRefAndStart(run, in: GuildDirectory(name + "/.guild", in: runsFd)) else {
                return IndexedRead(wasStored: entry != nil)
            }
            var read = IndexedRead(summary: found.summary, wasStored: entry != nil)
            if let key, let oprefText = found.oprefText, let started = Run.decode(found.startedText)?.intValue,
                key.ctime < settledBefore
            {
                read.newEntry = RunIndex.Entry(opref: oprefText, started: started, key: key)
            }
            return read
        }
        let added = zip(names, results).compactMap { name, read in read.newEntry.map { (name, $0) } }
        var removed: [String] = []
        if results.lazy.filter(\.wasStored).count < stored.count {
            let present = Set(names)
            removed = stored.keys.filter { !present.contains($0) }
        }
        if !added.isEmpty || !removed.isEmpty {
            do { try index.save(added, removing: removed) } catch {
                warn("WARNING: run index in \(cache.path) was not updated (\(error))")
            }
        }
        return Self.sortedNewestFirst(results.compactMap(\.summary))
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
