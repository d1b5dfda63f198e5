/// Escaping item text for the markup a service renders, so a title such as `a < b & c` shows as
/// written and cannot open a tag or a link of its own.
enum MarkupEscaping {
    /// HTML text and attribute values (Telegram's HTML, Matrix's `formatted_body`, e-mail).
    static func html(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Slack's mrkdwn: only `&`, `<` and `>` are control characters
    /// (api.slack.com/reference/surfaces/formatting#escaping).
    static func slack(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
