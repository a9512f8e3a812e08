import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild check`: the setup report (reference 1.14).
    struct Check: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check the Guild setup.",
            discussion: """
                Shows this guild's version and location, the Guild home, Python, TensorBoard, CUDA and \
                the platform. It never checks guild.ai for newer versions.
                """)

        @Flag(name: .customLong("env"), help: "Limit check to environment info.") var environmentOnly = false
        @Flag(name: [.customShort("n"), .customLong("no-info")], help: "Don't print info.") var noInfo = false
        @Flag(name: .shortAndLong, help: "Show more information.") var verbose = false
        @Flag(name: .customLong("space"), help: "Show disk space usage for Guild files.") var space = false
        @Option(name: .customLong("version"), help: ArgumentHelp("Check the installed version.", valueName: "REQUIRED"))
        var version: String?
        @Flag(inversion: .prefixedNo, help: "Don't check guild.ai for latest versions.") var offline = false

        func run(_ context: GuildContext) async throws {
            if let version, try !VersionRequirement.matches(version) {
                throw GuildError("version mismatch: current version '0.9.0' does not match '\(version)'")
            }
            guard !noInfo else { return }
            var check = SetupCheck(context: context)
            var lines = check.lines(environmentOnly: environmentOnly, offline: offline)
            if space && !environmentOnly { lines += check.spaceLines() }
            Console.out(lines.joined(separator: "\n"))
            if check.hasError {
                throw GuildError(
                    "there are problems with your setup\nRefer to the issues above for more information"
                        + (verbose ? "" : " or rerun check with the --verbose option."))
            }
        }
    }
}
