import Foundation
import Testing

/// `guild merge`, `runs merge` and `api merge` on real runs (Guild AI's merge-impl behaviour).
@Suite("merge", .tags(.e2e), .serialized)
struct MergeTests {
    /// A project whose op copies two file dependencies and source code, and writes `a` and
    /// `subdir/c`; one run of it.
    private func project() async throws -> GuildSandbox {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            default:
              main: op
              requires:
                - file: dep-1
                - file: dep-subdir/dep-2
                  target-path: dep-subdir
            """)
        try box.write("op.py", "import os\nopen('a', 'w').write('a')\nos.makedirs('subdir')\nopen('subdir/c', 'w').write('c')\n")
        try box.write("dep-1", "")
        try box.write("dep-subdir/dep-2", "")
        let run = try await box.guild("run", "default", "-y")
        try #require(run.exitCode == 0, "\(run.stderr)")
        return box
    }

    private func row(_ box: borrowing GuildSandbox) async throws -> String {
        let runs = try await box.guild("runs", "-n", "1").stdout
        let fields = runs.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
        return "  [\(fields[0].dropFirst(3).dropLast())]  default  \(fields[2])  completed  \n"
    }

    @Test("nothing to copy, the preview, the replace check and --replace without a VCS")
    func withoutVCS() async throws {
        let box = try await project()
        let row = try await row(box)
        let nothing = try await box.guild("merge", "-y")
        #expect(nothing.exitCode == 0)
        #expect(
            nothing.stderr
                == "Nothing to copy for the following run:\n\(row)Try 'guild merge --preview' for a list of skipped files.\n")
        let preview = try await box.guild("merge", "--preview")
        #expect(
            preview.stderr == """
                Merge will copy files from the following run to the current directory:
                \(row)Files:
                  nothing to copy
                Skipped:
                  a                 non-project file
                  dep-1             unchanged
                  dep-subdir/dep-2  unchanged
                  guild.yml         unchanged
                  op.py             unchanged
                  subdir/c          non-project file

                """)

        try box.write("dep-1", "xxx")
        for args in [["merge", "-y"], ["merge", "--preview"], ["runs", "merge", "--no-replace", "-y"]] {
            let refused = try await box.guild(args)
            #expect(refused.exitCode == 1, "\(args)")
            #expect(
                refused.stderr
                    == "guild: files in the current directory would be replaced:\n  dep-1\nUse --replace to skip this check.\n")
        }
        let no = try await box.guild(["merge", "--replace"], input: "n\n")
        #expect(no.exitCode == 4)
        #expect(
            no.stderr == """
                You are about to copy files from the following run to the current directory:
                \(row)Files:
                  dep-1
                5 files will not be copied (use --preview to show the full list)
                Continue? (y/N) 
                """)
        let merged = try await box.guild("merge", "--replace", "-y")
        #expect(merged.exitCode == 0 && merged.stderr == "Copying dep-1\n")
        #expect(try String(contentsOf: box.project.appendingPathComponent("dep-1"), encoding: .utf8) == "")
        let conflict = try await box.guild("merge", "--replace", "--no-replace")
        #expect(conflict.exitCode == 1)
        #expect(conflict.stderr == "guild: --replace and --no-replace cannot both be specified\nTry 'guild merge --help' for more information.\n")
    }

    @Test("-t DIR with --sourcecode, --skip-sourcecode, --all and --exclude")
    func targetDirectories() async throws {
        let box = try await project()
        let cases: [([String], [String])] = [
            ([], ["dep-1", "dep-subdir/dep-2", "guild.yml", "op.py"]),
            (["--sourcecode"], ["guild.yml", "op.py"]),
            (["-S"], ["dep-1", "dep-subdir/dep-2"]),
            (["--all", "--skip-sourcecode", "--skip-deps"], ["a", "subdir/c"]),
            (["-a", "-x", "dep*", "-x", "*.py"], ["a", "guild.yml", "subdir/c"]),
        ]
        for (i, (options, expected)) in cases.enumerated() {
            let target = box.root.appendingPathComponent("target-\(i)")
            let result = try await box.guild(["merge", "-t", target.path, "-y"] + options)
            #expect(result.exitCode == 0, "\(options): \(result.stderr)")
            #expect(result.stderr == expected.map { "Copying \($0)\n" }.joined(), "\(options)")
            let files = try FileManager.default.subpathsOfDirectory(atPath: target.path).filter {
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: target.appendingPathComponent($0).path, isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }
            #expect(files.sorted() == expected, "\(options)")
        }
        let elsewhere = try await box.guild(["merge", "-y"], cwd: box.root)
        #expect(elsewhere.exitCode == 1)
        #expect(elsewhere.stderr.contains("was created from a different project (~/project) - cannot merge to the current directory by default\nUse '--target-dir .' to override"))
    }

    @Test("in a git work tree, tracked files are replaced only when their changes are staged")
    func withGit() async throws {
        let box = try await project()
        let git = { (args: [String]) async throws -> Int32 in
            try await GuildSandbox.run(
                "/usr/bin/git", ["-c", "user.email=t@t", "-c", "user.name=t"] + args, environment: box.environment,
                cwd: box.project
            ).exitCode
        }
        #expect(try await git(["init", "-q"]) == 0)
        #expect(try await git(["add", "."]) == 0)
        #expect(try await git(["commit", "-qm", "init"]) == 0)
        try box.write("op.py", "# changed\n")
        try box.write("dep-1", "changed\n")
        let unstaged = try await box.guild("merge", "-y")
        #expect(unstaged.exitCode == 1)
        #expect(
            unstaged.stderr == """
                guild: files in the current directory have unstaged changes:
                  dep-1
                  op.py
                Stage or stash these changes or use --replace to skip this check.

                """)
        #expect(try await git(["add", "op.py", "dep-1"]) == 0)
        let merged = try await box.guild("merge", "-y")
        #expect(merged.stderr == "Copying dep-1\nCopying op.py\n")
        #expect(try String(contentsOf: box.project.appendingPathComponent("op.py"), encoding: .utf8).hasPrefix("import os"))
        try box.write("a", "not from the run")
        let untracked = try await box.guild("merge", "-a", "-y")
        #expect(untracked.exitCode == 1 && untracked.stderr.contains("would be replaced:\n  a\n"))
    }

    @Test("api merge answers each outcome as JSON")
    func api() async throws {
        let box = try await project()
        let noYes = try await box.guild("api", "merge")
        #expect(noYes.exitCode == 1 && noYes.stderr.hasPrefix("guild: --yes must be specified for this command when --preview is not used\n"))
        #expect(try await box.guild("api", "merge", "-y").stdout == "{\"resp\": \"nothing-to-copy\"}\n")
        let preview = try await box.guild("api", "merge", "--preview", "-a")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(preview.stdout.utf8)) as? [String: Any])
        #expect(json["resp"] as? String == "preview" && json["targetDir"] as? String == box.project.path)
        let toCopy = try #require(json["toCopy"] as? [[String: String]])
        #expect(toCopy.map { $0["targetPath"]! } == ["a", "subdir/c"] && toCopy.map { $0["fileType"]! } == ["o", "o"])
        let toSkip = try #require(json["toSkip"] as? [[String: Any]])
        #expect(toSkip.first { $0["runPath"] as? String == "dep-1" }?["reason"] as? String == "u")
        #expect(((json["run"] as? [String: Any])?["operation"]) as? String == "default")
        try box.write("dep-1", "x")
        #expect(try await box.guild("api", "merge", "-y").stdout == "{\"resp\": \"replacement-paths\", \"paths\": [\"dep-1\"]}\n")
        #expect(try await box.guild("api", "merge", "-y", "--replace").stdout == "{\"resp\": \"ok\", \"copied\": [\"dep-1\"]}\n")
    }
}
