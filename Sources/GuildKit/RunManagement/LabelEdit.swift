import Foundation

/// One `guild label` action (reference 1.4). Values are label templates: `${flag}` is the run's
/// flag, `${label}` its current label.
public enum LabelEdit: Sendable, Equatable {
    case set(String)
    case prepend(String)
    case append(String)
    case remove([String])
    case clear

    /// The line above the preview table.
    public var preview: String {
        switch self {
        case .set(let value): return "You are about to label the following runs with '\(value)':"
        case .prepend(let value): return "You are about to prepend '\(value)' to the label of the following runs:"
        case .append(let value): return "You are about to append '\(value)' to the label of the following runs:"
        case .remove(let parts):
            // Guild AI shows the parts as the Python tuple they are held in.
            return "You are about to remove '\(Self.pythonTuple(parts))' from the label of the following runs:"
        case .clear: return "You are about to clear the label of the following runs:"
        }
    }

    /// The run's new label (nil: the attr is removed).
    /// - Throws: `GuildError` when a part to remove is not a valid regular expression.
    public func newLabel(current: String, flags: [String: YAMLValue]) throws -> String? {
        switch self {
        case .set(let template):
            return Self.render(template, current: current, flags: flags)
        case .prepend(let template):
            return (Self.render(template, current: current, flags: flags) + " " + current).trimmed
        case .append(let template):
            return (current + " " + Self.render(template, current: current, flags: flags)).trimmed
        case .remove(let parts):
            return try Self.removing(parts, from: current).trimmed
        case .clear:
            return nil
        }
    }

    /// A label template rendered for a run: its flags and `label` as references.
    static func render(_ template: String, current: String, flags: [String: YAMLValue]) -> String {
        var values = flags
        values["label"] = .string(current)
        return FlagFormatting.renderLabelTemplate(
            template, flags: values, defaultLabel: FlagFormatting.defaultLabel(values)
        ).trimmed
    }

    /// `label` without each whitespace-delimited occurrence of each part (a regular expression,
    /// as in Guild AI), the rest joined by single spaces.
    static func removing(_ parts: some Sequence<String>, from label: String) throws -> String {
        var label = label
        for part in parts {
            let expression: NSRegularExpression
            do {
                expression = try NSRegularExpression(pattern: "(^|\\s)\(part)($|\\s)")
            } catch {
                throw GuildError("cannot remove label part '\(part)': invalid regular expression")
            }
            let text = label as NSString
            var pieces: [String] = []
            var start = 0
            for match in expression.matches(in: label, range: NSRange(location: 0, length: text.length)) {
                pieces.append(text.substring(with: NSRange(location: start, length: match.range.location - start)))
                start = match.range.location + match.range.length
            }
            pieces.append(text.substring(from: start))
            label = pieces.map(\.trimmed).filter { !$0.isEmpty }.joined(separator: " ")
        }
        return label
    }

    static func pythonTuple(_ items: [String]) -> String {
        let reprs = items.map { pyRepr($0) }
        return "(" + reprs.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines, as Python's `str.strip()`.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
