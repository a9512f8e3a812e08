import ArgumentParser
import Foundation
import GuildKit

extension Guild {
    /// `guild help`: the project's operations and their flags (reference 1.15).
    struct Help: GuildCommand {
        static let configuration = CommandConfiguration(
            commandName: "help", abstract: "Show help for a path or package.",
            discussion: "PATH is a project directory or a guild.yml; default is the current directory.")

        @Argument(help: ArgumentHelp("Project directory or guild.yml.", valueName: "PATH")) var path: String?
        @Flag(name: .customLong("package-description"), help: "Show the package description (reStructuredText).")
        var packageDescription = false
        @Flag(name: .customLong("markdown"), help: "Show help using Markdown format") var markdown = false
        @Option(
            name: .customLong("base-heading-level"),
            help: ArgumentHelp("Base heading level for generated markdown (default is 1)", valueName: "INTEGER"))
        var baseHeadingLevel = 1
        @Option(name: .customLong("title"), help: ArgumentHelp("Page title used for generating markdown", valueName: "TEXT"))
        var title = "Guild AI Help"
        @Flag(name: [.customShort("n"), .customLong("no-pager")], help: "Do not use a pager when showing help.")
        var noPager = false

        func run(_ context: GuildContext) async throws {
            if packageDescription && markdown {
                throw GuildError("--package-description and --markdown cannot both be used")
            }
            let target = URL(fileURLWithPath: path ?? ".", relativeTo: context.cwd).standardizedFileURL
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory)
            let file = isDirectory.boolValue ? Guildfile.find(in: target) : target
            guard let file, FileManager.default.fileExists(atPath: file.path) else {
                throw GuildError(
                    "the current directory does not contain a Guild file (guild.yml)\n"
                        + "Try specifying a project path or package name or 'guild help --help' for help.")
            }
            let guildfile = try Guildfile.load(from: file)
            let directory = file.deletingLastPathComponent().standardizedFileURL.path
            let description =
                directory == context.cwd.standardizedFileURL.path
                ? "the current directory" : "'\(Self.relative(directory, to: context.cwd.standardizedFileURL.path))'"
            // Flags as `guild run` sees them: imported from scripts and standing for dependencies too.
            let flagDefs: ProjectHelp.FlagDefs = { model, op in
                (try? ResolvedOperation(guildfile: guildfile, model: model, opdef: op)
                    .effectiveFlagDefs(cacheDirectory: context.cacheDirectory)) ?? op.flags
            }
            if markdown {
                Console.out(
                    ProjectHelp.markdown(guildfile, title: title, baseHeadingLevel: baseHeadingLevel, flagDefs: flagDefs))
            } else if packageDescription {
                Console.out(ProjectHelp.packageDescription(guildfile, flagDefs: flagDefs))
            } else {
                Console.out(ProjectHelp.text(guildfile, location: description, flagDefs: flagDefs))
            }
        }

        private static func relative(_ path: String, to base: String) -> String {
            let parts = path.split(separator: "/"), baseParts = base.split(separator: "/")
            let common = zip(parts, baseParts).prefix { $0 == $1 }.count
            let up = Array(repeating: "..", count: baseParts.count - common)
            let rel = (up + parts.dropFirst(common).map(String.init)).joined(separator: "/")
            return rel.hasPrefix(".") ? rel : "./" + rel
        }
    }
}
