import Foundation

/// Writes the RFC 5322 / MIME message for one notification: an RFC 2047 subject, a
/// `multipart/alternative` body with a plain-text and an HTML part, and a `Message-ID` derived
/// from the delivery id, so a mail that is sent again after a lost answer is recognisable as the
/// same one (mail clients and list software drop or thread it by that id).
///
/// The parts are base64: item text may hold any character and any line length, and base64 keeps
/// every line short and free of a leading `.` that SMTP would treat as the end of the data.
public enum MailComposer {
    /// Base64 line length (RFC 2045 §6.8 allows at most 76).
    static let base64LineLength = 76
    /// The longest line of a header with encoded words (RFC 2047 §2).
    static let maxHeaderLine = 76

    /// The `Message-ID` of a delivery: `<feedd.DELIVERY@DOMAIN>`, the domain taken from `from`.
    public static func messageID(deliveryID: String, from: String) -> String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "feedd.invalid"
        return "<feedd.\(deliveryID)@\(domain)>"
    }

    /// The whole message, CRLF line ends.
    public static func compose(subject: String, text: String, html: String, from: String, to: [String],
                               deliveryID: String, date: Date) -> Data {
        let boundary = "feedd-\(deliveryID)"
        var lines = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(EncodedWord.encode(subject, separator: "\r\n ", wordLength: maxHeaderLine - "Subject: ".count))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: \(messageID(deliveryID: deliveryID, from: from))",
            "X-Feedd-Delivery: \(deliveryID)",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += base64Lines(body)
        }
        lines += ["--\(boundary)--", ""]
        return Data(lines.joined(separator: "\r\n").utf8)
    }

    /// The HTML part: the feed, the linked heading and the text, escaped.
    public static func html(_ message: NotificationMessage) -> String {
        let heading = MarkupEscaping.html(message.heading)
        var html = "<p><b>\(MarkupEscaping.html(message.feedName))</b></p>\n<h3>"
        html += message.url.map { "<a href=\"\(MarkupEscaping.html($0))\">\(heading)</a>" } ?? heading
        html += "</h3>\n"
        if !message.text.isEmpty {
            html += "<p>" + MarkupEscaping.html(message.text).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>\n"
        }
        return "<!DOCTYPE html>\n<html><body>\n" + html + "</body></html>\n"
    }

    /// The HTML part of a templated body: the HTML-escaped rendering with its line breaks kept.
    public static func html(renderedText: String) -> String {
        "<!DOCTYPE html>\n<html><body>\n<p>" + renderedText.replacingOccurrences(of: "\n", with: "<br>\n")
            + "</p>\n</body></html>\n"
    }

    /// The subject: `[feed] heading`.
    public static func subject(_ message: NotificationMessage) -> String {
        "[\(message.feedName)] \(message.heading)"
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: base64LineLength, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return lines
    }

    /// RFC 5322 §3.3 date in UTC: `Fri, 04 Dec 2026 15:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
