import Foundation

/// Custom `guild publish` templates (`-t`, `-i`, an op's `publish: template:`), rendered by
/// Python's Jinja2 through `PublishTemplates/render_templates.py`, with Guild's variables and
/// filters; the default template they extend and include is installed beside it under
/// `templates/publish-default/`. The default template itself is rendered natively
/// (`PublishedRunPage`), so publishing without custom templates needs no Python.
public struct PublishTemplateRenderer {
    public struct RenderError: Error, CustomStringConvertible {
        public var description: String
    }

    static let files: [(relativePath: String, contents: [UInt8])] = [
        ("render_templates.py", PackageResources.render_templates_py),
        ("templates/publish-default/README.md", PackageResources.publish_default_md),
        ("templates/publish-default/_summary.md", PackageResources._summary_md),
        ("templates/publish-default/_flags.md", PackageResources._flags_md),
        ("templates/publish-default/_scalars.md", PackageResources._scalars_md),
        ("templates/publish-default/_runfiles.md", PackageResources._runfiles_md),
        ("templates/publish-default/_sourcecode.md", PackageResources._sourcecode_md),
        ("templates/publish-default/_output.md", PackageResources._output_md),
        ("templates/publish-default/_run_attrs.md", PackageResources._run_attrs_md),
        ("templates/runs-index/README.md", PackageResources.runs_index_md),
    ]

    /// Where the renderer and templates are written: `GH/cache/publish-templates-<digest>`.
    let directory: URL

    public init(cacheDirectory: URL) throws {
        var digest = MD5Hasher()
        for (path, contents) in Self.files {
            digest.update(Array(path.utf8))
            digest.update(contents)
        }
        directory = cacheDirectory.appendingPathComponent("publish-templates-\(digest.finalizeHex().prefix(16))")
        let manager = FileManager.default
        guard !Self.files.allSatisfy({ manager.fileExists(atPath: directory.appendingPathComponent($0.relativePath).path) })
        else { return }
        for (path, contents) in Self.files {
            let url = directory.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents).write(to: url, options: .atomic)
        }
    }

    /// Renders every file of `template` (a directory) into `runDest`.
    public func renderRun(template: URL, runDest: URL, run: JSONValue, flags: JSONValue) throws {
        try render([
            "mode": .string("run"), "template": .string(template.path), "dest": .string(runDest.path),
            "templates_home": .string(directory.appendingPathComponent("templates").path),
            "vars": .object(["run": run, "flags": flags]),
        ])
    }

    /// Renders `template` (a file) into `dest` with `runs`.
    public func renderIndex(template: URL, dest: URL, runs: JSONValue) throws {
        try render([
            "mode": .string("index"), "template": .string(template.path), "dest": .string(dest.path),
            "templates_home": .string(directory.appendingPathComponent("templates").path),
            "vars": .object(["runs": runs]),
        ])
    }

    private func render(_ request: KeyValuePairs<String, JSONValue>) throws {
        let requestFile = FileManager.default.temporaryDirectory.appendingPathComponent("guild-publish-\(UUID().uuidString).json")
        try Data(JSONValue.object(request).encoded().utf8).write(to: requestFile)
        defer { try? FileManager.default.removeItem(at: requestFile) }
        let script = directory.appendingPathComponent("render_templates.py").path
        guard let result = HelperCommand.run(["python3", script, requestFile.path]) else {
            throw RenderError(description: "custom publish templates need python3, which cannot be started")
        }
        guard result.status == 0 else {
            throw RenderError(description: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
