import ArgumentParser
import Foundation
import GuildKit

extension Guild.Runs {
    /// `guild comment` / `guild runs comment`: adds, lists, deletes or clears run comments
    /// (reference 1.8).
    struct Comment: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "comment", abstract: "Add or remove run comments.",
            discussion: """
                Without RUN, the latest run is used. Without '--add', or with '--edit', the comment is \
                written in $VISUAL, else $EDITOR, else /usr/bin/editor; lines starting with '#' are \
                ignored and an empty comment aborts.
                """)

        @Argument(help: ArgumentHelp("Runs to comment on (default: the latest).", valueName: "RUN"))
        var runs: [String] = []
        @Flag(name: .shortAndLong, help: "List comments for the specified runs.") var list = false
        @Option(name: .shortAndLong, help: ArgumentHelp("Add a comment.", valueName: "COMMENT")) var add: String?
        @Flag(name: .shortAndLong, help: "Use an editor to type a comment.") var edit = false
        @Option(
            name: .shortAndLong, help: ArgumentHelp("Delete comment at INDEX from the runs.", valueName: "INDEX"))
        var delete: Int?
        @Flag(name: .shortAndLong, help: "Delete all comments from the runs.") var clear = false
        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("User associated with new comments; may include a host as USER@HOST.", valueName: "USER"))
        var user: String?
        @Flag(name: .shortAndLong, help: "Do not prompt before modifying comments.") var yes = false
        @OptionGroup(title: "Filters") var filters: RunFilterOptions

        func run(_ context: GuildContext) async throws {
            let operation = try RunsOperation(context, filters: filters)
            let l = ("--list", list), a = ("--add", add != nil), e = ("--edit", edit)
            let d = ("--delete", delete != nil), c = ("--clear", clear)
            try operation.refuse([(l, a), (l, d), (l, c), (a, d), (a, c), (e, d), (e, c), (d, c)])
            if list {
                let selected = try operation.selectAllowingNone(runs, defaultSpec: "1")
                Console.outRaw(CommentListing.render(selected, context: context, indexed: true))
            } else if let delete {
                let selected = try operation.select(runs, defaultSpec: "1", nothing: "No runs to modify.")
                if !yes {
                    operation.confirm(
                        "You are about to delete comment \(delete) from the following runs:", question: "Continue?",
                        defaultYes: true, runs: selected)
                }
                for summary in selected {
                    var comments = RunComment.comments(of: summary.run.attribute("comments"))
                    // As Guild AI: an index out of range deletes nothing, and still reports success.
                    if delete >= 1 && delete <= comments.count { comments.remove(at: delete - 1) }
                    try RunWriter(run: summary.run).writeAttribute("comments", RunComment.attribute(comments))
                }
                Console.error("Deleted comment for \(selected.count) run(s)")
            } else if clear {
                let selected = try operation.select(runs, defaultSpec: "1", nothing: "No runs to modify.")
                if !yes {
                    operation.confirm(
                        "WARNING: You are about to delete ALL comments from the following runs:",
                        question: "Continue?", defaultYes: false, runs: selected)
                }
                for summary in selected { RunWriter(run: summary.run).deleteAttribute("comments") }
                Console.error("Deleted all comments for \(selected.count) run(s)")
            } else {
                try addComment(operation, context: context)
            }
        }

        private func addComment(_ operation: RunsOperation, context: GuildContext) throws {
            let selected = try operation.select(runs, defaultSpec: "1", nothing: "No runs to modify.")
            var body = add ?? ""
            let edited = add == nil || edit
            if edited {
                let template = CommentListing.editorTemplate(
                    initial: body, runs: operation.previewTable(selected))
                body = TextEditor.strippingCommentLines(
                    try TextEditor.edit(template, suffix: ".GUILD_COMMENT", environment: context.environment))
            }
            body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if body.isEmpty {
                Console.error("Aborting due to an empty comment.")
                throw ExitCode(1)
            }
            // The editor stands for the prompt.
            if !edited && !yes {
                operation.confirm(
                    "You are about to add a comment to the following runs:", question: "Continue?",
                    defaultYes: true, runs: selected)
            }
            for summary in selected {
                let comment = RunComment.new(body: body, user: user, environment: context.environment, now: context.now())
                let comments = RunComment.comments(of: summary.run.attribute("comments")) + [comment]
                try RunWriter(run: summary.run).writeAttribute("comments", RunComment.attribute(comments))
            }
            Console.error("Added comment to \(selected.count) run(s)")
        }
    }
}

/// The editor flow of `guild run -ec` / `-ebc`.
enum RunComments {
    /// The comment typed in the editor, starting from `initial`; an empty one exits 1.
    static func edited(_ initial: String?, for runType: String, context: GuildContext) throws -> String {
        let template = [
            initial ?? "", "# Type a comment for the \(runType). Lines starting with '#' are ignored.",
            "# An empty comment aborts the command.",
        ].joined(separator: "\n")
        let body = TextEditor.strippingCommentLines(
            try TextEditor.edit(template, suffix: ".GUILD_COMMENT", environment: context.environment)
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty {
            Console.error("Aborting due to an empty comment.")
            throw ExitCode(1)
        }
        return body
    }
}
