/// The parts of click's `HelpFormatter` Guild's help uses, in Guild's three dialects.
protocol HelpFormatter {
    var buffer: String { get }
    mutating func startSection(_ title: String)
    mutating func paragraph()
    /// Text re-wrapped to the width, paragraphs kept (click's `wrap_text`).
    mutating func writeText(_ text: String)
    mutating func writeHeading(_ text: String)
    mutating func writeSubheading(_ text: String)
    mutating func writeDescription(_ text: String)
    mutating func writeDefinitions(_ rows: [(String, String)])
    mutating func indent()
    mutating func dedent()
}

extension HelpFormatter {
    static var width: Int { OperationHelp.width }

    /// Ends the buffer's last line with a blank one (click's `write_paragraph`).
    static func paragraph(_ buffer: inout String) {
        if !buffer.isEmpty { buffer += "\n" }
    }

    /// The description's paragraphs, the first in italics (`*...*`), for Markdown and RST.
    mutating func writeEmphasizedDescription(_ text: String) {
        for (i, paragraphText) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { paragraph() }
            writeText(i == 0 && !paragraphText.isEmpty ? "*\(paragraphText)*" : String(paragraphText))
        }
    }

    static func write(_ text: String, indent: Int, to buffer: inout String) {
        let prefix = String(repeating: " ", count: indent)
        let wrapped = OperationHelp.wrapText(text, width: width - indent)
        buffer += wrapped.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n") + "\n"
    }
}

/// The console help: sections in capitals indented 4, each level 2 more.
struct ConsoleHelpFormatter: HelpFormatter {
    var buffer = ""
    private var level = 0
    private var inSection = false

    mutating func startSection(_ title: String) {
        if inSection {
            level -= 4
            paragraph()
        }
        writeText(title)
        paragraph()
        level += 4
        inSection = true
    }

    mutating func paragraph() { Self.paragraph(&buffer) }
    mutating func writeText(_ text: String) { Self.write(text, indent: level, to: &buffer) }
    mutating func writeHeading(_ text: String) { writeText(text) }
    mutating func writeSubheading(_ text: String) { writeText(text + ":") }

    mutating func writeDescription(_ text: String) {
        for (i, paragraphText) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { paragraph() }
            writeText(String(paragraphText))
        }
    }

    mutating func writeDefinitions(_ rows: [(String, String)]) {
        buffer += OperationHelp.definitionList(rows, indent: level, width: Self.width)
    }

    mutating func indent() { level += 2 }
    mutating func dedent() { level -= 2 }
}

/// `--markdown`: levels are heading levels (`#`, then `<hN>` past 6); flags as `<dl>`.
struct MarkdownHelpFormatter: HelpFormatter {
    var buffer = ""
    var level: Int
    private var inSection = false

    init(level: Int) { self.level = level }

    mutating func startSection(_ title: String) {
        if inSection {
            dedent()
            paragraph()
        }
        writeText(heading(title))
        paragraph()
        indent()
        inSection = true
    }

    private func heading(_ text: String) -> String {
        level <= 6 ? String(repeating: "#", count: level) + " " + text : "<h\(level)>\(text)</h\(level)>"
    }

    mutating func paragraph() { Self.paragraph(&buffer) }
    mutating func writeText(_ text: String) { Self.write(text, indent: 0, to: &buffer) }
    mutating func writeHeading(_ text: String) { writeText(heading(text)) }
    mutating func writeSubheading(_ text: String) { writeHeading(text) }

    mutating func writeDescription(_ text: String) { writeEmphasizedDescription(text) }

    mutating func writeDefinitions(_ rows: [(String, String)]) {
        writeText("<dl>")
        for (name, description) in rows {
            writeText("<dt>\(name)</dt>")
            writeText("<dd>\(description)</dd>")
        }
        writeText("</dl>")
    }

    mutating func indent() { level += 1 }
    mutating func dedent() { level -= 1 }
}

/// `--package-description`: reStructuredText headings underlined `#`, `=`, `^`, `-`, `` ` ``.
struct RSTHelpFormatter: HelpFormatter {
    var buffer = ""
    private var level = 0
    private var inSection = false
    private static let underlines: [Character] = ["#", "=", "^", "-", "`"]

    mutating func startSection(_ title: String) {
        if inSection {
            dedent()
            paragraph()
        }
        writeText(title)
        writeText(underline(title))
        paragraph()
        indent()
        inSection = true
    }

    private func underline(_ text: String) -> String {
        String(repeating: Self.underlines[min(level, Self.underlines.count - 1)], count: text.count)
    }

    mutating func paragraph() { Self.paragraph(&buffer) }
    mutating func writeText(_ text: String) { Self.write(text, indent: 0, to: &buffer) }

    mutating func writeHeading(_ text: String) {
        writeText(text)
        writeText(underline(text))
    }

    mutating func writeSubheading(_ text: String) { writeHeading(text) }

    mutating func writeDescription(_ text: String) { writeEmphasizedDescription(text) }

    mutating func writeDefinitions(_ rows: [(String, String)]) {
        for (i, (name, description)) in rows.enumerated() {
            if i > 0 { paragraph() }
            writeText("**\(name)**")
            Self.write(description.isEmpty ? "" : "*\(description)*", indent: 2, to: &buffer)
        }
    }

    mutating func indent() { level += 1 }
    mutating func dedent() { level -= 1 }
}
