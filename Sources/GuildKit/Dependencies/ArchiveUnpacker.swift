import Foundation
import ZIPFoundation

/// Unpacks zip, tar and gzip sources into a resource cache directory, once: the member list is
/// remembered in `.guild-cache-<name>.unpacked` beside them, as Guild AI does.
enum ArchiveUnpacker {
    /// `zip`, `tar` or `gzip` from the source's `type:` or its file name; nil for other files.
    static func archiveType(_ path: String, explicit: String?) -> String? {
        if let explicit { return explicit }
        let parts = path.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard let last = parts.last else { return nil }
        if last == "zip" { return "zip" }
        if last == "tar" || last == "tgz" || (parts.count > 1 && parts[parts.count - 2] == "tar") { return "tar" }
        if last == "gz" { return "gzip" }
        return nil
    }

    /// Unpacks members not already present and returns every member path (directories first).
    static func unpack(_ path: String, type: String, into directory: String, log: @Sendable (String) -> Void)
        throws -> [String]
    {
        let name = (path as NSString).lastPathComponent
        let cachePath = directory + "/.guild-cache-\(name).unpacked"
        if let cached = cachedMembers(cachePath, newerThan: path) { return cached }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let names: [String]
        switch type {
        case "zip":
            log("Unpacking \(path)")
            names = try unzip(path, into: directory)
        case "tar":
            log("Unpacking \(path)")
            names = try untar(path, into: directory)
        case "gzip":
            names = try gunzip(path, into: directory)
        default:
            throw DependencyError("'\(path)' cannot be unpacked (unsupported archive type '\(type)')")
        }
        let dirs = Set(names.compactMap { n in n.lastIndex(of: "/").map { String(n[..<$0]) } })
            .subtracting(names).sorted()
        let members = dirs + names
        try? FastFile.write(members.map { $0 + "\n" }.joined(), to: cachePath)
        return members
    }

    private static func cachedMembers(_ cachePath: String, newerThan source: String) -> [String]? {
        let fm = FileManager.default
        guard let cacheTime = (try? fm.attributesOfItem(atPath: cachePath))?[.modificationDate] as? Date,
            let sourceTime = (try? fm.attributesOfItem(atPath: source))?[.modificationDate] as? Date,
            cacheTime >= sourceTime, let text = FastFile.readString(cachePath)
        else { return nil }
        return text.split(separator: "\n").map(String.init)
    }

    private static func unzip(_ path: String, into directory: String) throws -> [String] {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw DependencyError("'\(path)' is not a valid zip file: \(error)")
        }
        var names: [String] = []
        for entry in archive {
            let name = entry.path.hasSuffix("/") ? String(entry.path.dropLast()) : entry.path
            names.append(name)
            let target = URL(fileURLWithPath: directory).appendingPathComponent(name)
            guard !FileManager.default.fileExists(atPath: target.path) else { continue }
            guard isInside(name) else { throw DependencyError("'\(path)' has a member outside the archive: \(name)") }
            do {
                _ = try archive.extract(entry, to: target)
            } catch {
                throw DependencyError("error unpacking \(name) from '\(path)': \(error)")
            }
        }
        return names
    }

    private static func untar(_ path: String, into directory: String) throws -> [String] {
        guard let listing = HelperCommand.run(["tar", "-tf", path]), listing.status == 0 else {
            throw DependencyError("'\(path)' cannot be read as a tar archive")
        }
        let names = String(decoding: listing.stdout, as: UTF8.self).split(separator: "\n").map { line -> String in
            var n = String(line)
            if n.hasPrefix("./") { n.removeFirst(2) }
            if n.hasSuffix("/") { n.removeLast() }
            return n
        }.filter { !$0.isEmpty && $0 != "." }
        if let bad = names.first(where: { !isInside($0) }) {
            throw DependencyError("'\(path)' has a member outside the archive: \(bad)")
        }
        // Members already unpacked are kept, as Guild AI keeps them.
        guard let result = HelperCommand.run(["tar", "-xf", path, "-C", directory, "--skip-old-files"]),
            result.status == 0
        else {
            throw DependencyError("error unpacking '\(path)'")
        }
        return names
    }

    private static func gunzip(_ path: String, into directory: String) throws -> [String] {
        let name = String((path as NSString).lastPathComponent.dropLast(3))
        let target = directory + "/" + name
        if !FileManager.default.fileExists(atPath: target) {
            guard let result = HelperCommand.run(["gzip", "-dc", path]), result.status == 0 else {
                throw DependencyError("error unpacking '\(path)'")
            }
            try FastFile.write(Array(result.stdout), to: target)
        }
        return [name]
    }

    /// A member path that stays inside the unpack directory.
    private static func isInside(_ name: String) -> Bool {
        !name.hasPrefix("/") && !name.split(separator: "/").contains("..")
    }
}
