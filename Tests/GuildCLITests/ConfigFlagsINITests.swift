import Foundation
import Testing

/// `.cfg`/`.ini` files as flags destinations (config-flags.md).
@Suite("INI config files as flags", .tags(.e2e))
struct ConfigFlagsINITests {
    @Test("an INI file's defaults and sections are flags, typed as configparser reads them, and written back")
    func iniFlags() async throws {
        let box = try GuildSandbox()
        try box.write(
            "guild.yml",
            """
            cfg:
              exec: cat flags.cfg
              flags-dest: config:flags.cfg
              flags-import: all
            """)
        try box.write("flags.cfg", "[DEFAULT]\ni = 123\nf = 1.123\ns = hello there\nb = yes\n\n[foo]\ni = 456\nb = 0\n")
        let help = try await box.guild("run", "cfg", "--help-op")
        #expect(help.stdout.contains("  b      (default is yes)\n"))
        #expect(help.stdout.contains("  foo.b  (default is 0)\n"))
        #expect(help.stdout.contains("  foo.s  (default is 'hello there')\n"), "a section sees the defaults")
        let run = try await box.guild("run", "cfg", "b=no", "foo.i=5", "-y")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                [DEFAULT]
                b = False
                f = 1.123
                i = 123
                s = hello there

                [foo]
                b = 0
                f = 1.123
                i = 5
                s = hello there


                """)
        try box.write("flags.cfg", "[DEFAULT]\nno separator here\n")
        let bad = try await box.guild("run", "cfg", "-y")
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.contains("flags.cfg: line 2: expected KEY = VALUE"))
    }
}
