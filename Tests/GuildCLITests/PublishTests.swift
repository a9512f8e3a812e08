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
        let id = try await box.latestRunId()
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

        // A link to nothing is listed with its type only, as Guild AI lists it.
        try FileManager.default.createSymbolicLink(
            atPath: box.runDirectory(id).appendingPathComponent("gone.txt").path, withDestinationPath: "not-there")
        #expect(try await box.guild("publish", "-d", dest.path, "-y").exitCode == 0)
        #expect(read("runfiles.csv").contains("\ngone.txt,link,,,\n"))
        #expect(read("README.md").contains("\n| gone.txt | link |  |  |  |\n"))
    }

    @Test("the prompt, nothing to publish, conflicting options and a missing template")
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
        #expect(custom.exitCode == 1 && custom.stderr.hasSuffix(":\ncannot find template mine\n"))
        #expect(!FileManager.default.fileExists(atPath: dest.path))
        let refresh = try await box.guild("publish", "-r", "-d", dest.path)
        #expect(refresh.exitCode == 1 && refresh.stderr.hasPrefix("guild: error refreshing index: "))
    }
}

/// A `python3` with Jinja2: the one on PATH, else Guild AI's venv (`GUILDAI_BIN`), which has it.
private let jinjaPythonDirectory: String? = {
    let env = ProcessInfo.processInfo.environment
    if let bin = env["GUILDAI_BIN"] { return URL(fileURLWithPath: bin).deletingLastPathComponent().path }
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import jinja2"]
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return nil }
    probe.waitUntilExit()
    return probe.terminationStatus == 0 ? "" : nil
}()

@Suite(
    "publish with custom templates", .tags(.e2e),
    .enabled(if: jinjaPythonDirectory != nil, "no python3 with jinja2 (GUILDAI_BIN's venv has it; see .ci/run)"))
struct PublishTemplateTests {
    @Test("a template extending the default one, overriding a part, adding files; an index template; errors")
    func customTemplates() async throws {
        let box = try GuildSandbox()
        try box.write("guild.yml", "op:\n  main: op\n  flags:\n    c: 4\n  publish:\n    template: report\n")
        try box.write("op.py", "print('x: 3')\n")
        try box.write(
            "report/README.md",
            """
            {% extends "publish-default/README.md" %}

            {% block header -%}
            Report for {{ run.id|short_id }} ({{ run.marked }})
            {%- endblock %}
            {% block footer %}
            -- {{ flags.c }}
            {%- endblock %}
            """)
        try box.write("report/_scalars.md", "Scalars: {{ scalars|csv_dict_rows|length }}")
        try box.write("report/notes.txt", "{{ run.operation }} {{ run.label }}")
        try box.write("report/_private.txt", "not published")
        try box.write("index/README.md", "{% for run in runs %}{{ run.id|short_id }} {{ run.status }}\n{% endfor %}")
        #expect(try await box.guild("run", "op", "-y").exitCode == 0)
        let id = try await box.latestRunId()
        let dest = box.root.appendingPathComponent("pub")
        var env = box.environment
        if let dir = jinjaPythonDirectory, !dir.isEmpty { env["PATH"] = dir + ":" + (env["PATH"] ?? "/usr/bin:/bin") }
        let result = try await GuildSandbox.run(
            GuildSandbox.binary, ["publish", "-d", dest.path, "-i", "index", "-y"], environment: env, cwd: box.project)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let runDest = dest.appendingPathComponent(id)
        let readme = try String(contentsOf: runDest.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.hasPrefix("Report for \(id.prefix(8)) (no)\n\n# op\n\n| ID "))
        #expect(readme.contains("## Scalars\n\nScalars: 1\n## Run Files"))
        #expect(readme.contains("## Flags\n\n| Name | Value |\n| ---- | ----- |\n| c | 4 |\n"))
        #expect(readme.hasSuffix("[output.txt](output.txt)\n\n-- 4\n"))
        #expect(try String(contentsOf: runDest.appendingPathComponent("notes.txt"), encoding: .utf8) == "op c=4\n")
        #expect(!FileManager.default.fileExists(atPath: runDest.appendingPathComponent("_private.txt").path))
        #expect(try String(contentsOf: dest.appendingPathComponent("README.md"), encoding: .utf8) == "\(id.prefix(8)) completed\n\n")

        try box.write("broken/README.md", "{% if x %}\n")
        let broken = try await GuildSandbox.run(
            GuildSandbox.binary, ["publish", "-t", "broken", "-d", dest.path, "-y"], environment: env, cwd: box.project)
        #expect(broken.exitCode == 1)
        #expect(broken.stderr.hasPrefix("guild: error publishing run \(id):\n\(box.project.path)/broken/README.md:1: Unexpected end of template."))
        let missing = try await GuildSandbox.run(
            GuildSandbox.binary, ["publish", "-t", "nope", "-d", dest.path, "-y"], environment: env, cwd: box.project)
        #expect(missing.exitCode == 1 && missing.stderr == "guild: error publishing run \(id):\ncannot find template nope\n")
    }
}
