import Foundation

/// `guild check` (reference 1.14): what this guild, its Guild home and the tools its runs use
/// are, as `name: value` lines aligned at column 28. Keys that only describe Guild AI's Python
/// install (`psutil_version`, the `-v` module versions) are left out; `installed_plugins` names
/// the plugin behaviours built in here.
public struct SetupCheck {
    public let context: GuildContext
    /// Set when something a run needs is missing (TensorBoard, as for Guild AI).
    public private(set) var hasError = false

    public init(context: GuildContext) { self.context = context }

    /// Guild AI's plugins whose behaviour this guild has built in.
    static let builtInPlugins = ["config_flags", "dvc", "exec_script", "python_script", "queue", "skopt"]

    /// The info lines; `environmentOnly` is `--env`.
    public mutating func lines(environmentOnly: Bool, offline: Bool) -> [String] {
        var fields: [(String, String)] = [
            ("guild_version", "0.9.0"),
            ("guild_install_location", SelfExecutable.path),
            ("guild_home", context.guildHome.path),
            ("guild_resource_cache", context.cacheDirectory.appendingPathComponent("resources").path),
        ]
        if !environmentOnly { fields.append(("installed_plugins", Self.builtInPlugins.joined(separator: ", "))) }
        let python = try? ExecutableLookup.find("python3", environment: context.environment)
        fields.append(("python_version", python.flatMap { Self.output([$0, "-c", "import sys; print(sys.version)"]) }
            ?? "not installed"))
        fields.append(("python_exe", python ?? "not installed"))
        if !environmentOnly {
            var uts = utsname()
            uname(&uts)
            func field<T>(_ value: T) -> String {
                withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            }
            fields.append(("platform", "\(field(uts.sysname)) \(field(uts.release)) \(field(uts.machine))"))
            fields.append(("tensorboard_version", tensorBoardVersion()))
            fields.append(("cuda_version", cudaVersion()))
            fields.append(("nvidia_smi_version", nvidiaSmiVersion()))
        }
        // This guild never asks guild.ai for newer versions.
        fields.append(("latest_guild_version", offline ? "unchecked (offline)" : "unchecked"))
        return fields.map(Self.line)
    }

    /// `--space`: the disk used under the Guild home.
    public func spaceLines() -> [String] {
        let paths = [
            ("guild_home", context.guildHome.path), ("runs", context.runsDirectory.path),
            ("deleted_runs", RunTrash(guildHome: context.guildHome).directory.path),
            ("remote_state", context.userHome.appendingPathComponent(".guild/remotes").path),
            ("cache", context.cacheDirectory.path),
        ]
        let usages = paths.map { Self.formatBytes(Self.diskUsage($0.1)) }
        let width = usages.map(\.count).max() ?? 0
        return ["disk_space:"]
            + zip(paths, usages).map { path, usage in
                Self.line(("  " + path.0, usage + String(repeating: " ", count: width - usage.count + 1) + path.1))
            }
    }

    static func line(_ field: (String, String)) -> String {
        field.0 + ":" + String(repeating: " ", count: max(0, 26 - field.0.count)) + field.1
    }

    private mutating func tensorBoardVersion() -> String {
        let executable =
            context.environment["TENSORBOARD"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
            ?? (try? ExecutableLookup.find("tensorboard", environment: context.environment))
        guard let executable, let version = Self.output([executable, "--version_tb"]) else {
            hasError = true
            return "not installed"
        }
        return version
    }

    private func cudaVersion() -> String {
        if let nvcc = try? ExecutableLookup.find("nvcc", environment: context.environment),
            let out = Self.output([nvcc, "--version"]), let match = out.firstMatch(of: /V([0-9.]+)/)
        {
            return String(match.1)
        }
        if let smi = try? ExecutableLookup.find("nvidia-smi", environment: context.environment),
            let out = Self.output([smi, "--query"]), let match = out.firstMatch(of: /CUDA Version\s+: ([0-9.]+)/)
        {
            return String(match.1)
        }
        return "not installed"
    }

    private func nvidiaSmiVersion() -> String {
        guard let smi = try? ExecutableLookup.find("nvidia-smi", environment: context.environment) else {
            return "not installed"
        }
        guard let out = Self.output([smi]), let match = out.firstMatch(of: /NVIDIA-SMI ([0-9.]+)/) else {
            return "unknown (error)"
        }
        return String(match.1)
    }

    private static func output(_ argv: [String]) -> String? {
        HelperCommand.output(argv).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n", with: "")
        }
    }

    /// Sizes of everything under `path` (links not followed), as Guild AI adds them.
    static func diskUsage(_ path: String) -> Int {
        guard let top = try? FileManager.default.attributesOfItem(atPath: path) else { return 0 }
        var total = (top[.size] as? Int) ?? 0
        guard top[.type] as? FileAttributeType == .typeDirectory,
            let walker = FileManager.default.enumerator(atPath: path)
        else { return total }
        while let name = walker.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int) ?? 0
        }
        return total
    }

    /// Guild AI's `format_bytes`: `512`, `1.5K`, `3.2M`.
    static func formatBytes(_ bytes: Int) -> String {
        var n = Double(bytes)
        if abs(n) < 1024 { return String(bytes) }
        for unit in ["K", "M", "G", "T", "P", "E"] {
            n /= 1024
            if abs(n) < 1024 { return String(format: "%.1f%@", n, unit) }
        }
        return String(format: "%.1fZ", n / 1024)
    }
}

/// `guild check --version SPEC`: PEP 440 requirement specs (`0.9.0`, `>=0.9.0rc0`, `>=0.8,<1`)
/// against this guild's version.
public enum VersionRequirement {
    /// - Throws: `GuildError` for a spec that does not parse.
    public static func matches(_ spec: String, version: String = "0.9.0") throws -> Bool {
        let current = try parse(version, spec: spec)
        for clause in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let op = ["===", "==", "!=", ">=", "<=", "~=", ">", "<"].first { clause.hasPrefix($0) } ?? "=="
            let text = clause.hasPrefix(op) ? String(clause.dropFirst(op.count)).trimmingCharacters(in: .whitespaces) : clause
            let wanted = try parse(text, spec: spec)
            let order = compare(current, wanted)
            let ok: Bool
            switch op {
            case "==", "===": ok = order == 0
            case "!=": ok = order != 0
            case ">=": ok = order >= 0
            case "<=": ok = order <= 0
            case ">": ok = order > 0
            case "<": ok = order < 0
            default:  // ~=: at least the version, and the same release but for its last part
                ok = order >= 0 && Array(current.release.prefix(max(1, wanted.release.count - 1)))
                    == Array(wanted.release.prefix(max(1, wanted.release.count - 1)))
            }
            if !ok { return false }
        }
        return true
    }

    struct Version {
        var release: [Int]
        /// nil for a final release; else (rank of a/b/rc, number).
        var pre: (Int, Int)?
    }

    static func parse(_ text: String, spec: String) throws -> Version {
        guard let match = text.lowercased().wholeMatch(of: /v?([0-9]+(?:\.[0-9]+)*)(?:[-_.]?(a|b|rc|alpha|beta|c)[-_.]?([0-9]*))?/)
        else {
            throw GuildError(
                "invalid requirement spec '\(spec)'\nSee https://bit.ly/guild-help-req-spec for more information.")
        }
        let release = match.1.split(separator: ".").compactMap { Int($0) }
        var pre: (Int, Int)?
        if let tag = match.2 {
            let rank = ["a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2][String(tag)] ?? 2
            pre = (rank, Int(match.3 ?? "") ?? 0)
        }
        return Version(release: release, pre: pre)
    }

    static func compare(_ a: Version, _ b: Version) -> Int {
        for i in 0..<max(a.release.count, b.release.count) {
            let x = i < a.release.count ? a.release[i] : 0
            let y = i < b.release.count ? b.release[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        switch (a.pre, b.pre) {
        case (nil, nil): return 0
        case (nil, _?): return 1
        case (_?, nil): return -1
        case let (x?, y?): return x == y ? 0 : (x < y ? -1 : 1)
        }
    }
}
