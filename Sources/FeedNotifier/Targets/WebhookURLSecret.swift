import Foundation

/// Chat webhooks (Discord, Slack) carry their secret in the URL itself: whoever has the URL can
/// post. Their last path segment is the token, so it is kept out of logs and `feedd hooks`.
enum WebhookURLSecret {
    /// The last non-empty path segment of `url`, as a one-element list (none when there is none).
    static func lastPathSegment(of url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return [] }
        let segments = components.path.split(separator: "/")
        guard segments.count >= 2, let last = segments.last else { return [] }
        return [String(last)]
    }
}
