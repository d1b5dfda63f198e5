/// The configured feeds as an OPML 2.0 subscription list (`feedd export-opml`), which feed
/// readers import: each feed's name as its title, its `html_url` as `htmlUrl`, its first tag as
/// the folder it sits in and its other tags as `category`. `feedd import-opml` reads that back to
/// the same names and tags, so import, export and import again is stable.
public enum OPMLExport {
    /// A complete OPML 2.0 document, in config order (folders where their first feed is).
    public static func document(feeds: [FeedConfig], title: String) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<opml version=\"2.0\">",
            "  <head>",
            "    <title>\(escape(title))</title>",
            "  </head>",
            "  <body>",
        ]
        var folders: [String] = []
        var byFolder: [String: [FeedConfig]] = [:]
        for feed in feeds {
            let folder = feed.tags.first ?? ""
            if byFolder[folder] == nil { folders.append(folder) }
            byFolder[folder, default: []].append(feed)
        }
        for folder in folders {
            let members = byFolder[folder] ?? []
            if folder.isEmpty {
                lines += members.map { outline($0, otherTags: $0.tags, indent: "    ") }
            } else {
                lines.append("    <outline text=\"\(escape(folder))\" title=\"\(escape(folder))\">")
                lines += members.map { outline($0, otherTags: Array($0.tags.dropFirst()), indent: "      ") }
                lines.append("    </outline>")
            }
        }
        lines += ["  </body>", "</opml>", ""]
        return lines.joined(separator: "\n")
    }

    /// One feed's `<outline type="rss">`.
    static func outline(_ feed: FeedConfig, otherTags: [String], indent: String) -> String {
        let name = escape(feed.name)
        var outline = indent + "<outline type=\"rss\" text=\"\(name)\" title=\"\(name)\" xmlUrl=\"\(escape(feed.urlText))\""
        if let html = feed.htmlURL { outline += " htmlUrl=\"\(escape(html))\"" }
        if !otherTags.isEmpty {
            // OPML 2.0 separates categories with commas, so a comma inside a tag cannot survive.
            let categories = otherTags.map { $0.replacing(",", with: " ") }.joined(separator: ",")
            outline += " category=\"\(escape(categories))\""
        }
        return outline + "/>"
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
