import Foundation

/// Summary of one scalar tag in one event directory of a run (Guild's `TagSummary`).
public struct ScalarSummary: Sendable, Equatable {
    /// Key prefix: the event directory relative to the run directory (`val`, `val/sub`, ...), or `""` for the
    /// run root and for `.guild`.
    public var prefix: String
    /// The event directory relative to the run directory, unnormalized (`""`, `.guild`, `val`, ...).
    /// Guild keeps separate summaries for `""` and `.guild`, so two summaries can share a key.
    public var directory: String
    public var tag: String
    public var first: Double
    public var firstStep: Int
    public var last: Double
    public var lastStep: Int
    public var min: Double
    public var minStep: Int
    public var max: Double
    public var maxStep: Int
    public var avg: Double
    public var total: Double
    public var count: Int

    /// The scalar key: `tag`, or `prefix#tag`.
    public var key: String {
        prefix.isEmpty ? tag : "\(prefix)#\(tag)"
    }

    /// Starts a summary from its first value; `directory` is the event directory relative to the run.
    public init(directory: String, tag: String, value: Double, step: Int) {
        self.directory = directory
        self.prefix = directory == ".guild" ? "" : directory
        self.tag = tag
        first = value
        firstStep = step
        last = value
        lastStep = step
        min = value
        minStep = step
        max = value
        maxStep = step
        avg = value
        total = value
        count = 1
    }

    /// Adds a value, with Guild's rules: first keeps the lowest step (earliest wins ties), last the highest
    /// step (latest wins ties), min/max are strict comparisons (so NaN never replaces a value).
    public mutating func add(value: Double, step: Int) {
        if step < firstStep {
            first = value
            firstStep = step
        }
        if step >= lastStep {
            last = value
            lastStep = step
        }
        if value < min {
            min = value
            minStep = step
        }
        if value > max {
            max = value
            maxStep = step
        }
        total += value
        count += 1
        avg = total / Double(count)
    }
}

/// Reads and summarizes every scalar logged under a run directory.
public enum RunScalars {
    /// Summaries sorted by (prefix, tag, directory), plus the paths (relative to the run directory) of event files that
    /// could not be read to the end.
    ///
    /// Every directory under `runDirectory` holding a `*.tfevents.*` file is read; within a directory the files
    /// whose names contain `tfevents` (except `*.profile-empty`) are read in sorted order. Symlinked directories
    /// are followed only when they point to another run (`<link>/.guild/opref` exists), as Guild does for the
    /// trial links of a batch run; each real directory is visited once.
    public static func read(runDirectory: URL) -> (summaries: [ScalarSummary], damagedFiles: [String]) {
        var perFile: [(directory: String, summaries: [ScalarSummary])] = []
        var damaged: [String] = []
        for directory in EventFileWalker.directories(runDirectory: runDirectory.path) {
            for name in directory.files.map(\.name) {
                let (summaries, isDamaged) = EventFileSummarizer.summarize(path: directory.path + "/" + name)
                if isDamaged { damaged.append(directory.prefix.isEmpty ? name : "\(directory.prefix)/\(name)") }
                perFile.append((directory.prefix, summaries))
            }
        }
        return (ScalarSummary.merged(perFile), damaged.sorted())
    }
}

extension ScalarSummary {
    /// A run's per-file summaries, in file order, merged per (directory, tag) as if every value
    /// had been added in order (`merge`), then sorted (`sorted`).
    static func merged(_ perFile: [(directory: String, summaries: [ScalarSummary])]) -> [ScalarSummary] {
        func placed(_ s: ScalarSummary, in directory: String) -> ScalarSummary {
            var s = s
            s.directory = directory
            s.prefix = directory == ".guild" ? "" : directory
            return s
        }
        if perFile.count == 1, let (directory, summaries) = perFile.first {
            // One file holds each tag once: nothing to merge.
            return sorted(summaries.map { placed($0, in: directory) })
        }
        var merged: [String: ScalarSummary] = [:]
        for (directory, summaries) in perFile {
            for s in summaries {
                let key = directory + "\u{0}" + s.tag
                if var existing = merged[key] {
                    existing.merge(s)
                    merged[key] = existing
                } else {
                    merged[key] = placed(s, in: directory)
                }
            }
        }
        return sorted(Array(merged.values))
    }

    /// Adds the summary of a later file of the same directory and tag, as if its values had
    /// been added one by one (`add`).
    mutating func merge(_ other: ScalarSummary) {
        if other.firstStep < firstStep {
            first = other.first
            firstStep = other.firstStep
        }
        if other.lastStep >= lastStep {
            last = other.last
            lastStep = other.lastStep
        }
        if other.min < min {
            min = other.min
            minStep = other.minStep
        }
        if other.max > max {
            max = other.max
            maxStep = other.maxStep
        }
        total += other.total
        count += other.count
        avg = total / Double(count)
    }
}

extension ScalarSummary {
    /// Summaries in Guild's order: by prefix, tag, then directory (code point order).
    static func sorted(_ summaries: [ScalarSummary]) -> [ScalarSummary] {
        func less(_ a: String, _ b: String) -> Bool { a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) }
        return summaries.sorted {
            if $0.prefix != $1.prefix { return less($0.prefix, $1.prefix) }
            if $0.tag != $1.tag { return less($0.tag, $1.tag) }
            return less($0.directory, $1.directory)
        }
    }
}
