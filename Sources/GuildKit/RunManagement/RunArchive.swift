import CFileStat
import Foundation
import ZIPFoundation

/// `guild export` and `guild import` (reference 1.11-1.12): runs copied or moved to a directory
/// (marked `.guild-nocopy`) or a `.zip` (`<id>/...` members, deflated; an existing zip is merged),
/// and back into the Guild home. Links stay links in a directory archive unless resources are
/// copied; a zip stores a linked file's content, as Guild AI does.
public enum RunArchive {
    public static func isZip(_ path: String) -> Bool { path.lowercased().hasSuffix(".zip") }

    /// Exports `runs` to `location`; the runs exported (those already there are skipped).
    /// - Parameter log: `Copying <id>`, `Moving <id>` and the warnings, as Guild logs them.
    public static func export(
        _ runs: [Run], to location: String, move: Bool, copyResources: Bool, log: (String) -> Void
    ) throws -> [Run] {
        isZip(location)
            ? try exportToZip(runs, location, move: move, copyResources: copyResources, log: log)
            : try exportToDirectory(runs, location, move: move, copyResources: copyResources, log: log)
    }

    /// Imports runs of an archive's runs directory (`open`) into `runsDirectory`.
    public static func importRuns(
        _ runs: [Run], into runsDirectory: URL, move: Bool, copyResources: Bool, log: (String) -> Void
    ) throws -> [Run] {
        try FileManager.default.createDirectory(at: runsDirectory, withIntermediateDirectories: true)
        // Guild AI names an imported run that is already there by id, an exported one by path.
        return try transferRuns(
            runs, into: runsDirectory.path, move: move, copyResources: copyResources, log: log, name: \.id)
    }

    /// A directory of runs for an archive: the directory itself, or, for a zip, a temporary
    /// directory its members are unpacked into (each member checked to stay inside it).
    public final class Opened: Sendable {
        public let runsDirectory: URL
        let temporary: URL?

        init(runsDirectory: URL, temporary: URL?) {
            self.runsDirectory = runsDirectory
            self.temporary = temporary
        }

        deinit {
            if let temporary { _ = guild_remove_tree(temporary.path) }
        }
    }

    /// A `.zip` that cannot be read as one: Guild AI reports it and finds no runs in it.
    public struct UnreadableZip: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "cannot read from \(path): File is not a zip file" }
    }

    /// - Throws: `GuildError` with Guild's messages for a missing archive or a file that is not a
    ///   zip, `UnreadableZip` for a damaged zip.
    public static func open(_ archive: String) throws -> Opened {
        guard exists(archive) else { throw GuildError("archive '\(archive)' does not exist") }
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: archive, isDirectory: &isDirectory)
        if isDirectory.boolValue { return Opened(runsDirectory: URL(fileURLWithPath: archive), temporary: nil) }
        guard isZip(archive) else {
            throw GuildError("invalid archive \(archive) - expected a directory or a zip file")
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("guild-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        guard (try? Archive(url: URL(fileURLWithPath: archive), accessMode: .read)) != nil else {
            _ = guild_remove_tree(temporary.path)
            throw UnreadableZip(path: archive)
        }
        do {
            _ = try ArchiveUnpacker.unzip(archive, into: temporary.path)
        } catch let error as DependencyError {
            _ = guild_remove_tree(temporary.path)
            throw GuildError(error.description)
        }
        return Opened(runsDirectory: temporary, temporary: temporary)
    }

    private static func exportToDirectory(
        _ runs: [Run], _ directory: String, move: Bool, copyResources: Bool, log: (String) -> Void
    ) throws -> [Run] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw GuildError("'\(directory)' is not a directory")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let marker = directory + "/.guild-nocopy"
        if !exists(marker) { try FastFile.write([], to: marker) }
        return try transferRuns(runs, into: directory, move: move, copyResources: copyResources, log: log) {
            directory + "/" + $0.id
        }
    }

    /// Copies or moves each run into `directory`, skipping (with a warning naming it as `name`
    /// does) those already there; the runs transferred.
    private static func transferRuns(
        _ runs: [Run], into directory: String, move: Bool, copyResources: Bool, log: (String) -> Void,
        name: (Run) -> String
    ) throws -> [Run] {
        var transferred: [Run] = []
        for run in runs {
            let destination = directory + "/" + run.id
            if exists(destination) {
                log("WARNING: \(name(run)) exists, skipping")
                continue
            }
            log("\(move ? "Moving" : "Copying") \(run.id)")
            try transfer(run.path, to: destination, move: move, copyResources: copyResources)
            transferred.append(run)
        }
        return transferred
    }

    /// Copies (links kept, or followed with `copyResources`) or moves a run directory.
    private static func transfer(_ source: String, to destination: String, move: Bool, copyResources: Bool) throws {
        if move && !copyResources {
            if rename(source, destination) == 0 { return }
        }
        let argv = ["cp", "-R", copyResources ? "-L" : "-P", "-p", source, destination]
        guard let result = HelperCommand.run(argv), result.status == 0 else {
            _ = guild_remove_tree(destination)
            throw GuildError("cannot copy \(source) to \(destination)")
        }
        if move {
            let rc = guild_remove_tree(source)
            if rc != 0 { throw GuildError("cannot remove \(source): \(String(cString: strerror(rc)))") }
        }
    }

    private static func exportToZip(
        _ runs: [Run], _ path: String, move: Bool, copyResources: Bool, log: (String) -> Void
    ) throws -> [Run] {
        let temporary = path + ".guild-export-\(getpid())"
        unlink(temporary)
        var exported: [Run] = []
        do {
            let archive = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
            var existing = Set<String>()
            if exists(path) {
                do {
                    let source = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
                    for entry in source {
                        var data = Data()
                        _ = try source.extract(entry, skipCRC32: true) { data.append($0) }
                        try archive.addEntry(
                            with: entry.path, type: entry.type, uncompressedSize: Int64(data.count),
                            compressionMethod: entry.type == .file ? .deflate : .none
                        ) { (position: Int64, size: Int) in data.subdata(in: Int(position)..<Int(position) + size) }
                        existing.insert(entry.path)
                    }
                } catch {
                    throw GuildError("cannot write to \(path): File is not a zip file")
                }
            }
            for run in runs {
                if existing.contains(run.id + "/") {
                    log("WARNING: \(run.id) exists, skipping")
                    continue
                }
                log("\(move ? "Moving" : "Copying") \(run.id)")
                var visited = Set<String>()
                try addTree(run.path, as: run.id, to: archive, followLinks: copyResources, visited: &visited)
                exported.append(run)
            }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw GuildError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        if move {
            for run in exported { _ = guild_remove_tree(run.path) }
        }
        return exported
    }

    /// Adds `directory` as `name/` and everything below it; a link to a file is stored as its
    /// content, a link to a directory as an empty directory unless `followLinks` (a directory
    /// already added through another link is not added again, so link cycles end).
    private static func addTree(
        _ directory: String, as name: String, to archive: Archive, followLinks: Bool, visited: inout Set<String>
    ) throws {
        guard visited.insert(URL(fileURLWithPath: directory).resolvingSymlinksInPath().path).inserted else { return }
        try archive.addEntry(with: name + "/", type: .directory, uncompressedSize: Int64(0), provider: noData)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for entry in names {
            let path = directory + "/" + entry
            let member = name + "/" + entry
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let isLink = attributes?[.type] as? FileAttributeType == .typeSymbolicLink
            var isDirectory: ObjCBool = false
            // A dangling link has nothing to store.
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if isLink && !followLinks {
                    try archive.addEntry(with: member + "/", type: .directory, uncompressedSize: Int64(0), provider: noData)
                } else {
                    try addTree(path, as: member, to: archive, followLinks: followLinks, visited: &visited)
                }
            } else if isLink || attributes?[.type] as? FileAttributeType == .typeRegular {
                let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
                try archive.addEntry(with: member, fileURL: target, compressionMethod: .deflate)
            }
        }
    }

    private static func noData(_: Int64, _: Int) -> Data { Data() }

    private static func exists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }
}
