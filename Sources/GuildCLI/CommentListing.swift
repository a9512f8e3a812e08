import Foundation
import GuildKit

/// Comments as `comment --list` and `runs list --comments` print them (reference 1.8).
enum CommentListing {
    /// Each run's row, then its comments: `[N] user@host time` (with `indexed`; else indented
    /// and without the index), a blank line, the body wrapped at 78 columns, a blank line.
    static func render(_ runs: [RunSummary], context: GuildContext, indexed: Bool) -> String {
        let rows = RunsTable.render(runs, context: context, simplified: false, index: indexed ? .bare : .indexed)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = ""
        for (row, summary) in zip(rows, runs) {
            out += row + "\n"
            let comments = RunComment.comments(of: summary.run.attribute("comments"))
            if comments.isEmpty && indexed { out += "  <no comments>\n" }
            for (i, comment) in comments.enumerated() {
                let time = comment.time.map(Timestamp.format) ?? ""
                out += (indexed ? "[\(i + 1)] " : "  ") + comment.author + " " + time + "\n\n"
                out += wrap(comment.body, indent: indexed ? "  " : "    ") + "\n\n"
            }
        }
        return out
    }

    /// The text the editor opens for a new comment.
    static func editorTemplate(initial: String, runs table: String) -> String {
        let lines = [
            initial,
            "# Type a comment for the runs below. Lines starting with '#' are ",
            "# ignored. An empty comment aborts the command.",
            "#",
            "# Runs:",
        ]
        let runLines = table.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").map { "#  " + $0 }
        return (lines + runLines).joined(separator: "\n")
    }

    /// Click's `wrap_text` with paragraphs kept: each paragraph's lines joined, filled to 78
    /// columns with `indent` before every line.
    static func wrap(_ text: String, indent: String, width: Int = 78) -> String {
        var paragraphs: [[Substring]] = [[]]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: \.isWhitespace)
            if words.isEmpty {
                if !paragraphs[paragraphs.count - 1].isEmpty { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1] += words
            }
        }
        return paragraphs.filter { !$0.isEmpty }.map { words in
            var lines: [String] = []
            var line = indent
            for word in words {
                if line != indent && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = indent
                }
                line += (line == indent ? "" : " ") + word
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
