import Foundation

/// `http:` and `https:` sources: downloaded once into `GH/cache/resources/<key>/`, checked
/// against `sha256`, and unpacked there when they are archives.
struct URLSourceResolver: SourceResolver {
    func resolve(_ source: ResourceSource, of dependency: OperationDependency, context: ResolveContext) throws
        -> [String]
    {
        if let value = dependency.configValue(for: source) {
            return [try FileSourceResolver.flagPath(value, for: source, context: context)]
        }
        let url = try context.resolveReferences(source.uri, in: source.resolvingName)
        let directory = context.resourcesDirectory.appendingPathComponent(
            String(Hashing.sha256("url\n" + url).prefix(56))
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + Self.fileName(url)
        if FileManager.default.fileExists(atPath: path) && !DownloadRecord.stillMatches(path) {
            context.log("WARNING: cached file \(path) is not what was downloaded; downloading it again")
            try FileManager.default.removeItem(atPath: path)
        }
        if FileManager.default.fileExists(atPath: path) {
            context.log("Using cached file \(path)")
            try verify(path, source: source, url: url)
        } else {
            // Downloaded beside its final name and moved there only once it checks out, so a bad
            // download is never mistaken for a cached good one.
            let partial = directory + "/.download-" + UUID().uuidString
            try URLDownloader.download(url, to: partial)
            do {
                try verify(partial, source: source, url: url)
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
            let record = DownloadRecord.of(partial, sha256: source.sha256)
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            record?.write(for: path)
        }
        var unverified = source
        unverified.sha256 = nil
        let resolved = try SourceFiles.resolve(path, source: unverified, unpackDirectory: directory, log: context.log)
        try FileSourceResolver.check(resolved, source: source, context: context)
        try PostProcess.run(source, of: dependency, in: directory, context: context)
        return resolved
    }

    private func verify(_ path: String, source: ResourceSource, url: String) throws {
        guard let expected = source.sha256 else { return }
        let actual = Hashing.sha256(ofFile: URL(fileURLWithPath: path)) ?? ""
        if actual != expected {
            throw DependencyError("bad sha256 for '\(url)' (expected \(expected) but got \(actual))")
        }
    }

    /// The last part of the URL's path, percent-decoded.
    static func fileName(_ url: String) -> String {
        let path = ResourceSource(uri: url).path
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        let name = last.removingPercentEncoding ?? last
        return name.isEmpty ? "download" : name
    }
}
