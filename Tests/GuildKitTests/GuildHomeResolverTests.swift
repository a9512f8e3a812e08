import Foundation
import Testing

@testable import GuildKit

@Suite struct GuildHomeResolverTests {
    private let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("ghr-\(UUID().uuidString)")

    private func resolver(_ env: [String: String], cwd: URL) -> GuildHomeResolver {
        GuildHomeResolver(environment: env, cwd: cwd, userHome: tmp.appendingPathComponent("user"))
    }

    @Test func orderOfPrecedence() throws {
        let fm = FileManager.default
        let project = tmp.appendingPathComponent("user/proj/sub")
        try fm.createDirectory(at: project, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }
        let user = tmp.appendingPathComponent("user")
        #expect(resolver([:], cwd: project).resolve(explicit: nil).path == user.appendingPathComponent(".guild").path)

        let nearest = tmp.appendingPathComponent("user/proj/.guild")
        try fm.createDirectory(at: nearest, withIntermediateDirectories: true)
        #expect(resolver([:], cwd: project).resolve(explicit: nil).path == nearest.path)

        let venv = tmp.appendingPathComponent("venv")
        try fm.createDirectory(at: venv.appendingPathComponent(".guild"), withIntermediateDirectories: true)
        let fromVenv = resolver(["VIRTUAL_ENV": venv.path], cwd: project).resolve(explicit: nil)
        #expect(fromVenv.path == venv.appendingPathComponent(".guild").resolvingSymlinksInPath().path)
        #expect(
            resolver(["VIRTUAL_ENV": "", "CONDA_PREFIX": ""], cwd: project).resolve(explicit: nil).path == nearest.path)

        #expect(
            resolver(["GUILD_HOME": "/gh", "VIRTUAL_ENV": venv.path], cwd: project).resolve(explicit: nil).path == "/gh"
        )
        #expect(resolver(["GUILD_HOME": ""], cwd: project).resolve(explicit: nil).path == nearest.path)
        #expect(resolver(["GUILD_HOME": "/gh"], cwd: project).resolve(explicit: "/explicit").path == "/explicit")
    }

    @Test func searchStopsAtUserHome() throws {
        let fm = FileManager.default
        let outer = tmp.appendingPathComponent(".guild")
        let project = tmp.appendingPathComponent("user/proj")
        try fm.createDirectory(at: outer, withIntermediateDirectories: true)
        try fm.createDirectory(at: project, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: tmp) }
        let home = resolver([:], cwd: project).resolve(explicit: nil)
        #expect(home.path == tmp.appendingPathComponent("user/.guild").path)
    }
}
