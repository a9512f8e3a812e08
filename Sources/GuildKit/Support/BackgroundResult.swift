import Foundation

/// A result computed on a thread of its own while the caller goes on; `take()` waits for it.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    // `result` is written once by the worker thread before `done` is signalled, and read only
    // after waiting on `done`.
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result(catching: work)
            done.signal()
        }
    }

    /// The value, once computed; rethrows what the work threw.
    func take() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
