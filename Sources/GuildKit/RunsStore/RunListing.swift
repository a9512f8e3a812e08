import Dispatch
import Foundation

/// What `guild runs` and run selection need of each run, read once.
public struct RunSummary: Sendable {
    public let run: Run
    public let opref: OpRef
    /// `started`, else `initialized` (µs); runs without either sort last.
    public let timestamp: Int?
    /// Status, label and mark, when the listing was asked to read them.
    public var details: RunListDetails? = nil
    /// Whether the run is a batch (has a proto run), when the listing read it.
    var hasProto: Bool?
    /// Raw attrs read in the listing pass, so that commands reading the same attrs of every run
    /// (`compare`) open each run directory once.
    var preloaded = PreloadedAttributes()

    /// Whether the run is a batch run (`.guild/proto` exists).
    public var isBatch: Bool { hasProto ?? (run.batchProto != nil) }

    /// Decoded attr `name`, from the listing pass when it was read there.
    public func attribute(_ name: String) -> YAMLValue? {
        if let raw = preloaded.text(of: name) { return Run.decode(raw) }
        return run.attribute(name)
    }
}

/// Attrs read in the listing pass: the texts of the attrs named (nil: absent). The names are
/// the listing's one array, shared by every run's summary.
struct PreloadedAttributes: Sendable {
    private var names: [String] = []
    private var texts: [String?] = []

    init() {}

    init(names: [String], texts: [String?]) {
        self.names = names
        self.texts = texts
    }

    /// `.some(text)` when attr `name` was read (`.some(nil)`: absent), nil when it was not.
    func text(of name: String) -> String?? {
        names.firstIndex(of: name).map { texts[$0] }
    }
}

/// The fields `guild runs` shows beside the op, read for the runs shown only.
public struct RunListDetails: Sendable {
    public let status: RunStatus
    public let label: String
    public let isMarked: Bool

    init(status: RunStatus, label: String, isMarked: Bool) {
        self.status = status
        self.label = label
        self.isMarked = isMarked
    }

    init(_ run: Run) {
        self.init(run, in: run.openGuildDirectory())
    }

    init(_ run: Run, in dir: borrowing GuildDirectory) {
        status = Run.status(in: dir)
        label = Run.decode(dir.readString("attrs/label"))?.stringValue ?? ""
        isMarked = Run.decode(dir.readString("attrs/marked")) == .bool(true)
    }
}

/// Lists the runs of a Guild home.
public struct RunStore: Sendable {
    /// `GH/runs`.
    public let runsDirectory: URL

    /// Homes with at least this many runs are listed through the `RunIndex`: below it, opening
    /// the index costs more than reading the runs.
    var indexedFrom = 200
    /// A run is stored in the `RunIndex` only when its `started` was last changed this long (ns)
    /// before the listing began: file times are coarser than the clock, so a file rewritten
    /// within the same tick could change again without its ctime moving.
    var indexSettledAge: Int64 = 2_000_000_000

    /// `GUILD_RUNS_PARENT`: a pipeline step sees only the runs its pipeline run links to (its
    /// earlier steps), as Guild AI's `var.runs` scopes every lookup of a step's `guild run`.
    public var parentRunId: String?

    public init(runsDirectory: URL, parentRunId: String? = ProcessInfo.processInfo.environment["GUILD_RUNS_PARENT"]) {
        self.runsDirectory = runsDirectory
        self.parentRunId = parentRunId.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The run ids the pipeline run `parent` links to, in the runs directory, and those they link
    /// to in turn (a batch step's trials, a nested pipeline's steps).
    private func linkedRunIds(_ parent: String) -> Set<String> {
        let real = runsDirectory.resolvingSymlinksInPath().path
        var ids: Set<String> = []
        var pending = [parent]
        while let id = pending.popLast() {
            let base = runsDirectory.appendingPathComponent(id)
            for name in FastFile.directoryNames(base.path) {
                let target = base.appendingPathComponent(name).resolvingSymlinksInPath()
                guard target.deletingLastPathComponent().path == real, ids.insert(target.lastPathComponent).inserted
                else { continue }
                pending.append(target.lastPathComponent)
            }
        }
        return ids
    }

    /// `names` limited to the parent's runs when a parent is set.
    private func scoped(_ names: [String]) -> [String] {
        guard let parentRunId else { return names }
        let linked = linkedRunIds(parentRunId)
        return names.filter(linked.contains)
    }

    /// Every run (a directory with `.guild/opref`, as Guild AI lists them), newest first; a run
    /// whose opref cannot be read lists with `OpRef.unreadable`.
    /// - Parameters:
    ///   - withDetails: also read each run's status, label and mark, in the same pass.
    ///   - attributes: attrs to read in the same pass (`RunSummary.attribute`).
    ///   - warn: where warnings about an unusable run index go.
    public func allRuns(
        withDetails: Bool = false, attributes: [String] = [], warn: (String) -> Void = standardErrorWarning
    ) -> [RunSummary] {
        let names = scoped(FastFile.directoryNames(runsDirectory.path))
        if names.count >= indexedFrom,
            let runs = indexedRuns(named: names, withDetails: withDetails, attributes: attributes, warn: warn)
        {
            return runs
        }
        return summaries(of: names, withDetails: withDetails, attributes: attributes)
    }

    /// The runs whose ids start with one of `idPrefixes`, newest first, found by one listing of
    /// the runs directory: no other run is read.
    public func runs(idPrefixes: [String], withDetails: Bool = false, attributes: [String] = []) -> [RunSummary] {
        let names = scoped(FastFile.directoryNames(runsDirectory.path, withPrefixes: idPrefixes))
        return summaries(of: names, withDetails: withDetails, attributes: attributes)
    }

    private func summaries(of names: [String], withDetails: Bool, attributes: [String]) -> [RunSummary] {
        let base = runsDirectory.path
        let runsFd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard runsFd >= 0 else { return [] }
        defer { close(runsFd) }
        var summaries = ParallelMap.map(names) { name in
            let run = Run(id: name, path: base + "/" + name)
            return Self.summary(
                run, in: GuildDirectory(name + "/.guild", in: runsFd), withDetails: withDetails,
                attributes: attributes)
        }.compactMap { $0 }
        Self.sortNewestFirst(&summaries)
        return summaries
    }

    /// The runs whose id starts with `idPrefix` and whose opref passes `include`, newest first,
    /// with their details. Oprefs come from the `OpRefIndex`, so runs of other ops cost no reads.
    /// - Parameter operationName: when given, lines whose last word is another name are skipped
    ///   before they are parsed.
    public func runs(idPrefix: String = "", operationName: String? = nil, where include: @Sendable (OpRef) -> Bool)
        -> [RunSummary]
    {
        var matching: [(String, OpRef)] = []
        let linked = parentRunId.map(linkedRunIds)
        OpRefIndex(runsDirectory: runsDirectory).forEach(lineSuffix: operationName.map { " " + $0 }) { id, line in
            guard id.hasPrefix(idPrefix), linked?.contains(id) ?? true, let opref = try? OpRef(parsing: line),
                include(opref)
            else { return }
            matching.append((id, opref))
        }
        let base = runsDirectory.path
        var summaries = ParallelMap.map(matching) { name, opref -> RunSummary in
            let run = Run(id: name, path: base + "/" + name)
            let dir = run.openGuildDirectory()
            return RunSummary(
                run: run, opref: opref, timestamp: Run.timestamp(in: dir), details: RunListDetails(run, in: dir))
        }
        Self.sortNewestFirst(&summaries)
        return summaries
    }

    /// The run with this full (32-character) id, whatever its op and status; nil for a shorter
    /// id or no such run. Guild selects upstream runs this way when given a full id.
    public func run(fullId id: String) -> Run? {
        guard id.count == 32, parentRunId.map({ linkedRunIds($0).contains(id) }) ?? true else { return nil }
        let run = Run(id: id, directory: runsDirectory.appendingPathComponent(id))
        return run.opref != nil ? run : nil
    }

    /// Status, label and mark of each run, read in parallel unless already read.
    public static func details(of runs: [RunSummary]) -> [RunListDetails] {
        ParallelMap.map(runs) { $0.details ?? RunListDetails($0.run) }
    }

    static func summary(
        _ run: Run, in dir: borrowing GuildDirectory, withDetails: Bool = false, attributes: [String] = []
    ) -> RunSummary? {
        guard let read = readOpRefAndStart(run, in: dir) else { return nil }
        let started = read.startedText
        var summary = read.summary
        if withDetails {
            summary.details = RunListDetails(run, in: dir)
            summary.hasProto = dir.exists("proto")
        }
        if !attributes.isEmpty {
            summary.preloaded = PreloadedAttributes(
                names: attributes,
                texts: attributes.map { $0 == "started" ? started : dir.readString("attrs/" + $0) })
        }
        return summary
    }

    /// A run's opref and start time (`started`, else `initialized`), with the opref's text when
    /// it parses and the text of `started`; nil when the directory has no opref (not a run).
    /// - Parameter withStartedKey: also take the key of `started` (`RunIndex`), once it is open.
    static func readOpRefAndStart(_ run: Run, in dir: borrowing GuildDirectory, withStartedKey: Bool = false)
        -> (summary: RunSummary, oprefText: String?, startedText: String?, startedKey: RunIndex.FileKey?)?
    {
        let oprefText = dir.readString("opref")
        let opref = oprefText.flatMap { try? OpRef(parsing: $0) }
        guard opref != nil || dir.exists("opref") else { return nil }
        let keyed = withStartedKey ? dir.readStringWithKey("attrs/started") : nil
        let started = withStartedKey ? keyed?.text : dir.readString("attrs/started")
        let timestamp =
            Run.decode(started)?.intValue ?? Run.decode(dir.readString("attrs/initialized"))?.intValue
        return (
            RunSummary(run: run, opref: opref ?? .unreadable, timestamp: timestamp), opref != nil ? oprefText : nil,
            started, keyed?.key
        )
    }

    /// Sorts in place: a listing of 100,000 runs is then not copied once more.
    static func sortNewestFirst(_ runs: inout [RunSummary]) {
        runs.sort { a, b in
            switch (a.timestamp, b.timestamp) {
            case let (x?, y?): return x != y ? x > y : a.run.id < b.run.id
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.run.id < b.run.id
            }
        }
    }
}

extension RunSummary {
    /// The opref of the op the run carries out: a batch's is its proto's (Guild's
    /// `batch_proto or run`).
    public var runOpRef: OpRef {
        opref.packageType == "builtin" ? run.batchProto?.opref ?? opref : opref
    }

    /// The summary with whether the run has a proto read, when the listing did not read it (a
    /// table of a few runs: an operation used as an optimizer shows as `<proto op>+<op>`).
    public func withProtoChecked() -> RunSummary {
        guard hasProto == nil else { return self }
        var summary = self
        summary.hasProto = run.batchProto != nil
        return summary
    }

    /// The op as runs lists show it; a batch run is `<proto op>+<optimizer>` (`train+`,
    /// `train+skopt:gp`, `train+tune` for an operation used as optimizer), as Guild AI's
    /// `format_operation` shows it. Another op's run is checked for a proto only when the
    /// listing read that already.
    public var operationDisplay: String {
        let base = opref.operationDisplay
        guard opref.packageType == "builtin" || hasProto == true,
            let proto = run.batchProto?.opref
        else { return base }
        return proto.operationDisplay + (base.hasPrefix("+") ? "" : "+") + base
    }
}
