import Foundation
import Testing

@Suite("run filters", .tags(.e2e))
struct RunFilterTests {
    private func run(_ box: borrowing GuildSandbox, x: Int, noise: String) throws -> String {
        try box.runIds().first { id in
            let flags = (try? box.attr(id, "flags")) ?? ""
            return flags.contains("x: \(x)\n") && flags.contains("noise: \(noise)\n")
        } ?? "?"
    }

    private func writeAttr(_ box: borrowing GuildSandbox, _ id: String, _ name: String, _ text: String) throws {
        try text.write(
            to: box.runDirectory(id).appendingPathComponent(".guild/attrs/\(name)"), atomically: false, encoding: .utf8)
    }

    private func ids(_ box: borrowing GuildSandbox, _ args: String...) async throws -> [String] {
        let result = try await box.guild(["compare", "--csv", "-", "-cc", ".id", "--include-batch"] + args)
        #expect(result.exitCode == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }.sorted()
    }

    @Test("filter expressions on flags, scalars and attrs; and, or, not, in, contains")
    func expressions() async throws {
        let box = try await GuildSandbox.batchGrid()
        let x2 = try [run(box, x: 2, noise: "0"), run(box, x: 2, noise: "0.1")].sorted()
        // (The batch run has the scalars of the trials it links to, the first by link name.)
        #expect(try await ids(box, "-F", "loss < 0.5 and x = 2") == x2)
        #expect(try await ids(box, "-F", "loss >= 0.5 and x is not undefined").count == 4)
        #expect(try await ids(box, "-F", "x = 2 and noise = 0") == [try run(box, x: 2, noise: "0")])
        #expect(try await ids(box, "-F", "x in [1,3] and not noise > 0").count == 2)
        #expect(try await ids(box, "-F", "label contains 'X=2' or scalar:loss < 0") == x2)
        #expect(try await ids(box, "-F", "operation = train+").count == 1)
        #expect(try await ids(box, "-F", "x is undefined").count == 1)
        #expect(try await ids(box, "-F", "status = completed").count == 7)
    }

    @Test("operation, label, status, mark, tag, digest and time filters, applied before RUN indexes")
    func options() async throws {
        let box = try await GuildSandbox.batchGrid()
        let failed = try run(box, x: 1, noise: "0")
        try writeAttr(box, failed, "exit_status", "1\n")
        try writeAttr(box, failed, "marked", "true\n")
        try writeAttr(box, failed, "tags", "- best\n- x1\n")
        #expect(try await ids(box, "-Fo", "train").count == 6)
        #expect(try await ids(box, "-Fo", "train+").count == 1)
        #expect(try await ids(box, "-Fo", "^tr").count == 7)
        #expect(try await ids(box, "-Fl", "x=3").count == 2)
        #expect(try await ids(box, "-Fl", "x=3", "-Fl", "x=1").count == 4)
        #expect(try await ids(box, "-Se") == [failed])
        #expect(try await ids(box, "-Set") == [failed])
        #expect(try await ids(box, "--not-completed") == [failed])
        #expect(try await ids(box, "-Sc").count == 6)
        #expect(try await ids(box, "-Fm") == [failed])
        #expect(try await ids(box, "-Fn").count == 6)
        #expect(try await ids(box, "-Ft", "x1") == [failed])
        #expect(try await ids(box, "-Fs", "last 1 hour").count == 7)
        #expect(try await ids(box, "-Fs", "before 2000-01-01").isEmpty)
        #expect(try await box.guild("compare", "--csv", "-", "-Fs", "2 days ago").stdout == "")
        let digest = try box.attr(failed, "sourcecode_digest").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await ids(box, "-Fd", String(digest.prefix(6)), "-Se") == [failed])

        let latestX3 = try await box.guild("select", "-Fl", "x=3", "1")
        #expect(latestX3.exitCode == 0)
        #expect(
            try box.attr(latestX3.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "flags").contains("x: 3\n"))
        let list = try await box.guild("runs", "-Se", "-s")
        #expect(list.stdout.split(separator: "\n").count == 1)
        #expect(list.stdout.contains("error"))
    }

    @Test("bad filters are one-line errors")
    func badFilters() async throws {
        let box = try await GuildSandbox.batchGrid()
        for (args, message) in [
            (["-F", "x >"], "guild: syntax error in filter - unexpected end of expresion\n"),
            (["-F", "x = 1 and and"], "guild: syntax error in filter at position 10: unexpected token 'and'\n"),
            (["-F", "x = $"], "guild: syntax error in filter at position 4: unexpected character '$'\n"),
            (["-Fs", "last foo"], "guild: invalid RANGE: unexpected 'foo' at position 5\n"),
            (["-Fs", "last week"], "guild: invalid RANGE: unexpected 'week' at pos 5\n"),
            (
                ["-Sx"],
                "guild: unrecognized status char 'x' in option '-S'\nTry 'guild compare --help' for more information.\n"
            ),
            (["-Fm", "-Fn"], "guild: --marked and --unmarked cannot both be used\n"),
        ] {
            let result = try await box.guild(["compare", "-t"] + args)
            #expect(result.exitCode == 1, "\(args)")
            #expect(result.stderr == message, "\(args)")
        }
    }
}
