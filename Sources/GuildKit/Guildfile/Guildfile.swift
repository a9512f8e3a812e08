import Foundation

/// A parsed guild.yml: its models, in file order (reference 3.1).
public struct Guildfile: Sendable {
    /// Absolute path of the guild.yml file.
    public var path: URL
    /// md5 hex of the file's bytes, as recorded in the opref.
    public var digest: String
    public var models: [ModelDef]
    /// Problems Guild AI accepts with a warning.
    public var warnings: [String] = []
    /// The opref package type: `guildfile`, `import` for operations made from a dvc.yaml, or
    /// `script` for a script run without a guild.yml.
    public var packageType = "guildfile"
    /// The opref package name: the file's path, or for a script the directory it is in.
    public var packageName: String
    /// The project and source code root: the directory holding guild.yml, or for a script
    /// the directory that holds both it and the current directory.
    public var directory: URL

    public init(
        path: URL, digest: String, models: [ModelDef], warnings: [String] = [], directory: URL? = nil,
        packageName: String? = nil
    ) {
        self.path = path
        self.digest = digest
        self.models = models
        self.warnings = warnings
        self.directory = directory ?? path.deletingLastPathComponent()
        self.packageName = packageName ?? path.path
    }

    /// Loads and parses the guild.yml at `url`.
    /// - Throws: `GuildError` naming the file (and line, for YAML syntax errors).
    public static func load(from url: URL) throws -> Guildfile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GuildError("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GuildError("error in \(url.path): file is not UTF-8 text")
        }
        let root: YAMLValue
        do {
            root = try YAMLValue.load(text)
        } catch {
            throw GuildError("error in \(url.path): \(error)")
        }
        do {
            let parser = GuildfileParser()
            let expanded = try GuildfileIncludes.expand(root, file: url)
            let (models, stageWarnings) = DvcGuildfileStages.importStages(
                into: try parser.parseModels(expanded), directory: url.deletingLastPathComponent())
            return Guildfile(
                path: url, digest: Hashing.md5(data), models: models, warnings: parser.warnings + stageWarnings)
        } catch let error as GuildfileFormatError {
            throw GuildError("error in \(url.path): \(error.message)")
        }
    }

    /// The guild.yml in `directory`, or nil when there is none.
    public static func find(in directory: URL) -> URL? {
        for name in ["guild.yml", "guild.yaml"] {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// The default model: the only one, else the one marked `default: yes`.
    public var defaultModel: ModelDef? {
        if models.count == 1 { return models[0] }
        return models.first { $0.isDefault }
    }
}

struct GuildfileFormatError: Error {
    let message: String
}
