import Foundation
import Testing

@testable import GuildCLI

/// Click's grammar in front of ArgumentParser, in-process.
@Suite struct ClickSyntaxTests {
    @Test(
        "one-letter options take attached values and combine; multi-letter short options are whole names",
        arguments: [
            (["compare", "-n3"], ["compare", "-n", "3"]),
            (["runs", "-n1", "-a"], ["runs", "-n", "1", "-a"]),
            (["ls", "-nd"], ["ls", "-n", "-d"]),
            (["compare", "-Fotrain"], ["compare", "-F", "otrain"]),
            (["compare", "-Fo", "train"], ["compare", "-Fo", "train"]),
            (["compare", "-Fo=train"], ["compare", "-Fo", "train"]),
            (["runs", "-Set"], ["runs", "-S", "et"]),
            (["runs", "-Sc"], ["runs", "-Sc"]),
            (["runs", "--limit=3"], ["runs", "--limit", "3"]),
            (["run", "train", "x=-1", "-y"], ["run", "train", "x=-1", "-y"]),
            (["run", "train", "--", "-n3"], ["run", "train", "--", "-n3"]),
            (["runs", "info", "-n=3"], ["runs", "info", "-n=3"]),
            // Values that look like options, as click takes them, reach ArgumentParser attached.
            (["runs", "-n", "-1"], ["runs", "--limit=-1"]),
            (["runs", "--limit=-1"], ["runs", "--limit=-1"]),
            (["run", "train", "-yl", "-x"], ["run", "train", "-y", "--label=-x"]),
            (["compare", "-Fl", "-a"], ["compare", "--label=-a"]),
            (["cat", "-p", "-"], ["cat", "-p", "-"]),
        ])
    func normalizes(arguments: [String], expected: [String]) throws {
        // `runs info` has no -n: the cluster is refused rather than passed on.
        if arguments == ["runs", "info", "-n=3"] {
            #expect(throws: ClickUsageError.self) { try ClickSyntax.normalize(arguments) }
            return
        }
        #expect(try ClickSyntax.normalize(arguments) == expected)
    }

    @Test("refusals name the option and the command to ask for help")
    func refusals() throws {
        func text(_ arguments: [String]) -> String? {
            do {
                _ = try ClickSyntax.normalize(arguments)
                return nil
            } catch let error as ClickUsageError {
                return error.text
            } catch {
                return "\(error)"
            }
        }
        #expect(text(["x"]) == "guild: No such command 'x'.\nTry 'guild --help' for more information.")
        #expect(text(["runs", "a"]) == "guild: No such command 'a'.\nTry 'guild runs --help' for more information.")
        #expect(
            text(["runs", "-xy"]) == "guild: unrecognized option '-x'\nTry 'guild runs --help' for more information.")
        #expect(
            text(["runs", "--al"])
                == "guild: unrecognized option '--al' (did you mean --all?)\nTry 'guild runs --help' for more information."
        )
        #expect(
            text(["compare", "--Fo"])
                == "guild: unrecognized option '--Fo' (did you mean -Fo?)\nTry 'guild compare --help' for more information."
        )
        #expect(text(["compare", "-n"]) == "guild: Option '-n' requires an argument.")
        #expect(text(["runs", "-Fo"]) == "guild: Option '-Fo' requires an argument.")
    }

    @Test("close matches score as Python's difflib does")
    func sequenceRatio() {
        for (a, b, ratio) in [
            ("--foo", "--top", 0.6), ("--foo", "--tool", 0.7272727272727273), ("--Fo", "-Fo", 0.8571428571428571),
            ("abcd", "bcda", 0.75), ("--not-complete", "--not-completed", 0.9655172413793104), ("xyz", "abc", 0),
        ] {
            #expect(abs(SequenceRatio.ratio(Array(a), Array(b)) - ratio) < 1e-12, "\(a) \(b)")
        }
        #expect(ClickSyntax.closeMatch("--lab", in: ["--label", "--tag", "-l"]) == "--label")
        #expect(ClickSyntax.closeMatch("--zzz", in: ["--label"]) == nil)
    }
}

/// The built binary's usage errors and exit codes, side by side with Guild AI 0.9.0's when it
/// is installed.
@Suite("click's usage errors from the built guild", .tags(.e2e))
struct ClickUsageErrorTests {
    static let cases: [([String], String, Int32)] = [
        (["x"], "guild: No such command 'x'.\nTry 'guild --help' for more information.\n", 2),
        (["runs", "--foo"], "guild: unrecognized option '--foo'\nTry 'guild runs --help' for more information.\n", 2),
        (["compare", "-n"], "guild: Option '-n' requires an argument.\n", 2),
        (
            ["runs", "-n", "abc"],
            "guild: Invalid value for '-n' / '--limit': 'abc' is not a valid integer range.\nTry 'guild runs --help' for more information.\n",
            2
        ),
        (
            ["compare", "--top=x"],
            "guild: Invalid value for '-n' / '--limit' / '--top': 'x' is not a valid integer range.\nTry 'guild compare --help' for more information.\n",
            2
        ),
        (
            ["runs", "-n", "0"],
            "guild: Invalid value for '-n' / '--limit': 0 is not in the range x>=1.\nTry 'guild runs --help' for more information.\n",
            2
        ),
        (
            ["diff", "a", "b", "c", "d"],
            "guild: unexpected extra arguments 'c d'\nTry 'guild diff --help' for more information.\n", 2
        ),
        (
            ["runs", "info", "1", "2"],
            "guild: unexpected extra argument '2'\nTry 'guild runs info --help' for more information.\n", 2
        ),
        (
            ["runs", "-an2"],
            "guild: --all and --limit cannot both be specified\nTry 'guild runs list --help' for more information.\n",
            1
        ),
        (
            ["run", "-N", "a", "-X", "b"],
            "guild: --minimize and --maximize cannot both be used\nTry 'guild run --help' for more information.\n", 1
        ),
        (
            ["select", "--min", "a", "--max", "b"],
            "guild: --min and --max cannot both be specified\nTry 'guild select --help' for more information.\n", 1
        ),
        (["runs", "-Fm", "-Fn"], "guild: --marked and --unmarked cannot both be used\n", 1),
        (
            ["run", "--random-seed", "x"],
            "guild: Invalid value for '--random-seed': 'x' is not a valid integer.\nTry 'guild run --help' for more information.\n",
            2
        ),
    ]

    @Test("usage errors print click's text and exit 2; conflicts found after parsing exit 1", arguments: cases)
    func usageErrors(arguments: [String], stderr: String, exitCode: Int32) async throws {
        let box = try GuildSandbox()
        let ours = try await box.guild(arguments)
        #expect(ours.stderr == stderr)
        #expect(ours.exitCode == exitCode)
        if let guildAI = ProcessInfo.processInfo.environment["GUILDAI_BIN"] {
            let theirs = try await GuildSandbox.run(guildAI, arguments, environment: box.environment, cwd: box.project)
            #expect(theirs.stderr == stderr, "Guild AI 0.9.0")
            #expect(theirs.exitCode == exitCode, "Guild AI 0.9.0")
        }
    }

    @Test("attached values work on every command that has one-letter options")
    func attachedValues() async throws {
        let box = try await GuildSandbox.batchGrid()
        let attached = try await box.guild("compare", "-n3", "--csv", "-")
        let separate = try await box.guild("compare", "-n", "3", "--csv", "-")
        #expect(attached.exitCode == 0, "\(attached.stderr)")
        #expect(attached.stdout == separate.stdout)
        #expect(attached.stdout.split(separator: "\n").count == 4)
        #expect(try await box.guild("runs", "-n1").stdout.split(separator: "\n").count == 1)
        let clustered = try await box.guild("ls", "-nd", "1")
        #expect(clustered.exitCode == 0, "\(clustered.stderr)")
        #expect(clustered.stdout == (try await box.guild("ls", "-n", "-d", "1")).stdout)
        // `-Fotrain` is `-F otrain` (a bare word is true, as in Guild AI): every run, not only train's.
        let all = try await box.guild("select", "-A")
        #expect(all.stdout.split(separator: "\n").count == 7)
        #expect(try await box.guild("select", "-Fotrain", "-A").stdout == all.stdout)
    }
}
