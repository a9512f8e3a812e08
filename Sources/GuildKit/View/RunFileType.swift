import Foundation

/// The files of a run directory as the view lists them: regular files and links (to files or
/// directories), never `.guild` at the top, links not followed.
enum RunFileWalk {
    struct Entry {
        var url: URL
        var path: String
        var isLink: Bool
    }

    static func entries(in directory: URL) -> [Entry] {
        let root = directory.standardizedFileURL
        guard
            let walk = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isSymbolicLinkKey, .isRegularFileKey], options: [])
        else { return [] }
        var entries: [Entry] = []
        let prefix = root.path + "/"
        while let url = walk.nextObject() as? URL {
            let path = url.standardizedFileURL.path.hasPrefix(prefix) ? String(url.standardizedFileURL.path.dropFirst(prefix.count)) : url.lastPathComponent
            if path == ".guild" {
                walk.skipDescendants()
                continue
            }
            let values = try? url.resourceValues(forKeys: [.isSymbolicLinkKey, .isRegularFileKey])
            let isLink = values?.isSymbolicLink ?? false
            guard isLink || values?.isRegularFile == true else { continue }
            entries.append(Entry(url: url, path: path, isLink: isLink))
        }
        return entries.sorted { naturalLess($0.path, $1.path) }
    }
}

/// A file's type, icon and viewer in Guild View (Guild AI's `_file_type_info` rules).
struct RunFileType {
    var type: String
    var icon: String
    var iconTooltip: String
    var viewer: String?
    var isDirectory = false

    static func of(_ url: URL, isLink: Bool) -> RunFileType {
        var info = base(url)
        guard isLink else { return info }
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: url.resolvingSymlinksInPath().path, isDirectory: &isDirectory)
        info.isDirectory = isDirectory.boolValue
        info.type = "Link"
        info.icon = isDirectory.boolValue ? "folder-move" : "file-send"
        info.iconTooltip = "Link"
        return info
    }

    private static let rules: [(pattern: String, type: RunFileType)] = [
        (#"\.tfevents\."#, .init(type: "Event log", icon: "file-chart", iconTooltip: "File")),
        (#"saved_model\.pb$"#, .init(type: "SavedModel protocol buffer", icon: "file", iconTooltip: "File")),
        (#"graph\.pb$"#, .init(type: "GraphDef protocol buffer", icon: "file", iconTooltip: "File")),
        (#"saved_model\.pbtxt$"#, .init(type: "SavedModel protocol buffer", icon: "file-document", iconTooltip: "Text file", viewer: "text")),
        (#"graph\.pbtxt$"#, .init(type: "GraphDef protocol buffer", icon: "file-document", iconTooltip: "Text file", viewer: "text")),
        (#"\.index$"#, .init(type: "Checkpoint index", icon: "file", iconTooltip: "File")),
        (#"\.meta$"#, .init(type: "Checkpoint meta graph", icon: "file", iconTooltip: "File")),
        (#"[/\\]checkpoint$"#, .init(type: "Latest checkpoint marker", icon: "file", iconTooltip: "File")),
        (#"data-\d+-of-\d+$"#, .init(type: "Checkpoint values", icon: "file", iconTooltip: "File")),
        (#"\.tfrecord$"#, .init(type: "Dataset file", icon: "file", iconTooltip: "File")),
        (#"\.(jpg|jpeg|gif|png|tiff)$"#, .init(type: "Image", icon: "file-image", iconTooltip: "Image", viewer: "image")),
        (#"\.mid"#, .init(type: "Audio", icon: "file-music", iconTooltip: "Audio", viewer: "midi")),
        (#"\.(wav|mp3)"#, .init(type: "Audio", icon: "file-music", iconTooltip: "Audio")),
        (#"\.(csv|tsv)"#, .init(type: "Table", icon: "file-delimited", iconTooltip: "Delimited", viewer: "table")),
    ]

    private static func base(_ url: URL) -> RunFileType {
        let path = url.path.lowercased()
        for rule in rules where path.range(of: rule.pattern, options: .regularExpression) != nil { return rule.type }
        let target = url.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            TextFileDetector.isText(target)
        else { return .init(type: "File", icon: "file", iconTooltip: "File") }
        return .init(type: "Text file", icon: "file-document", iconTooltip: "Text file", viewer: "text")
    }
}
