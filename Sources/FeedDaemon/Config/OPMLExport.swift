/// The configured feeds as an OPML 2.0 subscription list (`feedd export-opml`), which feed
/// readers import. Tags become the `category` attribute.
public enum OPMLExport {
    /// A complete OPML 2.0 document, one `<outline type="rss">` per feed, in config order.
    public static func document(feeds: [FeedConfig], title: String) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<opml version=\"2.0\">",
            "  <head>",
            "    <title>\(escape(title))</title>",
            "  </head>",
            "  <body>",
        ]
        for feed in feeds {
            let name = escape(feed.name)
            var outline = "    <outline type=\"rss\" text=\"\(name)\" title=\"\(name)\""
                + " xmlUrl=\"\(escape(feed.url.absoluteString))\""
            if !feed.tags.isEmpty {
                // OPML 2.0 separates categories with commas, so a comma inside a tag cannot survive.
                let categories = feed.tags.map { $0.replacing(",", with: " ") }.joined(separator: ",")
                outline += " category=\"\(escape(categories))\""
            }
            lines.append(outline + "/>")
        }
        lines += ["  </body>", "</opml>", ""]
        return lines.joined(separator: "\n")
    }

    /// Escapes text for an XML attribute or element; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n": escaped += "&#10;"
            case "\r": escaped += "&#13;"
            case "\t": escaped += "&#9;"
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0xFFFE...0xFFFF).contains(value)
                if allowed { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
