import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Downloads a URL to a file with AsyncHTTPClient, following redirects.
enum URLDownloader {
    /// Writes the body of a successful (2xx) response to `path`.
    /// - Throws: `DependencyError` with the HTTP status or the connection error.
    static func download(_ url: String, to path: String) throws {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url)
        } catch {
            throw DependencyError("invalid URL '\(url)'")
        }
        let progress: FileDownloadDelegate.Progress
        do {
            let delegate = try FileDownloadDelegate(path: path)
            let task = HTTPClient.shared.execute(request: request, delegate: delegate)
            progress = try wait(for: task)
        } catch let stopped as ResolutionStopped {
            try? FileManager.default.removeItem(atPath: path)
            throw stopped
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw DependencyError("cannot download \(url): \(error)")
        }
        let status = progress.head.status
        guard (200..<300).contains(status.code) else {
            try? FileManager.default.removeItem(atPath: path)
            throw DependencyError("cannot download \(url): HTTP Error \(status.code): \(status.reasonPhrase)")
        }
    }

    /// The task's result; the client runs on its own event loop threads, so waiting here blocks
    /// no Swift task. A SIGINT or SIGTERM cancels the download.
    private static func wait(for task: HTTPClient.Task<FileDownloadDelegate.Progress>) throws
        -> FileDownloadDelegate.Progress
    {
        let done = DispatchSemaphore(value: 0)
        task.futureResult.whenComplete { _ in done.signal() }
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if SignalRelay.stopRequested.load(ordering: .relaxed) {
                task.cancel()
                throw ResolutionStopped()
            }
        }
        return try task.futureResult.wait()
    }
}
