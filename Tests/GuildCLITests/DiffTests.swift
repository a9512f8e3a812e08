import Foundation
import Testing

@Suite("guild diff", .tags(.e2e))
struct DiffTests {
    @Test("flags, output, attrs and paths of two runs through diff -ru or --cmd; one run is an error")
    func diff() async throws {
        let box = try GuildSandbox(example: "batch")
        #expect(try await box.guild("run", "train", "x=1", "-y", "-q").exitCode == 0)
        #expect(try await box.guild("run", "train", "x=2", "-y", "-q").exitCode == 0)
        let flags = try await box.guild("diff", "-g")
        #expect(flags.exitCode == 0)
        #expect(flags.stdout.contains("\n-x: 1\n+x: 2\n"), "\(flags.stdout)")
        #expect(flags.stdout.contains("/.guild/attrs/flags\t"))
        let output = try await box.guild("diff", "--output")
        #expect(output.stdout.contains("\n-loss: 1.094172\n"), "\(output.stdout)")
        #expect(output.stdout.contains("\n+loss: 0.094172\n"), "\(output.stdout)")
        let viaCat = try await box.guild("diff", "2", "1", "-p", ".guild/attrs/label", "--cmd", "cat")
        #expect(viaCat.stdout == "noise=0.1 seed=0 sleep=0 x=1\nnoise=0.1 seed=0 sleep=0 x=2\n")
        let attrs = try await box.guild("diff", "-a", "-g", "--cmd", "echo")
        #expect(attrs.stderr == "WARNING: ignoring --flags (already included in --attrs)\n")
        #expect(attrs.stdout.hasSuffix("/.guild/attrs\n"))
        let one = try await box.guild("diff", "1")
        #expect(one.exitCode == 1)
        #expect(one.stderr.hasPrefix("guild: diff requires two runs\n"))
    }
}
