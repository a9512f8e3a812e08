import AsyncHTTPClient
import Foundation
import NIOHTTP1

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
            // The client runs on its own event loop threads, so waiting here blocks no task.
            progress = try HTTPClient.shared.execute(request: request, delegate: delegate).wait()
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
}
