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
        var summaries: [String: [String: ScalarSummary]] = [:]
        var damaged: [String] = []
        for directory in EventFileWalker.directories(runDirectory: runDirectory.path) {
            let prefix = directory.prefix
            var byTag = summaries[prefix] ?? [:]
            for name in directory.files.map(\.name) {
                let contents = EventFileReader.read(url: URL(fileURLWithPath: directory.path + "/" + name))
                if contents.damaged { damaged.append(prefix.isEmpty ? name : "\(prefix)/\(name)") }
                for s in contents.scalars {
                    if byTag[s.tag] == nil {
                        byTag[s.tag] = ScalarSummary(directory: prefix, tag: s.tag, value: s.value, step: s.step)
                    } else {
                        byTag[s.tag]!.add(value: s.value, step: s.step)
                    }
                }
            }
            summaries[prefix] = byTag
        }
        return (ScalarSummary.sorted(summaries.values.flatMap(\.values)), damaged.sorted())
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
