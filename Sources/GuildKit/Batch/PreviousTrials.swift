import Foundation
import Synchronization

/// The completed runs a Bayesian search learns from (`prev-trials`: `batch` — this batch's
/// trials —, `sourcecode` — runs with the proto's source code digest —, or `operation` —
/// runs of the same op), oldest first, with their objective values.
struct PreviousTrials {
    let mode: String
    let batch: Run
    let objective: Objective
    let runsDirectory: URL
    private let cache = ObjectiveCache()

    init(mode: String, batch: Run, objective: Objective, runsDirectory: URL) {
        self.mode = mode
        self.batch = batch
        self.objective = objective
        self.runsDirectory = runsDirectory
    }

    struct Result {
        var flags: [String: YAMLValue]
        var value: Double?
    }

    func results() -> [Result] {
        runs().filter { $0.status == .completed }
            .sorted { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }
            .map { run in Result(flags: run.flags, value: cache.value(for: run, objective: objective)) }
    }

    private func runs() -> [Run] {
        let proto = Run(id: "proto", directory: batch.protoDirectory)
        switch mode {
        case "sourcecode":
            guard let digest = proto.attribute("sourcecode_digest")?.stringValue else { return [] }
            return allRuns().filter { $0.attribute("sourcecode_digest")?.stringValue == digest }
        case "operation":
            guard let opref = proto.opref else { return [] }
            return allRuns().filter { $0.opref == opref }
        default:
            let names = (try? FileManager.default.contentsOfDirectory(atPath: batch.directory.path)) ?? []
            return names.filter { $0.count == 32 }.map {
                Run(id: $0, directory: runsDirectory.appendingPathComponent($0))
            }
        }
    }

    private func allRuns() -> [Run] {
        RunStore(runsDirectory: runsDirectory).allRuns().map(\.run)
    }
}

/// Objective values of completed runs, which do not change, read once per batch.
private final class ObjectiveCache: Sendable {
    private let values = Mutex<[String: Double?]>([:])

    func value(for run: Run, objective: Objective) -> Double? {
        if let cached = values.withLock({ $0[run.id] }) { return cached }
        let value = objective.value(for: run.directory)
        values.withLock { $0[run.id] = value }
        return value
    }
}
