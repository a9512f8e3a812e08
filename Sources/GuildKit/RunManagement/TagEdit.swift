/// One `guild tag` action (reference 1.5): tags added, deleted or cleared, and optionally the
/// label brought in line with them.
public struct TagEdit: Sendable, Equatable {
    public var add: [String]
    public var delete: [String]
    public var clear: Bool
    public var syncLabels: Bool

    public init(add: [String], delete: [String], clear: Bool, syncLabels: Bool) {
        self.add = add
        self.delete = delete
        self.clear = clear
        self.syncLabels = syncLabels
    }

    /// The two lines above the preview table.
    public var preview: String {
        "You are about to modify tags for the following runs:\n"
            + (syncLabels
                ? "Labels are updated to reflect the latest tags."
                : "Labels are not updated - use --sync-labels to apply changes run labels.")
    }

    /// The run's new tags: the old ones less those deleted (all with `clear`), plus those added,
    /// sorted.
    public func newTags(_ old: [String]) -> [String] {
        let removed = Set(clear ? old : delete)
        return Set(old.filter { !removed.contains($0) } + add).sorted()
    }

    /// The run's new label under `syncLabels`: each deleted tag removed from it as `label
    /// --remove` does, then the added tags that are not yet words of it put in front.
    public func syncedLabel(_ label: String, oldTags: [String]) throws -> String {
        let removed = clear ? oldTags : delete
        var newLabel = try LabelEdit.removing(Array(Set(removed)).sorted(), from: label)
        let words = (try? Shlex.split(label)) ?? label.split(separator: " ").map(String.init)
        let prepended = add.filter { !words.contains($0) }
        if !prepended.isEmpty { newLabel = prepended.joined(separator: " ") + " " + newLabel }
        return newLabel
    }

    /// A run's tags as its `tags` attr holds them (anything that is not a list: none).
    public static func tags(of value: YAMLValue?) -> [String] {
        guard case .list(let items)? = value else { return [] }
        return items.map { item in
            if case .string(let s) = item { return s }
            return item.flowEncoded()
        }
    }
}
