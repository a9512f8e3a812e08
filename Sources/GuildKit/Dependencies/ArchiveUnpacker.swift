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

    static func unzip(_ path: String, into directory: String) throws -> [String] {
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
            var linkTarget: String?
            if entry.type == .symlink {
                var data = Data()
                _ = try? archive.extract(entry, skipCRC32: true) { data.append($0) }
                linkTarget = String(decoding: data, as: UTF8.self)
            }
            try check(name, linkTarget: linkTarget, isHardLink: false, archive: path, directory: directory)
            do {
                _ = try archive.extract(entry, to: target)
            } catch {
                throw DependencyError("error unpacking \(name) from '\(path)': \(error)")
            }
        }
        return names
    }

    private static func untar(_ path: String, into directory: String) throws -> [String] {
        let listing = HelperCommand.run(
            ["tar", "-tvf", path, "--quoting-style=c", "--numeric-owner", "--full-time"])
        guard let listing, listing.status == 0 else {
            throw DependencyError("'\(path)' cannot be read as a tar archive")
        }
        let members = try String(decoding: listing.stdout, as: UTF8.self).split(separator: "\n").map {
            try TarListing.member(String($0), archive: path)
        }
        var names: [String] = []
        for member in members {
            var n = member.name
            if n.hasPrefix("./") { n.removeFirst(2) }
            if n.hasSuffix("/") { n.removeLast() }
            guard !n.isEmpty && n != "." else { continue }
            try check(
                n, linkTarget: member.linkTarget, isHardLink: member.isHardLink, archive: path, directory: directory)
            names.append(n)
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

    /// The containment rule for one member: its path stays in the unpack directory, a link
    /// member points inside it, a hard link is refused, and a member not yet unpacked is not
    /// written through a link an earlier version left.
    private static func check(
        _ name: String, linkTarget: String?, isHardLink: Bool, archive: String, directory: String
    ) throws {
        guard isInside(name) else { throw DependencyError("'\(archive)' has a member outside the archive: \(name)") }
        if isHardLink { throw DependencyError("'\(archive)' has a hard link member, which is not unpacked: \(name)") }
        if let linkTarget,
            ContainedPath.resolve(PathText.join(PathText.dirname(name), linkTarget), in: directory) == nil
        {
            throw DependencyError(
                "'\(archive)' has a link member that points outside the archive: \(name) -> \(linkTarget)")
        }
        let target = directory + "/" + name
        if (try? FileManager.default.attributesOfItem(atPath: target)) == nil,
            let link = ContainedPath.linkOnTheWay(to: target, below: directory)
        {
            throw DependencyError("'\(archive)' member \(name) would be written through the link \(link)")
        }
    }
}

/// Lines of `tar -tv --quoting-style=c --numeric-owner --full-time`: the member's type from its
/// mode's first letter, its C-quoted name, and a link's C-quoted target.
enum TarListing {
    struct Member: Equatable {
        var name: String
        var linkTarget: String?
        var isHardLink = false
    }

    static func member(_ line: String, archive: String) throws -> Member {
        let quoted = quotedStrings(line)
        guard let name = quoted.first else { throw DependencyError("'\(archive)' cannot be read as a tar archive") }
        switch line.first {
        case "l": return Member(name: name, linkTarget: quoted.count > 1 ? quoted[1] : "")
        case "h": return Member(name: name, linkTarget: nil, isHardLink: true)
        default: return Member(name: name)
        }
    }

    /// The C-quoted strings of `line`, unescaped (`\"`, `\\`, `\n`, `\t`, octal bytes).
    static func quotedStrings(_ line: String) -> [String] {
        var strings: [String] = []
        var bytes = Array(line.utf8)[...]
        while let start = bytes.firstIndex(of: UInt8(ascii: "\"")) {
            bytes = bytes[(start + 1)...]
            var value: [UInt8] = []
            while let c = bytes.popFirst(), c != UInt8(ascii: "\"") {
                guard c == UInt8(ascii: "\\"), let e = bytes.popFirst() else {
                    value.append(c)
                    continue
                }
                switch e {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var code = Int(e - 0x30)
                    for _ in 0..<2 {
                        guard let d = bytes.first, (0x30...0x37).contains(d) else { break }
                        code = code * 8 + Int(d - 0x30)
                        bytes.removeFirst()
                    }
                    value.append(UInt8(truncatingIfNeeded: code))
                default: value.append(e)
                }
            }
            strings.append(String(decoding: value, as: UTF8.self))
        }
        return strings
    }
}
