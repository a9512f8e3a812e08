import Dispatch
import Foundation

/// Maps an array on all cores, keeping order: run listings are bound by many small reads.
enum ParallelMap {
    static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let count = items.count
        guard count > 64 else { return items.map(transform) }
        // Each slot is written once, in place: no array of optionals to copy out of.
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = UnsafeSlots(buffer)
            // Several chunks per core, so that a core given slower items is not left behind.
            let chunks = min(workers * 8, count)
            let chunk = (count + chunks - 1) / chunks
            DispatchQueue.concurrentPerform(iterations: chunks) { worker in
                let start = worker * chunk
                let end = min(start + chunk, count)
                guard start < end else { return }
                for i in start..<end { out.initialize(i, to: transform(items[i])) }
            }
            initialized = count
        }
    }
}

/// `0..<count` cut in consecutive ranges of `size` (the last may be shorter): the chunks that
/// large comparisons work one at a time.
func chunkRanges(_ count: Int, size: Int) -> [Range<Int>] {
    stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
}

/// Runs per chunk when a comparison works through many runs (`CompareTable`, `ScalarIndex`):
/// 2,048 measured the same at 100,000 runs; 16,384 used more memory and was no faster.
public let compareChunkSize = 4096

/// Cores to use: Foundation reads the cgroup files again on every `activeProcessorCount`.
private let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

/// Lets concurrent workers write disjoint slots of one buffer.
private struct UnsafeSlots<T>: @unchecked Sendable {
    // Each worker writes only its own index range, so no two threads touch one slot.
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
    func initialize(_ i: Int, to value: T) {
        (buffer.baseAddress! + i).initialize(to: value)
    }
}
