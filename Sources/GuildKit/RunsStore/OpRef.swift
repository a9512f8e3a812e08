/// The one-line operation reference in `.guild/opref` (reference 2.5).
public struct OpRef: Sendable, Equatable {
    public var packageType: String
    public var packageName: String
    public var packageVersion: String
    public var modelName: String
    public var operationName: String

    public init(
        packageType: String, packageName: String, packageVersion: String, modelName: String, operationName: String
    ) {
        self.packageType = packageType
        self.packageName = packageName
        self.packageVersion = packageVersion
        self.modelName = modelName
        self.operationName = operationName
    }

    /// Parses an opref line.
    /// - Throws: `GuildError` when the line does not have 4 shell words or no `type:` prefix.
    public init(parsing line: String) throws {
        let parts = try Self.plainWords(line) ?? Shlex.split(line)
        guard parts.count == 4, let colon = parts[0].firstIndex(of: ":") else {
            throw GuildError("invalid opref '\(line)'")
        }
        packageType = String(parts[0][..<colon])
        packageName = String(parts[0][parts[0].index(after: colon)...])
        packageVersion = parts[1]
        modelName = parts[2]
        operationName = parts[3]
    }

    /// The words of a line of plain words and `''` as Guild writes most oprefs, without the
    /// shell-syntax parser (listing 10,000 runs parses 10,000 oprefs); nil for anything else.
    private static func plainWords(_ line: String) -> [String]? {
        var words: [String] = []
        for word in line.utf8.split(separator: 0x20) {
            if word.elementsEqual("''".utf8) {
                words.append("")
            } else if word.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
                return nil
            } else {
                words.append(String(Substring(word)))
            }
        }
        return words
    }

    /// Stands for the opref of a run whose `.guild/opref` exists but cannot be read or parsed
    /// (a fifo, garbage): the run still lists, as `(invalid opref)`, and matches no op.
    public static let unreadable = OpRef(
        packageType: "invalid", packageName: "", packageVersion: "", modelName: "", operationName: "(invalid opref)")

    /// The line as Guild writes it: every field shell-quoted, no trailing newline.
    public var encoded: String {
        "\(packageType):\(Shlex.quote(packageName)) \(Shlex.quote(packageVersion)) "
            + "\(Shlex.quote(modelName)) \(Shlex.quote(operationName))"
    }

    /// `model:op` or `op`, as runs lists show it.
    public var operationDisplay: String {
        switch packageType {
        case "invalid": return operationName
        case "package": return "\(packageName)/\(modelName.isEmpty ? "" : modelName + ":")\(operationName)"
        case "func": return "\(operationName)()"
        default: return modelName.isEmpty ? operationName : "\(modelName):\(operationName)"
        }
    }

    /// The directory of the guildfile, import or script, or nil for other types.
    public var operationDirectory: String? {
        switch packageType {
        case "guildfile", "import":
            return packageName.deletingLastPathComponent
        case "script":
            return packageName
        default:
            return nil
        }
    }
}

extension String {
    fileprivate var deletingLastPathComponent: String {
        guard let slash = lastIndex(of: "/") else { return "" }
        return slash == startIndex ? "/" : String(self[..<slash])
    }
}
