import Dispatch
import Foundation

/// Maps an array on all cores, keeping order: run listings are bound by many small reads.
enum ParallelMap {
    static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let count = items.count
        guard count > 64 else { return items.map(transform) }
        var slots = [R?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSlots(buffer)
            // Several chunks per core, so that a core given slower items is not left behind.
            let chunks = min(workers * 8, count)
            let chunk = (count + chunks - 1) / chunks
            DispatchQueue.concurrentPerform(iterations: chunks) { worker in
                let start = worker * chunk
                let end = min(start + chunk, count)
                guard start < end else { return }
                for i in start..<end { out[i] = transform(items[i]) }
            }
        }
        return slots.map { $0! }
    }
}

/// Cores to use: Foundation reads the cgroup files again on every `activeProcessorCount`.
private let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

/// Lets concurrent workers write disjoint slots of one buffer.
private struct UnsafeSlots<T>: @unchecked Sendable {
    // Each worker writes only its own index range, so no two threads touch one slot.
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
    subscript(i: Int) -> T {
        get { buffer[i] }
        nonmutating set { buffer[i] = newValue }
    }
}
