import Testing

@testable import GuildKit

@Suite struct FlagResolverTests {
    private var defs: [FlagDef] {
        var lr = FlagDef(name: "lr")
        lr.defaultValue = .float(0.1)
        var epochs = FlagDef(name: "epochs")
        epochs.defaultValue = .int(3)
        epochs.type = .int
        var opt = FlagDef(name: "opt")
        opt.defaultValue = .string("sgd")
        opt.choices = [
            FlagChoice(value: .string("sgd")),
            FlagChoice(value: .string("adam"), alias: .string("a"), flags: ["lr": .float(0.001)]),
        ]
        var data = FlagDef(name: "data")
        data.required = true
        data.alias = "d"
        return [data, epochs, lr, opt]
    }

    private func resolve(_ args: [String], force: Bool = false) throws -> [String: YAMLValue] {
        let r = FlagResolver(flagDefs: defs, operationName: "train", forceFlags: force)
        return try r.resolve(userFlags: try r.decodeUserFlags(args))
    }

    @Test func defaultsAndUserValues() throws {
        let flags = try resolve(["data=x.csv", "lr=0.5"])
        #expect(flags == ["data": .string("x.csv"), "epochs": .int(3), "lr": .float(0.5), "opt": .string("sgd")])
    }

    @Test func aliasesAndChoiceFlags() throws {
        let flags = try resolve(["d=x", "opt=a"])
        #expect(flags["data"] == .string("x"))
        #expect(flags["opt"] == .string("adam"))
        #expect(flags["lr"] == .float(0.001))
        #expect(try resolve(["d=x", "opt=a", "lr=0.2"])["lr"] == .float(0.2))
    }

    @Test func errorsNameTheFlagAndValue() {
        func message(_ args: [String]) -> String {
            do {
                _ = try resolve(args)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message(["data=x", "foo=1"]).hasPrefix("unsupported flag 'foo'"))
        #expect(
            message(["data=x", "opt=rms"]) == "unsupported value rms for flag 'opt' - supported values are: sgd, adam")
        #expect(message(["data=x", "epochs=1.5"]) == "invalid value 1.5 for epochs: invalid value for type 'int'")
        #expect(message([]) == "missing required flag 'data' - run the command again with data=VALUE")
        #expect(message(["data=x", "lr"]) == "invalid argument 'lr' - expected NAME=VAL")
    }

    @Test func forceFlagsAcceptsUnknownFlags() throws {
        let flags = try resolve(["foo=1", "opt=rms"], force: true)
        #expect(flags["foo"] == .int(1))
        #expect(flags["opt"] == .string("rms"))
    }
}
