import Foundation
import Testing

/// Seeded fuzzing of what guild reads (issue 14): mutated guild.yml, dvc.yaml and params files,
/// odd flag values and run ids, and corrupted run directories, fed to the built binary. Each
/// case must end by itself, never die of a signal, report an error in at most two lines (besides
/// warnings), and write nothing outside the Guild home's runs and cache.
@Suite("fuzzing the built guild with damaged input", .tags(.e2e))
struct FuzzTests {
    /// A small generator with a fixed seed, so a failure names a case that can be rerun.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let guildfile = """
        - model: m
          operations:
            train:
              description: Train it
              exec: sh -c 'echo ${lr}'
              flags:
                lr: 0.1
                opt:
                  default: adam
                  choices: [adam, sgd]
              requires:
                - file: data.txt
                  target-path: data
            stage:
              main: guild.plugins.dvc_stage_main s
        """
    static let dvcfile = """
        stages:
          s:
            cmd: python3 s.py
            deps: [data.txt, s.py]
            params: [a.b, c]
            outs: [out.txt]
            metrics: [m.json]
        """
    static let params = "a:\n  b: 1\nc: [1, 2]\n"
    static let noise = [
        "*", "&a", "[", "]", "{", "}", ": ", "!", "|", ">", "%", "@", "`", "'", "\"", "\t", "\n", "- ", "#",
        "<<: *a", "\u{0}", "\u{FEFF}", "é", "99999999999999999999999", "-.inf", "~", "!!binary", "? ", "---", "...",
    ]

    /// `text` with a few random edits: characters dropped, YAML punctuation inserted, lines doubled.
    static func mutate(_ text: String, using random: inout SeededGenerator) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &random) where !chars.isEmpty {
            let at = Int.random(in: 0..<chars.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(contentsOf: noise.randomElement(using: &random)!, at: at)
            case 2:
                let line = chars[..<at].lastIndex(of: "\n").map { chars.index(after: $0) } ?? 0
                let end = chars[at...].firstIndex(of: "\n") ?? chars.count
                chars.insert(contentsOf: Array(chars[line..<end]) + ["\n"], at: line)
            default: chars[at] = noise.randomElement(using: &random)!.first ?? " "
            }
        }
        return String(chars)
    }

    static let commands: [[String]] = [
        ["ops"], ["run", "m:train", "--help-op"], ["run", "m:train", "--print-cmd"], ["run", "m:stage", "--print-cmd"],
        ["run", "dvc.yaml:s", "--print-cmd"], ["runs"], ["runs", "info"], ["compare", "--csv", "-"], ["ls"],
        ["select", "--attr", "flags"], ["cat", "-p", ".guild/attrs/flags"],
    ]

    @Test("200 seeded cases: no hang, no signal death, short errors, nothing written outside the home")
    func damagedInput() async throws {
        var random = SeededGenerator(state: 14)
        let box = try GuildSandbox()
        try box.write("data.txt", "data\n")
        try box.write("s.py", "print('s')\n")
        try box.write("guild.yml", Self.guildfile)
        #expect(try await box.guild("run", "m:train", "-y", "-q").exitCode == 0)
        let runId = try #require(try box.runIds().first)
        let attrs = box.runDirectory(runId).appendingPathComponent(".guild/attrs")
        let flagsAttr = try String(contentsOf: attrs.appendingPathComponent("flags"), encoding: .utf8)
        let outside = try Self.snapshot(box.root, excluding: [box.home.path + "/runs", box.home.path + "/cache"])
        for number in 0..<200 {
            try box.write("guild.yml", Self.mutate(Self.guildfile, using: &random))
            try box.write("dvc.yaml", Self.mutate(Self.dvcfile, using: &random))
            try box.write("params.yaml", Self.mutate(Self.params, using: &random))
            try Self.mutate(flagsAttr, using: &random).write(
                to: attrs.appendingPathComponent("flags"), atomically: true, encoding: .utf8)
            var args = Self.commands.randomElement(using: &random)!
            if number % 5 == 0 { args += [Self.mutate("lr=0.5", using: &random)] }
            if number % 7 == 0, args.first != "ops" {
                args.append(Self.mutate(String(runId.prefix(8)), using: &random))
            }
            let result = try await GuildSandbox.run(
                "/usr/bin/timeout", ["20", GuildSandbox.binary] + args, environment: box.environment, cwd: box.project)
            let label = "case \(number): guild \(args)"
            #expect(result.exitCode >= 0 && result.exitCode != 124, "\(label) hung or died: \(result.exitCode)")
            #expect(result.exitCode < 128, "\(label) died of a signal: \(result.exitCode)")
            if result.exitCode != 0 {
                let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("WARNING: ") }
                #expect(lines.count <= 2, "\(label): \(result.stderr)")
            }
        }
        // The project's own files are the ones the cases wrote; nothing else appeared outside.
        let after = try Self.snapshot(box.root, excluding: [box.home.path + "/runs", box.home.path + "/cache"])
        #expect(after.subtracting(["project/dvc.yaml", "project/params.yaml"]) == outside)
    }

    /// Paths under `root`, relative to it, except those below `excluded`.
    static func snapshot(_ root: URL, excluding excluded: [String]) throws -> Set<String> {
        let all = FileManager.default.subpaths(atPath: root.path) ?? []
        return Set(
            all.filter { path in
                let full = root.path + "/" + path
                return !excluded.contains { full == $0 || full.hasPrefix($0 + "/") }
            })
    }
}
