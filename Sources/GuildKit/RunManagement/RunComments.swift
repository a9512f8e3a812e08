import Foundation

/// A run's comments, as its `comments` attr holds them (reference 1.8): a list of maps with
/// `body`, `host`, `time` (µs since the epoch) and `user`.
public struct RunComment: Sendable, Equatable {
    public var body: String
    public var user: String
    public var host: String
    /// Microseconds since the epoch; nil when the attr holds something else.
    public var time: Int?

    public init(body: String, user: String, host: String, time: Int?) {
        self.body = body
        self.user = user
        self.host = host
        self.time = time
    }

    /// A new comment by `user` (`USER` or `USER@HOST`; default the process's user and host).
    public static func new(body: String, user: String?, environment: [String: String], now: Date) -> RunComment {
        // As Guild AI: $USER, and $HOST before the host name.
        var name = environment["USER"] ?? ""
        var commentHost = environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? RunAttributes.hostname()
        if let user {
            let parts = user.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            name = String(parts[0])
            if parts.count == 2 && !parts[1].isEmpty { commentHost = String(parts[1]) }
        }
        return RunComment(body: body, user: name, host: commentHost, time: Timestamp.now(now))
    }

    /// `user@host` (the host part left out when empty), as comment listings head a comment.
    public var author: String { host.isEmpty ? user : user + "@" + host }

    /// The comments of a `comments` attr; entries that are not maps are skipped.
    public static func comments(of value: YAMLValue?) -> [RunComment] {
        guard case .list(let items)? = value else { return [] }
        return items.compactMap { item in
            guard case .map(let map) = item else { return nil }
            func text(_ key: String) -> String {
                switch map[key] {
                case .string(let s)?: return s
                case nil, .null?: return ""
                case let other?: return other.flowEncoded()
                }
            }
            return RunComment(body: text("body"), user: text("user"), host: text("host"), time: map["time"]?.intValue)
        }
    }

    /// The attr value for `comments`.
    public static func attribute(_ comments: [RunComment]) -> YAMLValue {
        .list(
            comments.map { comment in
                .map([
                    "body": .string(comment.body), "host": .string(comment.host),
                    "time": comment.time.map(YAMLValue.int) ?? .null, "user": .string(comment.user),
                ])
            })
    }
}
