import Foundation
import Testing

@testable import GuildKit

/// The pure parts of `label`, `tag` and `comment` (reference 1.4, 1.5, 1.8).
@Suite struct RunManagementUnitTests {
    @Test func labelEditsAsGuildAIMakesThem() throws {
        let flags: [String: YAMLValue] = ["lr": .float(0.4), "name": .string("a b")]
        #expect(try LabelEdit.set("x ${lr} y").newLabel(current: "old", flags: flags) == "x 0.4 y")
        #expect(try LabelEdit.set("${label}+${missing}").newLabel(current: "old", flags: flags) == "old+")
        #expect(try LabelEdit.set("${name}").newLabel(current: "", flags: flags) == "'a b'")
        #expect(try LabelEdit.prepend("p").newLabel(current: "", flags: [:]) == "p")
        #expect(try LabelEdit.append("a").newLabel(current: "old", flags: [:]) == "old a")
        #expect(try LabelEdit.remove(["foo"]).newLabel(current: "pre foo post foo", flags: [:]) == "pre post")
        // As Python's re.split: matches do not overlap, so the space one match takes is not the next one's.
        #expect(try LabelEdit.remove(["fo+"]).newLabel(current: "a foo fooo", flags: [:]) == "a fooo")
        #expect(try LabelEdit.clear.newLabel(current: "x", flags: [:]) == nil)
        #expect(throws: GuildError.self) { try LabelEdit.remove(["("]).newLabel(current: "x", flags: [:]) }
    }

    @Test func labelPreviewsShowPythonTuplesForRemove() {
        #expect(LabelEdit.remove(["both", "x"]).preview.contains("'('both', 'x')'"))
        #expect(LabelEdit.remove(["it's"]).preview.contains("'(\"it's\",)'"))
        #expect(LabelEdit.set("v").preview == "You are about to label the following runs with 'v':")
    }

    @Test func tagEditsSortAndSyncTheLabel() throws {
        let edit = TagEdit(add: ["t3", "both"], delete: ["t1"], clear: false, syncLabels: true)
        #expect(edit.newTags(["t2", "t1"]) == ["both", "t2", "t3"])
        #expect(try edit.syncedLabel("t1 both", oldTags: ["t1", "t2"]) == "t3 both")
        let clear = TagEdit(add: [], delete: [], clear: true, syncLabels: true)
        #expect(clear.newTags(["a"]) == [])
        #expect(try clear.syncedLabel("a keep b", oldTags: ["a", "b"]) == "keep")
        #expect(TagEdit.tags(of: .list([.string("x"), .int(1)])) == ["x", "1"])
        #expect(TagEdit.tags(of: .string("x")) == [])
    }

    @Test func commentsRoundTripThroughTheirAttr() throws {
        let made = RunComment.new(
            body: "hi", user: "bob@box", environment: ["USER": "u"], now: Date(timeIntervalSince1970: 2))
        // Timestamps never go back within a process, so other tests' may have moved it on.
        #expect(made.body == "hi" && made.author == "bob@box" && (made.time ?? 0) >= 2_000_000)
        let comment = RunComment(body: "hi", user: "bob", host: "box", time: 2_000_000)
        #expect(RunComment.new(body: "", user: nil, environment: ["USER": "u", "HOST": "h"], now: Date()).author == "u@h")
        #expect(RunComment.new(body: "", user: "al@", environment: ["HOST": "h"], now: Date()).author == "al@h")
        let attr = RunComment.attribute([comment])
        #expect(attr.attrEncoded() == "- body: hi\n  host: box\n  time: 2000000\n  user: bob\n")
        #expect(RunComment.comments(of: attr) == [comment])
        #expect(RunComment.comments(of: .list([.string("junk")])) == [])
    }
}
