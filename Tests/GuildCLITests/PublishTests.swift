import Foundation
import Testing

/// `guild publish` / `runs publish` on real runs (Guild AI's publish layout, default template).
@Suite("publish", .tags(.e2e), .serialized)
struct PublishTests {
    /// An op that prints scalars, writes two files and links a file dependency.
    private func project() async throws -> GuildSandbox {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            op:
              main: op
              flags:
                c: 4
                name: Zed
              requires:
                - file: src.txt
                  target-type: link
              publish:
                files:
                  - exclude: '*-2.txt'
            """)
        try box.write("op.py", "open('generated-1.txt', 'w').write('one')\nopen('generated-2.txt', 'w').write('two')\nprint('x: 3')\n")
        try box.write("src.txt", "source")
        let run = try await box.guild("run", "op", "-y")
        try #require(run.exitCode == 0, "\(run.stderr)")
        return box
    }

    private func files(under url: URL) -> [String] {
        (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    @Test("the run's pages and data, the index, and what -f, -a and -L copy")
    func publish() async throws {
        let box = try await project()
        let id = try await box.guild("select").stdout.trimmingCharacters(in: .newlines)
        let dest = box.root.appendingPathComponent("pub")
        let result = try await box.guild("publish", "-d", dest.path, "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[0].hasPrefix("Publishing [\(id.prefix(8))] op... using "))
        #expect(lines[1] == "Refreshing runs index" && lines[2].hasPrefix("Published runs using "))
        #expect(
            files(under: dest) == [
                ".guild-nocopy", "README.md", "\(id)/README.md", "\(id)/flags.yml", "\(id)/output.txt", "\(id)/run.yml",
                "\(id)/runfiles.csv", "\(id)/scalars.csv", "\(id)/sourcecode.csv", "\(id)/sourcecode/guild.yml",
                "\(id)/sourcecode/op.py",
            ].sorted())
        let runDest = dest.appendingPathComponent(id)
        let read = { (name: String) in (try? String(contentsOf: runDest.appendingPathComponent(name), encoding: .utf8)) ?? "" }
        #expect(read("flags.yml") == "c: 4\nname: Zed\n")
        #expect(read("output.txt") == "x: 3\n")
        let runYml = read("run.yml").split(separator: "\n").map(String.init)
        #expect(runYml.count == 10 && runYml[0] == "id: \(id)" && runYml[1] == "operation: op")
        #expect(runYml[6] == "marked: 'no'" && runYml[7] == "label: c=4 name=Zed" && runYml[9] == "exit_status: 0")
        #expect(read("scalars.csv").hasPrefix("prefix,tag,count,total,avg_val,first_val,first_step,last_val,last_step,min_val,min_step,max_val,max_step\n.guild,x,1,3.0,3.0,3.0,0,3.0,0,3.0,0,3.0,0\n"))
        let runfiles = read("runfiles.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") }
        #expect(runfiles == ["path,type,size", "generated-1.txt,file,3", "generated-2.txt,file,3", "src.txt,file link,6"])
        let readme = read("README.md")
        #expect(readme.hasPrefix("[Published runs](../README.md)\n\n# op\n\n| ID "))
        #expect(readme.contains("\n| \(id.prefix(8)) | op | "))
        #expect(readme.contains("## Flags\n\n| Name | Value |\n| ---- | ----- |\n| c | 4 |\n| name | Zed |\n\n[flags.yml](flags.yml)\n## Scalars\n\n| Key | Step | Value |\n| --- | ---- | ----- |\n| x | 0 | 3.0 |\n\n[scalars.csv](scalars.csv)\n## Run Files\n"))
        #expect(readme.contains("\n| generated-1.txt | file | 3 | "))
        #expect(readme.hasSuffix("## Output\n\n```\nx: 3\n```\n\n[output.txt](output.txt)\n\n"))
        let index = try String(contentsOf: dest.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(index.hasPrefix("# Published runs\n\n| ID | Operation | Started | Time | Status | Label |\n| -- | --------- | ------- | ---- | ------ | ----- |\n| [\(id.prefix(8))](\(id)/README.md) | op | "))
        #expect(index.hasSuffix(" | completed | c=4 name=Zed |\n\n"))

        let copies: [([String], [String])] = [
            (["-f"], ["generated-1.txt"]), (["-a"], ["generated-1.txt", "generated-2.txt"]),
            (["-a", "-L"], ["generated-1.txt", "generated-2.txt", "src.txt"]), (["-L"], ["generated-1.txt", "src.txt"]),
        ]
        for (options, expected) in copies {
            let again = try await box.guild(["runs", "publish", "-d", dest.path, "-y"] + options)
            #expect(again.exitCode == 0, "\(options)")
            #expect(files(under: runDest.appendingPathComponent("runfiles")) == expected, "\(options)")
        }
        #expect(try String(contentsOf: runDest.appendingPathComponent("README.md"), encoding: .utf8).contains("| [src.txt](runfiles/src.txt) | file link | 6 | "))
    }

    @Test("the prompt, nothing to publish, conflicting options and custom templates")
    func edges() async throws {
        let box = try await project()
        let dest = box.root.appendingPathComponent("pub")
        let no = try await box.guild(["publish", "-d", dest.path], input: "n\n")
        #expect(no.exitCode == 4)
        #expect(no.stderr.hasPrefix("You are about to publish the following run(s) to \(dest.path):\n  ["))
        #expect(no.stderr.hasSuffix("Continue? (Y/n) "))
        #expect(!FileManager.default.fileExists(atPath: dest.path))
        let none = try await box.guild("publish", "-Fo", "nothing", "-y")
        #expect(none.exitCode == 0 && none.stderr == "No runs to publish.\n")
        let both = try await box.guild("publish", "-f", "-a")
        #expect(both.exitCode == 1 && both.stderr == "guild: --files and --all-files cannot both be used\n")
        let custom = try await box.guild("publish", "-t", "mine", "-d", dest.path, "-y")
        #expect(custom.exitCode == 1 && custom.stderr.contains("custom publish templates are not supported yet ('mine')"))
        #expect(!FileManager.default.fileExists(atPath: dest.path))
        let refresh = try await box.guild("publish", "-r", "-d", dest.path)
        #expect(refresh.exitCode == 1 && refresh.stderr.hasPrefix("guild: error refreshing index: "))
    }
}
