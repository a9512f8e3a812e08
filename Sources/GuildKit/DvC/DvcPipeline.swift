import Foundation

/// A stage of dvc.yaml: what `guild run dvc.yaml:STAGE` needs of it.
public struct DvcStage: Sendable, Equatable {
    public var name: String
    /// The dvc.yaml defining it; its directory is the DvC project.
    public var dvcFile: URL
    public var deps: [String] = []
    public var outs: [String] = []
    /// Params files in order, each with its keys, or nil for "all keys of the file".
    public var params: [(file: String, keys: [String]?)] = []
    public var metrics: [String] = []

    public static func == (a: DvcStage, b: DvcStage) -> Bool {
        a.name == b.name && a.deps == b.deps && a.outs == b.outs && a.metrics == b.metrics
            && a.params.map(\.file) == b.params.map(\.file) && a.params.map(\.keys) == b.params.map(\.keys)
    }
}

/// The stages of a dvc.yaml file, in file order.
public struct DvcPipeline: Sendable {
    public var path: URL
    public var stages: [DvcStage]
    /// md5 of the file, the opref's version.
    public var digest: String

    public func stage(_ name: String) -> DvcStage? { stages.first { $0.name == name } }

    /// Loads `path`.
    /// - Throws: `GuildError` naming the file for a missing or malformed dvc.yaml.
    public static func load(_ path: URL) throws -> DvcPipeline {
        guard let data = FileManager.default.contents(atPath: path.path) else {
            throw GuildError("cannot find \(path.lastPathComponent) in \(path.deletingLastPathComponent().path)")
        }
        let root: YAMLValue
        do {
            root = try YAMLValue.load(String(decoding: data, as: UTF8.self))
        } catch {
            throw GuildError("error in \(path.path): \(error)")
        }
        guard let stages = root.mapValue?["stages"]?.mapValue else {
            throw GuildError("error in \(path.path): expected a mapping with 'stages'")
        }
        // Stage order is not kept by the loader's mapping; names are sorted for a stable order.
        let parsed = try stages.keys.sorted().map { name in
            try parseStage(name, stages[name]!, file: path)
        }
        return DvcPipeline(path: path, stages: parsed, digest: Hashing.md5(data))
    }

    private static func parseStage(_ name: String, _ value: YAMLValue, file url: URL) throws -> DvcStage {
        let file = url.path
        guard let data = value.mapValue else {
            throw GuildError("error in \(file): stage '\(name)' is not a mapping")
        }
        var stage = DvcStage(name: name, dvcFile: url)
        stage.deps = paths(data["deps"])
        stage.outs = paths(data["outs"])
        stage.metrics = paths(data["metrics"])
        for item in data["params"]?.listValue ?? [] {
            switch item {
            case .string(let key):
                add(&stage, file: "params.yaml", keys: [key])
            case .map(let m):
                for (file, keys) in m.sorted(by: { $0.key < $1.key }) {
                    switch keys {
                    case .null: add(&stage, file: file, keys: nil)
                    case .list(let ks): add(&stage, file: file, keys: ks.compactMap(\.stringValue))
                    case .string(let k): add(&stage, file: file, keys: [k])
                    default: throw GuildError("error in \(file): invalid params for stage '\(name)'")
                    }
                }
            default:
                throw GuildError("error in \(file): invalid params item \(item.flowEncoded()) in stage '\(name)'")
            }
        }
        return stage
    }

    private static func add(_ stage: inout DvcStage, file: String, keys: [String]?) {
        if let i = stage.params.firstIndex(where: { $0.file == file }) {
            if let keys, let existing = stage.params[i].keys {
                stage.params[i].keys = existing + keys
            } else {
                stage.params[i].keys = nil
            }
        } else {
            stage.params.append((file, keys))
        }
    }

    /// Strings, or the single keys of mappings (`- out.csv: {cache: false}`).
    private static func paths(_ value: YAMLValue?) -> [String] {
        (value?.listValue ?? []).compactMap { item in
            item.stringValue ?? item.mapValue?.keys.first
        }
    }

    /// The stage whose outs include `path` (exactly, or as a directory holding it).
    func producer(of path: String, except stage: String) -> DvcStage? {
        stages.first { other in
            other.name != stage
                && other.outs.contains { out in
                    let o = out.hasSuffix("/") ? String(out.dropLast()) : out
                    return path == o || path.hasPrefix(o + "/")
                }
        }
    }
}
