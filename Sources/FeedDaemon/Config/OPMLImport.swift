import FeedParser
import Foundation

/// Which feeds of an OPML list `feedd import-opml` adds, and under which names: each feed named
/// after its outline's title (else its host), made unique ("Releases", "Releases 2"), its folders
/// and categories as tags, its `htmlUrl` kept; a URL the config (or the list) already has is skipped.
public enum OPMLImport {
    /// What the import would do.
    public struct Plan: Sendable, Equatable {
        public var additions: [ConfigEditing.NewFeed] = []
        /// One note per skipped outline: its URL and why.
        public var skipped: [String] = []
    }

    /// The plan for the OPML document `opml` against `config`; a document that is no OPML is an error.
    public static func plan(opml: Data, into config: Config) throws(OPMLError) -> Plan {
        plan(try OPMLReader.read(opml), into: config)
    }

    /// The plan for `outlines` against `config`.
    public static func plan(_ outlines: [OPMLOutline], into config: Config) -> Plan {
        var plan = Plan()
        var urls: [String: String] = [:]
        for feed in config.feeds { urls[feed.identityURL] = feed.name }
        var names = Set(config.feeds.map(\.name))
        for outline in outlines {
            guard let url = URL(string: outline.xmlURL), url.scheme == "http" || url.scheme == "https" else {
                plan.skipped.append("\(outline.xmlURL): not an http(s) URL")
                continue
            }
            let identity = FeedConfig(url: url).identityURL
            if let holder = urls[identity] {
                plan.skipped.append("\(outline.xmlURL): already in the config as \(holder)")
                continue
            }
            let name = uniqueName(baseName(outline, url: url), taken: names)
            names.insert(name)
            urls[identity] = name
            plan.additions.append(ConfigEditing.NewFeed(url: outline.xmlURL, name: name, tags: cleanTags(outline.categories),
                                                        htmlURL: outline.htmlURL.map(oneLine)))
        }
        return plan
    }

    /// The outline's title (else its host), on one line.
    static func baseName(_ outline: OPMLOutline, url: URL) -> String {
        let title = outline.title.map(oneLine) ?? ""
        return title.isEmpty ? (url.host() ?? outline.xmlURL) : title
    }

    /// `base`, or `base 2`, `base 3`, … whichever is free first.
    static func uniqueName(_ base: String, taken: Set<String>) -> String {
        guard taken.contains(base) else { return base }
        var number = 2
        while taken.contains("\(base) \(number)") { number += 1 }
        return "\(base) \(number)"
    }

    /// Control characters (line breaks included) become spaces; runs of spaces one.
    static func oneLine(_ text: String) -> String {
        let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map {
            CharacterSet.controlCharacters.contains($0) || CharacterSet.newlines.contains($0) ? " " : $0
        }))
        return spaced.split(separator: " ").joined(separator: " ")
    }

    static func cleanTags(_ tags: [String]) -> [String] {
        var result: [String] = []
        for tag in tags.map(oneLine) where !tag.isEmpty && !result.contains(tag) { result.append(tag) }
        return result
    }
}
