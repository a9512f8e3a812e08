import Foundation
import Testing

/// `runs rm|restore|purge`, `label`, `tag`, `mark`, `comment`, `stop`, `watch`, `export`,
/// `import`, `open` and `check` on real runs (reference 0 and 1.1-1.19). Serialized: each test
/// makes several runs, and together at the start of a test run they would crowd 2 cores.
@Suite("run management", .tags(.e2e), .serialized)
struct RunManagementTests {
    /// A home with three `hello` runs, msg=a (oldest), b, c (newest).
    private func threeRuns() async throws -> GuildSandbox {
        let box = try GuildSandbox(example: "hello")
        for msg in ["a", "b", "c"] {
            let result = try await box.guild("run", "hello", "msg=\(msg)", "-y")
            try #require(result.exitCode == 0, "\(result.stderr)")
        }
        return box
    }

    /// The runs' ids, newest first.
    private func ids(_ box: borrowing GuildSandbox) async throws -> [String] {
        let ids = try await box.guild("select", ":", "--all").stdout.split(separator: "\n").map(String.init)
        try #require(ids.count == 3)
        return ids
    }

    @Test("rm asks, moves the runs to the trash, and restore brings them back")
    func deleteAndRestore() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let no = try await box.guild(["runs", "rm", "1"], input: "n\n")
        #expect(no.exitCode == 4)
        #expect(
            no.stderr.hasPrefix("You are about to delete the following runs:\n  [\(ids[0].prefix(8))]  hello  "))
        #expect(no.stderr.hasSuffix("  completed  msg=c\nDelete 1 run(s)? (Y/n) "))
        #expect(try box.runIds().count == 3)
        let eof = try await box.guild("runs", "rm", "1")
        #expect(eof.exitCode == 1 && eof.stderr.hasSuffix("(Y/n) \n"))

        let yes = try await box.guild(["runs", "rm", "1:2"], input: "\n")
        #expect(yes.exitCode == 0 && yes.stderr.hasSuffix("Delete 2 run(s)? (Y/n) Deleted 2 run(s)\n"))
        #expect(try box.runIds() == [ids[2]])
        let trash = box.home.appendingPathComponent("trash/runs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: trash.path).sorted() == [ids[0], ids[1]].sorted())
        let deleted = try await box.guild("runs", "list", "--deleted")
        #expect(deleted.stdout.split(separator: "\n").count == 2 && deleted.stdout.contains("msg=c"))

        let restore = try await box.guild("runs", "restore", ids[1].prefix(6).description, "-y")
        #expect(restore.exitCode == 0 && restore.stderr == "Restored 1 run(s)\n")
        #expect(try box.runIds() == [ids[1], ids[2]].sorted())
        let purgeNo = try await box.guild(["runs", "purge"], input: "\n")
        #expect(purgeNo.exitCode == 4 && purgeNo.stderr.contains("Permanently delete 1 run(s)? (y/N) "))
        let purge = try await box.guild("runs", "purge", "-y")
        #expect(purge.stderr == "Permanently deleted 1 run(s)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: trash.path).isEmpty)
        let nothing = try await box.guild("runs", "purge", "-y")
        #expect(nothing.exitCode == 0 && nothing.stderr == "Nothing to purge.\n")
    }

    @Test("rm -p removes for good without following links; a clash in the trash keeps both copies")
    func permanentDeleteAndTrashClash() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let outside = box.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "keep".write(to: outside.appendingPathComponent("kept.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: box.runDirectory(ids[0]).appendingPathComponent("link"), withDestinationURL: outside)
        let permanent = try await box.guild(["runs", "rm", "-p", ids[0]], input: "y\n")
        #expect(permanent.exitCode == 0)
        #expect(permanent.stderr.hasPrefix("WARNING: You are about to permanently delete the following runs:\n"))
        #expect(permanent.stderr.hasSuffix("Permanently delete 1 run(s)? (y/N) Permanently deleted 1 run(s)\n"))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("kept.txt").path))
        #expect(!(try box.runIds()).contains(ids[0]))

        // A run deleted, restored by copy and deleted again: the older trash copy is kept aside.
        #expect(try await box.guild("runs", "rm", "-y", ids[1]).exitCode == 0)
        let trashed = box.home.appendingPathComponent("trash/runs/\(ids[1])")
        try FileManager.default.copyItem(at: trashed, to: box.runDirectory(ids[1]))
        let again = try await box.guild("runs", "rm", "-y", ids[1])
        #expect(again.exitCode == 0)
        #expect(again.stderr.hasPrefix("WARNING: \(trashed.path) exists, moving to \(trashed.path)_"))
        let names = try FileManager.default.contentsOfDirectory(atPath: trashed.deletingLastPathComponent().path)
        #expect(names.count == 2 && names.allSatisfy { $0.hasPrefix(ids[1]) })
    }

    @Test("selections that match nothing: Guild's notes and errors")
    func emptySelections() async throws {
        let box = try await threeRuns()
        let none = try await box.guild("runs", "rm", "-Fo", "nosuchop", "-y")
        #expect(none.exitCode == 0 && none.stderr == "Nothing to delete.\n")
        let bad = try await box.guild("label", "zzzz", "-s", "x")
        #expect(bad.exitCode == 1)
        #expect(
            bad.stderr
                == "guild: could not find a run matching 'zzzz'\nTry 'guild runs list' for a list or 'guild label --help' for more information.\n"
        )
        let viaRuns = try await box.guild("runs", "delete", "zzzz")
        #expect(viaRuns.stderr.hasSuffix("or 'guild runs delete --help' for more information.\n"))
        let restore = try await box.guild("runs", "restore", "-y")
        #expect(restore.exitCode == 0 && restore.stderr == "Nothing to restore.\n")
    }

    @Test("label: set with flag references, prepend, append, remove, clear, and the option checks")
    func label() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let set = try await box.guild("label", "-s", "best ${msg}", "-y")
        #expect(set.exitCode == 0 && set.stderr == "Labeled 1 run(s)\n")
        #expect(try box.attr(ids[0], "label") == "best c\n")
        #expect(try await box.guild("label", "-p", "pre", "-y").exitCode == 0)
        #expect(try await box.guild("label", "-a", "[${label}]", "-y").exitCode == 0)
        // A reference to a text with spaces renders it quoted, as Guild AI does.
        #expect(try box.attr(ids[0], "label") == "pre best c ['pre best c']\n")
        let remove = try await box.guild(["label", "-rm", "best", "-rm", "c"], input: "y\n")
        #expect(remove.stderr.hasPrefix("You are about to remove '('best', 'c')' from the label of the following runs:\n"))
        #expect(try box.attr(ids[0], "label") == "pre ['pre c']\n")
        #expect(try await box.guild("label", "1:2", "-c", "-y").stderr == "Cleared label for 2 run(s)\n")
        #expect(!FileManager.default.fileExists(atPath: box.runDirectory(ids[0]).appendingPathComponent(".guild/attrs/label").path))
        #expect(try box.attr(ids[2], "label") == "msg=a\n")

        let both = try await box.guild("label", "-s", "x", "-c")
        #expect(both.exitCode == 1)
        #expect(both.stderr == "guild: --set and --clear cannot both be specified\nTry 'guild label --help' for more information.\n")
        let missing = try await box.guild("runs", "label")
        #expect(
            missing.stderr
                == "guild: missing one of: --set, --append, --prepend, --remove, --clear\nTry `guild runs label --help` for more information.\n"
        )
    }

    @Test("tag: add, delete, clear, sync labels and list all")
    func tags() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let add = try await box.guild(["tag", "-a", "zz", "-a", "aa", "-s"], input: "\n")
        #expect(add.stderr.hasPrefix("You are about to modify tags for the following runs:\nLabels are updated to reflect the latest tags.\n"))
        #expect(try box.attr(ids[0], "tags") == "- aa\n- zz\n")
        #expect(try box.attr(ids[0], "label") == "zz aa msg=c\n")
        #expect(try await box.guild("tag", "2", "-a", "mid", "-y").exitCode == 0)
        #expect(try box.attr(ids[1], "label") == "msg=b\n")
        #expect(try await box.guild("tag", "-d", "zz", "-s", "-y").exitCode == 0)
        #expect(try box.attr(ids[0], "tags") == "- aa\n")
        #expect(try box.attr(ids[0], "label") == "aa msg=c\n")
        let all = try await box.guild("tag", "--list-all")
        #expect(all.stdout == "aa\nmid\n")
        let filtered = try await box.guild("runs", "-Ft", "mid")
        #expect(filtered.stdout.split(separator: "\n").count == 1 && filtered.stdout.contains("msg=b"))
        #expect(try await box.guild("tag", "-c", "-y").exitCode == 0)
        #expect(try box.attr(ids[0], "tags") == "[]\n")
        let conflict = try await box.guild("tag", "-a", "x", "--list-all")
        #expect(conflict.exitCode == 1 && conflict.stderr.hasPrefix("guild: --add and --list-all cannot both be specified\n"))
    }

    @Test("mark: the latest unmarked run by default, --clear unmarks every marked run, and runs shows [marked]")
    func mark() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        #expect(try await box.guild("mark", "-y").stderr == "Marked 1 run(s)\n")
        #expect(try box.attr(ids[0], "marked") == "true\n")
        #expect(try await box.guild("mark", "-y").exitCode == 0)
        #expect(try box.attr(ids[1], "marked") == "true\n")
        let list = try await box.guild("runs")
        #expect(list.stdout.contains("  hello [marked]  ") && list.stdout.split(separator: "\n").count == 3)
        #expect(try await box.guild("runs", "-Fm").stdout.split(separator: "\n").count == 2)
        #expect(try await box.guild("mark", "--clear", "-y").stderr == "Unmarked 2 run(s)\n")
        #expect(try await box.guild("mark", "--clear", "-y").stderr == "No runs to unmark.\n")
    }

    @Test("comment: add, list, the editor, delete and clear")
    func comments() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let add = try await box.guild("comment", "-a", "first note", "-u", "bob@box", "-y")
        #expect(add.exitCode == 0 && add.stderr == "Added comment to 1 run(s)\n")
        let stored = try box.attr(ids[0], "comments")
        #expect(stored.hasPrefix("- body: first note\n  host: box\n  time: ") && stored.hasSuffix("\n  user: bob\n"))

        // The editor gets the template and its result, without '#' lines, is added unprompted.
        let editor = box.root.appendingPathComponent("editor.sh")
        try "#!/bin/sh\ncp \"$1\" \"$1.seen\"\nprintf 'from editor\\n# dropped\\n' > \"$1\"\ncp \"$1\" \(box.root.path)/seen-result\ncp \"$1.seen\" \(box.root.path)/seen-template\n"
            .write(to: editor, atomically: true, encoding: .utf8)
        chmod(editor.path, 0o755)
        let edited = try await box.guild("comment", env: ["EDITOR": editor.path, "USER": "al", "HOST": "h1"])
        #expect(edited.exitCode == 0, "\(edited.stderr)")
        let template = try String(contentsOf: box.root.appendingPathComponent("seen-template"), encoding: .utf8)
        #expect(template.hasPrefix("\n# Type a comment for the runs below. Lines starting with '#' are \n# ignored."))
        #expect(template.contains("#  [\(ids[0].prefix(8))]  hello  "))
        let list = try await box.guild("comment", "-l")
        let lines = list.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("\(ids[0].prefix(8))  hello  ") && lines[0].hasSuffix("  completed  msg=c"))
        #expect(lines[1].hasPrefix("[1] bob@box 20") && lines[2] == "" && lines[3] == "  first note" && lines[4] == "")
        #expect(lines[5].hasPrefix("[2] al@h1 20") && lines[7] == "  from editor")
        let empty = try await box.guild("comment", "2", env: ["EDITOR": "true"])
        #expect(empty.exitCode == 1 && empty.stderr == "Aborting due to an empty comment.\n")

        #expect(try await box.guild("comment", "-d", "1", "-y").stderr == "Deleted comment for 1 run(s)\n")
        #expect(try box.attr(ids[0], "comments").hasPrefix("- body: from editor\n"))
        #expect(try await box.guild("comment", "2", "-l").stdout.hasSuffix("\n  <no comments>\n"))
        let clearNo = try await box.guild(["comment", "-c"], input: "\n")
        #expect(clearNo.exitCode == 4 && clearNo.stderr.hasSuffix("Continue? (y/N) "))
        #expect(try await box.guild(["comment", "-c"], input: "y\n").stderr.hasSuffix("Deleted all comments for 1 run(s)\n"))
        #expect(!FileManager.default.fileExists(atPath: box.runDirectory(ids[0]).appendingPathComponent(".guild/attrs/comments").path))
    }

    @Test("stop: a running op ends terminated with its output kept; rm stops a running run first")
    func stop() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "slow:\n  main: slow\n")
        try box.write("slow.py", "import time\nfor i in range(600):\n    print('step', i, flush=True)\n    time.sleep(0.1)\n")
        #expect(try await box.guild("run", "slow", "-y", "--background").exitCode == 0)
        #expect(try await box.waitForStatus("running") == "running")
        let id = try #require(try box.runIds().first)
        try await Task.sleep(for: .milliseconds(500))
        let no = try await box.guild(["stop"], input: "\n")
        #expect(no.exitCode == 4 && no.stderr.hasSuffix("Stop 1 run(s)? (y/N) "))
        let stop = try await box.guild("stop", "-y")
        #expect(stop.exitCode == 0 && stop.stderr.hasPrefix("Stopping \(id) (pid "))
        #expect(try await box.waitForStatus("terminated") == "terminated")
        #expect(try box.attr(id, "exit_status") == "-15\n")
        let output = try String(contentsOf: box.runDirectory(id).appendingPathComponent(".guild/output"), encoding: .utf8)
        #expect(output.hasPrefix("step 0\n"))
        #expect(try await box.guild("stop", "-y").stderr == "Nothing to stop.\n")

        #expect(try await box.guild("run", "slow", "-y", "--background").exitCode == 0)
        #expect(try await box.waitForStatus("running") == "running")
        let running = try await box.latestRunId()
        let rm = try await box.guild(["runs", "rm", "1"], input: "y\ny\n")
        #expect(rm.exitCode == 0, "\(rm.stderr)")
        #expect(rm.stderr.contains("WARNING: One or more runs are still running and will be stopped before being deleted.\nReally delete these runs? (y/N) Stopping \(running) (pid "))
        let trashed = box.home.appendingPathComponent("trash/runs/\(running)/.guild/attrs/exit_status")
        #expect(try String(contentsOf: trashed, encoding: .utf8) == "-15\n")
    }

    @Test("watch: follows a running op to its end, prints a finished run's output, and finds runs by pid")
    func watch() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "count:\n  main: count\n")
        try box.write("count.py", "import time\nfor i in range(60):\n    print('step', i, flush=True)\n    time.sleep(0.05)\n")
        let none = try await box.guild("watch")
        #expect(none.exitCode == 1)
        #expect(none.stderr == "guild: nothing to watch\nYou can view the output of a specific run using 'guild watch RUN'.\n")
        #expect(try await box.guild("run", "count", "-y", "--background").exitCode == 0)
        // Watched while it runs (3 s of steps), so the output is followed as it grows.
        #expect(try await box.waitForStatus("running") == "running")
        let id = try #require(try box.runIds().first)
        let live = try await box.guild("watch", id.prefix(8).description)
        #expect(live.exitCode == 0)
        #expect(live.stdout == (0..<60).map { "step \($0)\n" }.joined())
        #expect(live.stderr == "Watching run \(id)\nRun \(id) stopped with a status of 'completed'\n")
        let quiet = try await box.guild(["watch", "1"], env: ["NO_WATCHING_MSG": "1"])
        #expect(quiet.stdout == live.stdout && !quiet.stderr.contains("Watching"))
        let byPid = try await box.guild("watch", "--pid", "99999")
        #expect(byPid.exitCode == 1 && byPid.stderr == "guild: cannot find run for pid 99999\n")
        let job = try await box.guild("watch", "--pid", box.runDirectory(id).path + "/.guild/JOB")
        #expect(job.exitCode == 0 && job.stdout == live.stdout)
        let mixed = try await box.guild("watch", "--pid", "1", "1")
        #expect(mixed.exitCode == 1 && mixed.stderr == "guild: --pid may not be used with other options\n")
    }

    @Test("export and import: a directory and a zip, merged, skipped when present, and refused when not an archive")
    func exportImport() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let exportDir = box.root.appendingPathComponent("exported").path
        let first = try await box.guild(["export", exportDir, "1:2"], input: "\n")
        #expect(first.exitCode == 0)
        #expect(first.stderr.hasPrefix("You are about to copy the following runs to '\(exportDir)':\n"))
        #expect(first.stderr.hasSuffix("Continue? (Y/n) Copying \(ids[0])\nCopying \(ids[1])\nExported 2 run(s) to \(exportDir)\n"))
        #expect(FileManager.default.fileExists(atPath: exportDir + "/.guild-nocopy"))
        let again = try await box.guild("export", exportDir, "-y")
        #expect(again.stderr.contains("WARNING: \(exportDir)/\(ids[0]) exists, skipping\n"))
        #expect(again.stderr.hasSuffix("Exported 1 run(s) to \(exportDir)\n"))
        let listed = try await box.guild("runs", "list", "-A", exportDir)
        #expect(listed.stdout == (try await box.guild("runs")).stdout)

        let zip = box.root.appendingPathComponent("runs.zip").path
        #expect(try await box.guild("export", zip, "1", "-y").exitCode == 0)
        let merged = try await box.guild("export", zip, "-y")
        #expect(merged.stderr.contains("WARNING: \(ids[0]) exists, skipping\n") && merged.stderr.hasSuffix("Exported 2 run(s) to \(zip)\n"))
        #expect(try await box.guild("runs", "list", "-A", zip).stdout == listed.stdout)

        let other = try GuildSandbox(example: "hello")
        let imported = try await other.guild(["import", zip, "2:3"], input: "y\n")
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(imported.stderr.hasPrefix("You are about to import (copy) the following runs from '\(zip)':\n"))
        #expect(imported.stderr.hasSuffix("Imported 2 run(s) from \(zip)\n"))
        #expect(try other.runIds() == [ids[1], ids[2]].sorted())
        #expect(try other.attr(ids[1], "flags") == (try box.attr(ids[1], "flags")))
        let skipped = try await other.guild("import", exportDir, "-y")
        #expect(skipped.stderr.contains("WARNING: \(ids[1]) exists, skipping\n") && skipped.stderr.hasSuffix("Imported 1 run(s) from \(exportDir)\n"))
        let moveZip = try await other.guild("import", zip, "-m", "-y")
        #expect(moveZip.exitCode == 1 && moveZip.stderr == "guild: '--move' cannot be used with zip archives\n")
        let notArchive = box.root.appendingPathComponent("note.txt")
        try "x".write(to: notArchive, atomically: true, encoding: .utf8)
        let bad = try await other.guild("import", notArchive.path, "-y")
        #expect(bad.stderr == "guild: invalid archive \(notArchive.path) - expected a directory or a zip file\n")
        let missing = try await other.guild("import", "/nonexistent.zip", "-y")
        #expect(missing.exitCode == 1 && missing.stderr == "guild: archive '/nonexistent.zip' does not exist\n")
        let notDir = try await box.guild("export", notArchive.path, "-y")
        #expect(notDir.exitCode == 1 && notDir.stderr.hasSuffix("guild: '\(notArchive.path)' is not a directory\n"))
    }

    @Test("a zip with a member outside the archive is refused, and nothing is imported")
    func hostileZip() async throws {
        let box = try GuildSandbox()
        let zip = box.root.appendingPathComponent("evil.zip").path
        let script = "import zipfile\nz = zipfile.ZipFile('\(zip)', 'w')\nz.writestr('abc/.guild/opref', 'x')\nz.writestr('../escaped', 'x')\nz.close()\n"
        #expect(GuildSandbox.runAndWait(["/usr/bin/env", "python3", "-c", script]) == 0)
        let result = try await box.guild("import", zip, "-y")
        #expect(result.exitCode == 1 && result.stderr.contains("member outside the archive: ../escaped"))
        #expect(try box.runIds().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: box.root.deletingLastPathComponent().appendingPathComponent("escaped").path))
    }

    @Test("runs list --json and runs info --json/-c: Guild's keys, types and order")
    func json() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        #expect(try await box.guild("comment", "-a", "  noted  ", "-u", "bob@box", "-y").exitCode == 0)
        #expect(try await box.guild("tag", "-a", "t", "-y").exitCode == 0)
        let list = try await box.guild("runs", "list", "--json")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? String } == ids)
        #expect(list.stdout.hasPrefix("[{\"id\": \"\(ids[0])\", \"run_dir\": \"\(box.runDirectory(ids[0]).path)\", \"opref\": \"guildfile:"))
        #expect(runs[0]["marked"] is NSNull && runs[0]["exit_status"] as? Int == 0 && runs[0]["status"] as? String == "completed")
        #expect(runs[0]["tags"] as? [String] == ["t"] && runs[1]["tags"] is NSNull && runs[1]["comments"] is NSNull)
        #expect(list.stdout.contains("\"label\": \"msg=c\", \"started\": "))
        let info = try await box.guild("runs", "info", "--json", "-c")
        #expect(info.stdout.hasPrefix("{\"id\": \"\(ids[0])\", \"operation\": \"hello\", \"from\": "))
        #expect(info.stdout.contains("\"exit_status\": 0, \"pid\": \"\", "))
        #expect(info.stdout.contains("\"tags\": [\"t\"], \"flags\": {\"msg\": \"c\"}, \"scalars\": {}, \"comments\": [{\"user\": \"bob\", \"host\": \"box\", \"time\": \"20"))
        #expect(info.stdout.hasSuffix("\"body\": \"noted\"}]}\n"))
        let text = try await box.guild("runs", "info", "-c")
        #expect(text.stdout.contains("\ncomments:\n  -\n    body: noted\n    host: box\n    time: 20"))
    }

    @Test("guild run --stop-after ends the op terminated (exit 241) with its output, and -c records a comment")
    func stopAfterAndRunComment() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "slow:\n  main: slow\n")
        try box.write("slow.py", "import time\nfor i in range(600):\n    print('step', i, flush=True)\n    time.sleep(0.05)\n")
        // 3 s after the op starts; Python may not have printed yet on a loaded machine.
        let result = try await box.guild("run", "slow", "-y", "--stop-after", "0.05", "-c", "a short one")
        #expect(result.exitCode == 241)
        #expect(result.stderr.contains("Stopping process early (pid "))
        let id = try #require(try box.runIds().first)
        #expect(try box.attr(id, "exit_status") == "-15\n")
        // The op ran from `started` until the timer stopped it, well before its 30 s of steps.
        let started = try #require(Int(try box.attr(id, "started").trimmingCharacters(in: .newlines)))
        let stopped = try #require(Int(try box.attr(id, "stopped").trimmingCharacters(in: .newlines)))
        #expect(stopped - started >= 2_900_000 && stopped - started < 29_000_000)
        #expect(try box.attr(id, "comments").hasPrefix("- body: a short one\n"))
        #expect(try box.attr(id, "run_params").contains("stop_after: 0.05\n"))
    }

    @Test("open: the run directory, a path, the output or the source code through --cmd; a shell with --shell-cmd")
    func open() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        let dir = box.runDirectory(ids[0]).path
        #expect(try await box.guild("open", "-c", "echo").stdout == dir + "/\n")
        #expect(try await box.guild("open", "2", "-c", "echo", "-p", "hello.py").stdout == box.runDirectory(ids[1]).path + "/hello.py\n")
        let output = try await box.guild("open", "-c", "echo", "-O", "-p", "x")
        #expect(output.stdout == dir + "/.guild/output\n")
        #expect(output.stderr == "--output cannot be used with other options - ignorning other options\n")
        let absolute = try await box.guild("open", "-p", "/etc")
        #expect(absolute.exitCode == 1 && absolute.stderr == "guild: PATH must be relative\nTry 'guild open --help' for more information.\n")
        let conflict = try await box.guild("open", "--shell", "-c", "echo")
        #expect(conflict.exitCode == 1 && conflict.stderr.hasPrefix("guild: --shell and --cmd cannot both be specified\n"))
        let shell = try await box.guild("open", "--shell-cmd", "pwd")
        #expect(shell.stdout == dir + "\n" && shell.stderr.hasPrefix("Running a new shell in \(dir)/\n"))
    }

    @Test("check: Guild's keys aligned at column 28, --env, --space, and --version requirements")
    func check() async throws {
        let box = try await threeRuns()
        let info = try await box.guild("check", "--offline", "--space")
        let lines = info.stdout.split(separator: "\n").map(String.init)
        let keys = lines.filter { !$0.hasPrefix(" ") }.map { $0.split(separator: ":")[0] }
        #expect(keys.prefix(6) == ["guild_version", "guild_install_location", "guild_home", "guild_resource_cache",
                                   "installed_plugins", "python_version"])
        #expect(lines.contains("guild_version:             0.9.0"))
        #expect(lines.contains("guild_home:                \(box.home.path)"))
        #expect(lines.contains("latest_guild_version:      unchecked (offline)"))
        #expect(lines.contains { $0.hasPrefix("  runs:                    ") && $0.hasSuffix(" \(box.home.path)/runs") })
        let env = try await box.guild("check", "--offline", "--env")
        #expect(!env.stdout.contains("platform:") && env.stdout.contains("python_exe:"))
        #expect(try await box.guild("check", "-n", "--version", ">=0.9.0rc0").exitCode == 0)
        #expect(try await box.guild("check", "-n", "--version", ">=0.8,<1").exitCode == 0)
        let mismatch = try await box.guild("check", "-n", "--version", "0.1.0")
        #expect(mismatch.exitCode == 1)
        #expect(mismatch.stderr == "guild: version mismatch: current version '0.9.0' does not match '0.1.0'\n")
    }

    @Test("a marked run wins when --proto names an operation; an id still names its run")
    func markedRunIsTheProto() async throws {
        let box = try await threeRuns()
        let ids = try await ids(box)
        #expect(try await box.guild("mark", "3", "-y").exitCode == 0)
        let proto = try await box.guild("run", "--proto", "hello", "-y")
        #expect(proto.exitCode == 0 && proto.stdout == "a\n", "\(proto.stderr)")
        #expect(try await box.guild("mark", "--clear", "-y").exitCode == 0)
        #expect(try await box.guild("run", "--proto", "hello", "-y").stdout == "a\n")  // now the latest, msg=a
        #expect(try await box.guild("run", "--proto", ids[1].prefix(8).description, "-y").stdout == "b\n")
    }

    @Test("help: the project's operations and flags as Guild AI's console help prints them")
    func projectHelp() async throws {
        let box = try GuildSandbox(example: "hello")
        let help = try await box.guild("help")
        #expect(help.exitCode == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW\n\n    You are viewing help for operations defined in the current directory.\n"))
        #expect(help.stdout.hasSuffix("""
            BASE OPERATIONS

                hello
                  Print a greeting

                  Flags:
                    msg  Message to print (default is 'Hello Guild')


            """))
        try box.write("models/guild.yml", """
            - model: mnist
              operations:
                train:
                  main: train
                  flags:
                    opt:
                      choices: [sgd, adam]
                      default: sgd
            """)
        let models = try await box.guild("help", "models")
        #expect(models.stdout.contains("defined in './models'.\n"))
        #expect(models.stdout.contains(
            "MODELS\n\n    mnist\n\n      Operations:\n\n        train\n          Flags:\n            opt  (default is sgd)\n"))
        #expect(models.stdout.contains("                 Choices:  sgd, adam\n"))
        let none = try await box.guild("help", cwd: box.root)
        #expect(none.exitCode == 1 && none.stderr.hasPrefix("guild: the current directory does not contain a Guild file (guild.yml)\n"))
    }
}
