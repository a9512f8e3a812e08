import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild runs`: lists runs (default) or shows one.
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "Show or manage runs.",
            subcommands: [
                List.self, Info.self, Delete.self, Restore.self, Purge.self, Label.self, Tag.self, Mark.self,
                Comment.self, Stop.self, Export.self, Import.self, Guild.Diff.self, Merge.self, Publish.self,
            ],
            defaultSubcommand: List.self)
    }
}

extension Guild.Runs {
    /// `guild runs list`.
    struct List: GuildCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs.")

        @Flag(name: .shortAndLong, help: "Show all runs.") var all = false
        @Flag(name: .shortAndLong, help: "Show 20 more runs; repeat for more.") var more: Int
        @Option(
            name: [.customShort("n"), .customLong("limit")], help: ArgumentHelp("Show at most N runs.", valueName: "N"))
        var limit: Int?
        @Flag(name: .shortAndLong, help: "Show only index, operation, status and label.") var simplified = false
        @Flag(name: .shortAndLong, help: "Show deleted runs.") var deleted = false
        @Option(
            name: [.customShort("A"), .customLong("archive")],
            help: ArgumentHelp("Show archived runs in PATH (an export directory or zip).", valueName: "PATH"))
        var archive: String?
        @Flag(name: .shortAndLong, help: "Show run comments.") var comments = false
        @Flag(name: .shortAndLong, help: "Show run details.") var verbose = false
        @Flag(name: .customLong("json"), help: "Format runs as JSON (always every run).") var json = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func validate() throws {
            if let limit, limit < 1 {
                throw ValidationError("Invalid value for '-n' / '--limit': \(limit) is not in the range x>=1.")
            }
        }

        func run(_ context: GuildContext) async throws {
            let conflicts = [
                ("--comments", comments, "--verbose", verbose), ("--comments", comments, "--json", json),
                ("--json", json, "--verbose", verbose), ("--archive", archive != nil, "--deleted", deleted),
                ("--all", all, "--limit", limit != nil),
            ]
            for (a, given, b, alsoGiven) in conflicts where given && alsoGiven {
                throw GuildError(
                    "\(a) and \(b) cannot both be specified\nTry 'guild runs list --help' for more information.")
            }
            if let archive, !FileManager.default.fileExists(atPath: archive) {
                throw GuildError("\(archive) does not exist")
            }
            var opened: RunArchive.Opened?
            do {
                opened = try archive.map { try RunArchive.open($0) }
            } catch let error as RunArchive.UnreadableZip {
                Console.error("ERROR: \(error)")
                return
            }
            let directory = deleted ? RunTrash(guildHome: context.guildHome).directory : opened?.runsDirectory
            let runs = try RunLookup(context: context, filter: try filters.filter(), runsDirectory: directory)
                .all(withDetails: all)
            if json {
                if limit != nil || more > 0 || all { Console.error("--json option always shows all runs") }
                Console.out("[" + runs.map { RunsJSON.listed($0.run) }.joined(separator: ", ") + "]")
                withExtendedLifetime(opened) {}
                return
            }
            let shown = all ? runs.count : min(runs.count, limit ?? (20 + 20 * more))
            let listed = Array(runs.prefix(shown))
            Console.outRaw(
                comments
                    ? CommentListing.render(listed, context: context, indexed: false)
                    : RunsTable.render(listed, context: context, simplified: simplified, verbose: verbose))
            withExtendedLifetime(opened) {}  // an unpacked zip stays until its runs are listed
            // As Guild AI: a limit given with -n is not worth a note.
            if shown < runs.count && limit == nil {
                Console.error(
                    "Showing the first \(shown) runs (\(runs.count) total) - use --all to show all or -m to show more")
            }
        }
    }
}

/// The rows of `guild runs list` (reference 8.1).
enum RunsTable {
    /// How a row names its run: `[N:id]` as in `guild runs`, `[id]` as in previews, or the bare
    /// short id as `comment --list` heads a run.
    enum RowName { case indexed, bracketed, bare }

    static func render(
        _ runs: [RunSummary], context: GuildContext, simplified: Bool, index style: RowName = .indexed,
        indent: String = "", verbose: Bool = false
    ) -> String {
        var rows: [[String]] = []
        rows.reserveCapacity(runs.count)
        let cwd = context.cwd.standardizedFileURL.path
        let details = RunStore.details(of: runs)
        var opDirs: [String: String] = [:]
        for (i, summary) in runs.enumerated() {
            let run = summary.run
            let detail = details[i]
            var op = summary.withProtoChecked().operationDisplay
            // A batch shows the directory of the op it runs.
            if let dir = summary.runOpRef.operationDirectory, !dir.isEmpty, dir != cwd {
                if opDirs[dir] == nil {
                    opDirs[dir] = " (\(PathDisplay.shortenedOpDir(dir, cwd: cwd, home: context.userHome.path)))"
                }
                op += opDirs[dir]!
            }
            if detail.isMarked { op += " [marked]" }
            let status = detail.status.rawValue
            if simplified {
                rows.append(["[\(i + 1)]", op, status, detail.label])
            } else {
                // The listing's timestamp falls back on `initialized`, which Guild does not show:
                // a run not yet started (pending, staged) shows its `started` attr, if any.
                let startedAt =
                    detail.status == .pending || detail.status == .staged
                    ? run.attribute("started")?.intValue : summary.timestamp
                let started = startedAt.map(Timestamp.format) ?? ""
                let index =
                    switch style {
                    case .indexed: "[\(i + 1):\(run.shortId)]"
                    case .bracketed: "[\(run.shortId)]"
                    case .bare: run.shortId
                    }
                rows.append([indent + index, op, started, status, detail.label])
            }
        }
        guard verbose else { return TextTable.render(rows) }
        // `-v`: each row followed by the run's core fields, as `runs info` starts.
        return TextTable.render(rows).split(separator: "\n").enumerated().map { i, row in
            let fields = RunInfoText.coreFields(runs[i], context: context).prefix(14)
            return ([String(row)] + fields.map { "  \($0.0): \($0.1.stringValue ?? $0.1.flowEncoded())" }).joined(separator: "\n") + "\n"
        }.joined()
    }
}

/// `guild runs list --json` (reference 1.19): each run's id, directory, opref and a few raw attrs.
enum RunsJSON {
    static func listed(_ run: GuildKit.Run) -> String {
        var members = [
            ("id", JSONText.encode(.string(run.id))), ("run_dir", JSONText.encode(.string(run.path))),
            ("opref", JSONText.encode(.string(run.opref?.encoded.trimmingCharacters(in: .newlines) ?? ""))),
        ]
        for name in ["exit_status", "cmd", "comments", "marked", "label", "started"] {
            members.append((name, JSONText.encode(run.attribute(name) ?? .null)))
        }
        members.append(("status", JSONText.encode(.string(run.status.rawValue))))
        for name in ["stopped", "tags"] { members.append((name, JSONText.encode(run.attribute(name) ?? .null))) }
        if let proto = run.batchProto { members.append(("batch_proto", listed(proto))) }
        return JSONText.object(members)
    }
}
