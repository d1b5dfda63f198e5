import Foundation

/// Adds feeds to the config file as text, so the user's layout and comments stay as they were
/// (`feedd add`, `feedd import-opml`). The result is checked before it replaces the file.
public enum ConfigEditing {
    /// A feed to append: the URL, and optionally a name and tags.
    public struct NewFeed: Sendable, Equatable {
        public var url: String
        public var name: String?
        public var tags: [String]
        /// The site's page (`html_url`).
        public var htmlURL: String?

        /// A feed for `appendFeeds`; `name` defaults to the host when the config is read.
        public init(url: String, name: String? = nil, tags: [String] = [], htmlURL: String? = nil) {
            self.url = url
            self.name = name
            self.tags = tags
            self.htmlURL = htmlURL
        }
    }

    /// Appends one `[[feed]]` block to the config at `path` (created if missing).
    /// Refuses a URL the config already has, and anything that would make the file invalid.
    public static func appendFeed(url: String, name: String?, tags: [String], toConfigAt path: String)
        throws(ConfigError) {
        try appendFeeds([NewFeed(url: url, name: name, tags: tags)], toConfigAt: path)
    }

    /// Appends several `[[feed]]` blocks in one write; all or none are added.
    public static func appendFeeds(_ feeds: [NewFeed], toConfigAt path: String) throws(ConfigError) {
        let existing = FileManager.default.fileExists(atPath: path)
        var text = ""
        if existing {
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigError(file: path, message: "cannot read the file to add feeds: \(error.localizedDescription)")
            }
        }
        let updated = try appending(feeds, to: text, path: path)
        try write(updated, to: path)
    }

    /// `text` with the feeds' blocks appended, after checking that the result is a valid config
    /// and that no URL is already in `text`.
    public static func appending(_ feeds: [NewFeed], to text: String, path: String) throws(ConfigError) -> String {
        let current = try ConfigLoader.parse(text: text, path: path)
        var known: [String: Int] = [:]
        for feed in current.feeds { known[feed.identityURL] = feed.line }
        var updated = text
        if !updated.isEmpty, !updated.hasSuffix("\n") { updated += "\n" }
        for feed in feeds {
            if let url = URL(string: feed.url), let line = known[FeedConfig(url: url).identityURL] {
                throw ConfigError(file: path, line: line, key: "url",
                                  message: "\"\(feed.url)\" is already in the config (the [[feed]] at line \(line))")
            }
            if let url = URL(string: feed.url) { known[FeedConfig(url: url).identityURL] = 0 }
            updated += (updated.isEmpty ? "" : "\n") + block(for: feed)
        }
        do {
            _ = try ConfigLoader.parse(text: updated, path: path)
        } catch {
            // The appended lines are not in the file yet, so their line numbers would mislead.
            throw ConfigError(file: path, key: error.key, section: "the feed to add", message: error.message)
        }
        return updated
    }

    /// The `[[feed]]` block for one feed.
    static func block(for feed: NewFeed) -> String {
        var lines = ["[[feed]]", "url = \(tomlString(feed.url))"]
        if let name = feed.name { lines.append("name = \(tomlString(name))") }
        if !feed.tags.isEmpty { lines.append("tags = [\(feed.tags.map(tomlString).joined(separator: ", "))]") }
        if let html = feed.htmlURL { lines.append("html_url = \(tomlString(html))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a TOML basic string: quotes, backslashes and control characters escaped.
    static func tomlString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case "\u{08}": quoted += "\\b"
            case "\u{0C}": quoted += "\\f"
            default:
                if scalar.isTOMLControl {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    /// Replaces the file in one step (a temporary file renamed over it), keeping its permissions;
    /// a symbolic link is followed, so the file it points to is the one changed.
    static func write(_ text: String, to path: String) throws(ConfigError) {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary)
            if let permissions = try? manager.attributesOfItem(atPath: target.path)[.posixPermissions] {
                try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            try? manager.removeItem(at: temporary)
            throw ConfigError(file: path, message: "cannot write the file: \(error.localizedDescription)")
        }
    }
}
