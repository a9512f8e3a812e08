import Dispatch
import Foundation

/// What `guild runs` and run selection need of each run, read once.
public struct RunSummary: Sendable {
    public let run: Run
    public let opref: OpRef
    /// `started`, else `initialized` (µs); runs without either sort last.
    public let timestamp: Int?
}

/// Lists the runs of a Guild home.
public struct RunStore: Sendable {
    /// `GH/runs`.
    public let runsDirectory: URL

    public init(runsDirectory: URL) {
        self.runsDirectory = runsDirectory
    }

    /// Every run (a directory with `.guild/opref`), newest first.
    public func allRuns() -> [RunSummary] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsDirectory.path) else {
            return []
        }
        let base = runsDirectory.path
        var slots = [RunSummary?](repeating: nil, count: names.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeMutableSendableBuffer(buffer)
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
            let chunk = (names.count + workers - 1) / max(workers, 1)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = worker * chunk
                let end = min(start + chunk, names.count)
                guard start < end else { return }
                for i in start..<end {
                    out[i] = Self.summary(name: names[i], base: base)
                }
            }
        }
        return Self.sortedNewestFirst(slots.compactMap { $0 })
    }

    static func summary(name: String, base: String) -> RunSummary? {
        if name.hasPrefix(".") { return nil }
        let run = Run(id: name, directory: URL(fileURLWithPath: base + "/" + name, isDirectory: true))
        guard let opref = run.opref else { return nil }
        return RunSummary(run: run, opref: opref, timestamp: run.timestamp)
    }

    static func sortedNewestFirst(_ runs: [RunSummary]) -> [RunSummary] {
        runs.sorted { a, b in
            switch (a.timestamp, b.timestamp) {
            case let (x?, y?): return x != y ? x > y : a.run.id < b.run.id
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.run.id < b.run.id
            }
        }
    }
}

/// Lets concurrent workers write disjoint slots of one buffer.
struct UnsafeMutableSendableBuffer<T>: @unchecked Sendable {
    // Each worker writes only its own index range, so no two threads touch one slot.
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
    subscript(i: Int) -> T {
        get { buffer[i] }
        nonmutating set { buffer[i] = newValue }
    }
}
