import Foundation

/// A batch trial: a copy of the batch's proto run with the trial's flags (reference 5.2).
enum TrialRun {
    /// Creates `GH/runs/<id>` from `<batch>/.guild/proto`, links it from the batch directory
    /// and leaves it pending with the trial flags, label and op.
    /// - Throws: `GuildError` when the run cannot be written.
    /// - Parameter protoOp: the proto's `op` attr, read once per batch.
    static func create(
        batch: Run, protoOp: [String: YAMLValue], flags: [String: YAMLValue], runsDirectory: URL, now: Date
    ) throws -> Run {
        let proto = Run(id: "proto", directory: batch.protoDirectory)
        let id = RunID.make()
        let run = Run(id: id, directory: runsDirectory.appendingPathComponent(id))
        let writer = RunWriter(run: run)
        do {
            try FileManager.default.copyItem(at: proto.directory, to: run.directory)
            // `../<id>` from a batch in GH/runs; from a `--run-dir` batch, the path there.
            try FileManager.default.createSymbolicLink(
                atPath: batch.directory.appendingPathComponent(id).path,
                withDestinationPath: PathText.relative(run.directory.standardizedFileURL.path, to: batch.directory.standardizedFileURL.path))
            try writer.writeAttribute("id", .string(id))
            try writer.writeAttribute("flags", .map(flags))
            let template = protoOp["label-template"]?.stringValue
            try writer.writeAttribute("label", .string(label(template: template, flags: flags)))
            try writer.writeAttribute("op", .map(opAttribute(protoOp, flags: flags)))
            try writer.setMarker("PENDING")
            try writer.writeAttribute("started", .int(Timestamp.now(now)))
        } catch {
            try? FileManager.default.removeItem(at: run.directory)
            throw GuildError("cannot create trial run \(id): \(error)")
        }
        return run
    }

    static func label(template: String?, flags: [String: YAMLValue]) -> String {
        let defaultLabel = FlagFormatting.defaultLabel(flags)
        guard let template else { return defaultLabel }
        return FlagFormatting.renderLabelTemplate(template, flags: flags, defaultLabel: defaultLabel)
    }

    /// The proto's `op` attr with each dependency's `config` values replaced by the trial's.
    private static func opAttribute(_ op: [String: YAMLValue], flags: [String: YAMLValue]) -> [String: YAMLValue] {
        var op = op
        guard let deps = op["deps"]?.listValue else { return op }
        op["deps"] = .list(
            deps.map { dep in
                guard var data = dep.mapValue, var config = data["config"]?.mapValue else { return dep }
                for name in config.keys { if let value = flags[name] { config[name] = value } }
                data["config"] = .map(config)
                return .map(data)
            })
        return op
    }
}
