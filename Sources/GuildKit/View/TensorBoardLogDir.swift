import Foundation

/// The log directory `guild tensorboard` gives TensorBoard: one directory per run, named as
/// Guild AI names it (`<short id> <op> <started> [label]`), holding links to the run's event
/// files at their paths relative to the run, so TensorBoard shows readable run names and
/// `val/...` event files keep their sub-directory.
public struct TensorBoardLogDir: Sendable {
    public let path: URL

    public init(path: URL) { self.path = path }

    /// Guild's `run_util.run_name`, with `/` and `\` made `_` as `safe_filename` does.
    public static func runName(_ summary: RunSummary) -> String {
        var parts = [summary.run.shortId, summary.opref.operationDisplay]
        if let started = summary.run.attribute("started")?.intValue { parts.append(Timestamp.format(started)) }
        let label = summary.details?.label ?? summary.run.label
        if !label.isEmpty { parts.append(label) }
        var name = ""
        var lastWasReplaced = false
        for c in parts.joined(separator: " ") {
            if c == "/" || c == "\\" {
                if !lastWasReplaced { name.append("_") }
                lastWasReplaced = true
            } else {
                name.append(c)
                lastWasReplaced = false
            }
        }
        return name
    }

    /// Links every event file of `runs` that has no link yet, and removes the directories of
    /// runs no longer selected.
    /// - Returns: the number of links made.
    @discardableResult
    public func refresh(_ runs: [RunSummary]) throws -> Int {
        let fm = FileManager.default
        try fm.createDirectory(at: path, withIntermediateDirectories: true)
        var wanted: Set<String> = []
        var made = 0
        for summary in runs {
            let name = Self.runName(summary)
            wanted.insert(name)
            let runDir = path.appendingPathComponent(name)
            for directory in EventFileWalker.directories(runDirectory: summary.run.directory.path) {
                let linkDir = directory.prefix.isEmpty ? runDir : runDir.appendingPathComponent(directory.prefix)
                for file in directory.files.map(\.name) {
                    let link = linkDir.appendingPathComponent(file)
                    if (try? fm.destinationOfSymbolicLink(atPath: link.path)) != nil { continue }
                    try fm.createDirectory(at: linkDir, withIntermediateDirectories: true)
                    try fm.createSymbolicLink(atPath: link.path, withDestinationPath: directory.path + "/" + file)
                    made += 1
                }
            }
        }
        for name in (try? fm.contentsOfDirectory(atPath: path.path)) ?? [] where !wanted.contains(name) {
            try? fm.removeItem(at: path.appendingPathComponent(name))
        }
        return made
    }
}
