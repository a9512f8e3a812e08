import Foundation
import Testing

/// `url:` sources served by `python3 -m http.server` on loopback, and archive sources.
@Suite("url and archive dependencies", .tags(.e2e))
struct DependencyDownloadTests {
    @Test("a url source is downloaded once, checked against sha256, and a zip is unpacked with select")
    func urlSources() async throws {
        let box = try GuildSandbox()
        let served = box.root.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        try "hello\n".write(to: served.appendingPathComponent("hello.txt"), atomically: true, encoding: .utf8)
        try makeArchives(in: served)
        let server = try HTTPServer(directory: served)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let helloSha = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
        try box.write(
            "guild.yml",
            """
            download:
              exec: cat hello.txt a.txt
              requires:
                - url: \(base)/hello.txt
                  sha256: \(helloSha)
                - url: \(base)/files.zip
                  select: a\\.txt
            bad-sum:
              exec: "true"
              requires:
                - url: \(base)/hello.txt
                  sha256: \(String(repeating: "ab", count: 32))
            not-found:
              exec: "true"
              requires:
                - url: \(base)/nothing-here.txt
            """)
        let result = try await box.guild("run", "download", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "hello\nA\n")
        #expect(result.stderr.contains("Unpacking "))
        let id = try await box.latestRunId()
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("d hello.txt f572d396fae9206628714fb2ce00f72e94f2258f \(base)/hello.txt hello.txt\n"))
        #expect(manifest.contains("d a.txt 7d157d7c000ae27db146575c08ce30df893d3a64 \(base)/files.zip a.txt\n"))

        // The second run uses the cached download.
        let again = try await box.guild("run", "download", "-y")
        #expect(again.stderr.contains("Using cached file "))

        // A cached file cut off or changed since it was downloaded is fetched again, never used.
        let cached = try #require(
            FileManager.default.enumerator(atPath: box.home.appendingPathComponent("cache/resources").path)?
                .compactMap { $0 as? String }.first { $0.hasSuffix("/hello.txt") })
        let cachedPath = box.home.appendingPathComponent("cache/resources/" + cached).path
        try "hel".write(toFile: cachedPath, atomically: false, encoding: .utf8)
        let cutOff = try await box.guild("run", "download", "-y")
        #expect(cutOff.exitCode == 0, "\(cutOff.stderr)")
        #expect(cutOff.stderr.contains("WARNING: cached file \(cachedPath) is not what was downloaded; downloading it again"))
        #expect(cutOff.stdout == "hello\nA\n")
        #expect(try String(contentsOfFile: cachedPath, encoding: .utf8) == "hello\n")

        let bad = try await box.guild("run", "bad-sum", "-y")
        #expect(bad.exitCode == 1)
        #expect(
            bad.stderr.contains(
                "could not resolve '\(base)/hello.txt' in \(base)/hello.txt resource: bad sha256 for '\(base)/hello.txt' "
                    + "(expected \(String(repeating: "ab", count: 32)) but got \(helloSha))"))

        let missing = try await box.guild("run", "not-found", "-y")
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("cannot download \(base)/nothing-here.txt: HTTP Error 404"))
    }

    @Test("a local tar.gz is unpacked into the resource cache and its top-level names are resolved")
    func localArchive() async throws {
        let box = try GuildSandbox()
        try makeArchives(in: box.project)
        try box.write(
            "guild.yml",
            """
            untar:
              exec: cat b/c.txt
              requires:
                - file: files.tar.gz
            keep-packed:
              exec: ls
              requires:
                - file: files.tar.gz
                  unpack: no
            post:
              exec: "true"
              requires:
                - file: files.tar.gz
                  post-process: touch processed-$(basename $(project-src guild.yml))
            """)
        let result = try await box.guild("run", "untar", "-y")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "C\n")
        let id = try await box.latestRunId()
        let manifest = try String(
            contentsOf: box.runDirectory(id).appendingPathComponent(".guild/manifest"), encoding: .utf8)
        #expect(manifest.contains("d b - file:files.tar.gz b\n"))
        #expect(!manifest.contains("s files.tar.gz"))
        let packed = try await box.guild("run", "keep-packed", "-y")
        #expect(packed.stdout.contains("files.tar.gz\n"))

        // post-process runs once, in the directory the archive unpacked into.
        let post = try await box.guild("run", "post", "-y")
        #expect(post.exitCode == 0, "\(post.stderr)")
        #expect(post.stderr.contains("Post processing file:files.tar.gz resource in "))
        let cache = box.home.appendingPathComponent("cache/resources")
        let dirs = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(dirs.contains { FileManager.default.fileExists(atPath: cache.path + "/\($0)/processed-guild.yml") })
        let again = try await box.guild("run", "post", "-y")
        #expect(!again.stderr.contains("Post processing"))
    }

    /// files.zip with a.txt and z.txt; files.tar.gz with b/c.txt.
    private func makeArchives(in dir: URL) throws {
        let script = """
            import io, sys, tarfile, zipfile
            d = sys.argv[1]
            with zipfile.ZipFile(d + "/files.zip", "w") as z:
                z.writestr("a.txt", "A\\n")
                z.writestr("z.txt", "Z\\n")
            with tarfile.open(d + "/files.tar.gz", "w:gz") as t:
                data = b"C\\n"
                info = tarfile.TarInfo("b/c.txt")
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            """
        #expect(GuildSandbox.runAndWait(["/usr/bin/env", "python3", "-c", script, dir.path]) == 0)
    }
}

/// `python3 -m http.server` on a free loopback port, for as long as the test needs it.
final class HTTPServer {
    let process = Process()
    let port: Int

    init(directory: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        // "Serving HTTP on 127.0.0.1 port 43210 (http://127.0.0.1:43210/) ..."
        var line = ""
        while !line.contains("\n") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        let words = line.split(separator: " ")
        guard let i = words.firstIndex(of: "port"), i + 1 < words.count, let port = Int(words[i + 1]) else {
            kill(process.processIdentifier, SIGKILL)
            throw GuildTestError("http.server did not report its port: \(line)")
        }
        self.port = port
    }

    /// SIGKILL: a child of the test process may inherit a signal mask that blocks SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        GuildSandbox.reap(process.processIdentifier)
    }
}

struct GuildTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
