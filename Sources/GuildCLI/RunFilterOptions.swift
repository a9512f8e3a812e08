import ArgumentParser
import GuildKit

/// Guild's run filter options (`runs`, `compare`, `select`, `diff`, `tensorboard`, the run
/// management commands), applied before RUN indexes are resolved.
struct RunFilterOptions: ParsableArguments {
    @OptionGroup var statusChars: RunStatusCharsOption
    @OptionGroup var attributes: RunAttributeFilterOptions
    @OptionGroup var statuses: RunStatusFilterOptions

    func filter() throws -> RunFilter {
        var filter = try attributes.filter()
        try statusChars.apply(to: &filter)
        try statuses.apply(to: &filter)
        try filter.validate()
        return filter
    }
}

/// The filters without `-S CHARS`, for `merge`, whose `-S` is `--skip-sourcecode`.
struct RunFilterOptionsWithoutStatusChars: ParsableArguments {
    @OptionGroup var attributes: RunAttributeFilterOptions
    @OptionGroup var statuses: RunStatusFilterOptions

    func filter() throws -> RunFilter {
        var filter = try attributes.filter()
        try statuses.apply(to: &filter)
        try filter.validate()
        return filter
    }
}

/// The filters on what a run is (`-F`, `-Fo`, ... `-Fd`): all that `stop` and `watch` take.
struct RunAttributeFilterOptions: ParsableArguments {
    @Option(
        name: [.customShort("F"), .customLong("filter")],
        help: ArgumentHelp("Filter runs using a filter expression.", valueName: "EXPR"))
    var expression: String?
    @Option(
        name: [.customLong("Fo", withSingleDash: true), .customLong("operation")],
        help: ArgumentHelp("Filter runs with operations matching VAL.", valueName: "VAL"))
    var operations: [String] = []
    @Option(
        name: [.customLong("Fl", withSingleDash: true), .customLong("label")],
        help: ArgumentHelp("Filter runs with labels matching VAL.", valueName: "VAL"))
    var labels: [String] = []
    @Flag(
        name: [.customLong("Fu", withSingleDash: true), .customLong("unlabeled")], help: "Filter runs without labels.")
    var unlabeled = false
    @Option(
        name: [.customLong("Ft", withSingleDash: true), .customLong("tag")],
        help: ArgumentHelp("Filter runs with TAG.", valueName: "TAG"))
    var tags: [String] = []
    @Option(
        name: [.customLong("Fc", withSingleDash: true), .customLong("comment")],
        help: ArgumentHelp("Filter runs with comments matching VAL.", valueName: "VAL"))
    var comments: [String] = []
    @Flag(name: [.customLong("Fm", withSingleDash: true), .customLong("marked")], help: "Filter marked runs.")
    var marked = false
    @Flag(name: [.customLong("Fn", withSingleDash: true), .customLong("unmarked")], help: "Filter unmarked runs.")
    var unmarked = false
    @Option(
        name: [.customLong("Fs", withSingleDash: true), .customLong("started")],
        help: ArgumentHelp("Filter runs started within RANGE ('last hour', 'today', 'after 7-1').", valueName: "RANGE"))
    var started: String?
    @Option(
        name: [.customLong("Fd", withSingleDash: true), .customLong("digest")],
        help: ArgumentHelp("Filter runs with a matching source code digest.", valueName: "VAL"))
    var digest: String?
    /// The filter the options give.
    /// - Throws: `GuildError` for a bad expression or range.
    func filter() throws -> RunFilter {
        var filter = RunFilter()
        filter.operations = operations
        filter.labels = labels
        filter.unlabeled = unlabeled
        filter.tags = tags
        filter.comments = comments
        filter.marked = marked
        filter.unmarked = unmarked
        filter.digest = digest
        filter.started = try started.map { try StartedRange(parsing: $0) }
        filter.expression = try expression.map { try FilterExpression(parsing: $0) }
        return filter
    }
}

/// The status filters (`-Sr` ... `-Ss`, their `--not-*` forms, `-S CHARS`).
struct RunStatusFilterOptions: ParsableArguments {
    @Flag(name: [.customLong("Sr", withSingleDash: true), .customLong("running")], help: "Filter running runs.")
    var running = false
    @Flag(name: [.customLong("Sc", withSingleDash: true), .customLong("completed")], help: "Filter completed runs.")
    var completed = false
    @Flag(
        name: [.customLong("Se", withSingleDash: true), .customLong("error")],
        help: "Filter runs that exited with an error.")
    var error = false
    @Flag(
        name: [.customLong("St", withSingleDash: true), .customLong("terminated")],
        help: "Filter runs terminated by the user.")
    var terminated = false
    @Flag(name: [.customLong("Sp", withSingleDash: true), .customLong("pending")], help: "Filter pending runs.")
    var pending = false
    @Flag(name: [.customLong("Ss", withSingleDash: true), .customLong("staged")], help: "Filter staged runs.")
    var staged = false
    @Flag(name: .customLong("not-running"), help: .hidden) var notRunning = false
    @Flag(name: .customLong("not-completed"), help: .hidden) var notCompleted = false
    @Flag(name: .customLong("not-error"), help: .hidden) var notError = false
    @Flag(name: .customLong("not-terminated"), help: .hidden) var notTerminated = false
    @Flag(name: .customLong("not-pending"), help: .hidden) var notPending = false
    @Flag(name: .customLong("not-staged"), help: .hidden) var notStaged = false
    /// Adds the statuses asked for to `filter`.
    func apply(to filter: inout RunFilter) throws {
        let flags: [(Bool, Bool, RunStatus)] = [
            (running, notRunning, .running), (completed, notCompleted, .completed), (error, notError, .error),
            (terminated, notTerminated, .terminated), (pending, notPending, .pending), (staged, notStaged, .staged),
        ]
        for (include, exclude, status) in flags {
            if include { filter.statuses.insert(status) }
            if exclude { filter.excludedStatuses.insert(status) }
        }
    }
}

/// `-S CHARS`: the statuses as letters (`-S ce`).
struct RunStatusCharsOption: ParsableArguments {
    @Option(
        name: .customShort("S"),
        help: ArgumentHelp(
            "Filter runs by status chars: r(unning), c(ompleted), e(rror), t(erminated), p(ending), s(taged).",
            valueName: "CHARS"))
    var statusChars: String?

    /// A bad status char is a usage error, with the `Try` line, as in Guild AI.
    func validate() throws {
        if let bad = statusChars?.first(where: { !"rcetps".contains($0) }) {
            throw ValidationError("unrecognized status char '\(bad)' in option '-S'")
        }
    }

    /// Adds the statuses the letters name to `filter`.
    func apply(to filter: inout RunFilter) throws {
        let chars: [Character: RunStatus] = [
            "r": .running, "c": .completed, "e": .error, "t": .terminated, "p": .pending, "s": .staged,
        ]
        for char in statusChars ?? "" {
            guard let status = chars[char] else {
                throw GuildError("unrecognized status char '\(char)' in option '-S'")
            }
            filter.statuses.insert(status)
        }
    }
}
