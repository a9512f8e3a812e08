import CSV
import Foundation

/// `@trials.csv`, `@trials.yml`, `@trials.json` arguments: flag values for batch trials
/// (reference 5.2). CSV has a header row of flag names; its cells are decoded as flag values.
public enum BatchFile {
    /// The trials of every file, in order; paths are relative to `cwd`.
    /// - Throws: `GuildError` naming the file for a missing file or bad contents.
    public static func trials(_ paths: [String], cwd: URL) throws -> [[String: YAMLValue]] {
        try paths.flatMap { path in
            let expanded = NSString(string: path).expandingTildeInPath
            let url = (expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : cwd.appendingPathComponent(expanded))
                .standardizedFileURL
            // Named as Guild AI names it: joined to the current directory as given (`./trials.csv`).
            let shown = expanded.hasPrefix("/") ? expanded : "./" + path
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw GuildError("batch file \(shown) does not exist")
            }
            return try read(url, shown: shown)
        }
    }

    private static func read(_ url: URL, shown: String) throws -> [[String: YAMLValue]] {
        func failure(_ reason: String) -> GuildError { GuildError("cannot read trials for \(shown): \(reason)") }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw failure("not a UTF-8 text file") }
        switch url.pathExtension.lowercased() {
        case "json", "yml", "yaml":
            let data: YAMLValue
            do { data = try YAMLValue.load(text) } catch { throw failure("\(error)") }
            switch data {
            case .map(let trial): return [trial]
            case .list(let items):
                return try items.map {
                    guard let trial = $0.mapValue else {
                        throw failure("invalid data type for trial \(pyRepr($0)): expected dict")
                    }
                    return trial
                }
            default: throw failure("invalid data type for trials: expected list or dict, got \(data.pyTypeName)")
            }
        case "csv", "":
            return try csvTrials(text, failure: failure)
        default:
            throw failure("unsupported extension")
        }
    }

    private static func csvTrials(_ text: String, failure: (String) -> GuildError) throws -> [[String: YAMLValue]] {
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true) } catch { throw failure("\(error)") }
        let names = reader.headerRow ?? []
        var trials: [[String: YAMLValue]] = []
        while let row = reader.next() {
            if row.allSatisfy(\.isEmpty) && row.count <= 1 { continue }
            var trial: [String: YAMLValue] = [:]
            for (name, cell) in zip(names, row) { trial[name] = FlagValueDecoder.decode(cell) }
            trials.append(trial)
        }
        if let error = reader.error { throw failure("\(error)") }
        return trials
    }

    /// Trials as `--save-trials` writes them: CSV with a header row and formatted values, or JSON
    /// (a list of mappings, keys sorted) for a `.json` path.
    public static func save(_ trials: [[String: YAMLValue]], to path: String) throws {
        let names = Set(trials.flatMap(\.keys)).sorted()
        let text: String
        if path.lowercased().hasSuffix(".json") {
            text = JSONText.encode(.list(trials.map(YAMLValue.map)))
        } else {
            let writer = try CSVWriter(stream: .toMemory(), newline: .lf)
            try writer.write(row: names)
            for trial in trials {
                try writer.write(row: names.map { trial[$0].map { $0.flowEncoded() } ?? "" })
            }
            writer.stream.close()
            let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
            // CSVWriter separates rows; Python's csv module, like Guild AI, ends each one.
            text = String(decoding: data, as: UTF8.self) + "\n"
        }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw GuildError("cannot write trials to \(path): \(error.localizedDescription)")
        }
    }
}
