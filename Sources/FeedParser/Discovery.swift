import CLibXML2
import Foundation

/// A feed that an HTML page advertises with `<link rel="alternate" type="…" href="…">`.
public struct DiscoveredFeed: Sendable, Hashable {
    /// The absolute URL, resolved against `<base href>` and then the page's URL.
    public var url: String
    /// The link's `title`, when it has a non-blank one.
    public var title: String?
    /// The link's media type as written (`application/rss+xml`).
    public var type: String?

    public init(url: String, title: String? = nil, type: String? = nil) {
        self.url = url
        self.title = title
        self.type = type
    }
}

/// HTML feed autodiscovery: the feeds a page links to, so `feedd add https://site/` can find `/feed`.
///
/// libxml2's HTML parser reads real-world pages (it recovers from broken markup and reads past HTML5
/// elements it does not know); it never touches the network.
public enum FeedDiscovery {
    /// Media types of `rel="alternate"` links that name a feed.
    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
        "application/rdf+xml", "application/xml", "text/xml",
    ]

    /// Pages are small; anything larger is not read (libxml2 takes an `int` length).
    static let maxPageBytes = 32 << 20

    /// The feeds `html` advertises, in document order, without duplicates, as absolute URLs.
    public static func discover(html: Data, baseURL: String) -> [DiscoveredFeed] {
        guard !html.isEmpty, html.count <= maxPageBytes else { return [] }
        clibxml2_silence_generic_errors()
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let document = html.withUnsafeBytes { raw -> htmlDocPtr? in
            guard let base = raw.baseAddress else { return nil }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count), baseURL, nil, options)
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }

        var links: [xmlNodePtr] = []
        var documentBase: String?
        forEachElement(in: document) { node in
            if hasName(node, "link") { links.append(node) }
            if documentBase == nil, hasName(node, "base"), let href = attribute(node, "href") { documentBase = href }
        }
        let base = documentBase.flatMap { resolve($0, against: baseURL) } ?? baseURL

        var seen: Set<String> = []
        var feeds: [DiscoveredFeed] = []
        for node in links {
            guard let feed = discoveredFeed(node, base: base), seen.insert(feed.url).inserted else { continue }
            feeds.append(feed)
        }
        return feeds
    }

    /// Whether `data` starts like an HTML page (`<!DOCTYPE html` or `<html`, after a BOM and white
    /// space, in any case): cheap enough to ask of every body before choosing discovery over parsing.
    public static func looksLikeHTML(_ data: Data) -> Bool {
        var bytes = data.prefix(512)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        bytes = bytes.drop { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 || $0 == 12 }
        let lowered = bytes.prefix(14).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        return lowered.starts(with: Array("<!doctype html".utf8)) || lowered.starts(with: Array("<html".utf8))
    }

    private static func discoveredFeed(_ node: xmlNodePtr, base: String) -> DiscoveredFeed? {
        guard let rel = attribute(node, "rel"),
              rel.lowercased().split(whereSeparator: \.isWhitespace).contains("alternate"),
              let type = attribute(node, "type"),
              feedTypes.contains(mediaType(type)),
              let href = attribute(node, "href")?.trimmingCharacters(in: .whitespacesAndNewlines), !href.isEmpty,
              let url = resolve(href, against: base)
        else { return nil }
        let title = attribute(node, "title")?.trimmingCharacters(in: .whitespacesAndNewlines)
        return DiscoveredFeed(url: url, title: title?.isEmpty == false ? title : nil, type: type)
    }

    /// `Application/RSS+XML; charset=utf-8` → `application/rss+xml`.
    private static func mediaType(_ type: String) -> String {
        let essence = type.split(separator: ";", maxSplits: 1).first ?? ""
        return essence.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// RFC 3986 reference resolution by libxml2.
    private static func resolve(_ reference: String, against base: String) -> String? {
        guard let built = xmlBuildURI(reference, base) else { return nil }
        defer { clibxml2_free(built) }
        return String(cString: built)
    }

    /// Every element in document order, walked without recursion so deep nesting cannot exhaust the stack.
    private static func forEachElement(in document: htmlDocPtr, _ body: (xmlNodePtr) -> Void) {
        var node = document.pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE { body(current) }
            if current.pointee.type == XML_ELEMENT_NODE, let child = current.pointee.children {
                node = child
                continue
            }
            var climber: xmlNodePtr? = current
            node = nil
            while let step = climber {
                if let next = step.pointee.next {
                    node = next
                    break
                }
                climber = step.pointee.parent
                if climber == nil || climber?.pointee.type == XML_HTML_DOCUMENT_NODE { break }
            }
        }
    }

    private static func hasName(_ node: xmlNodePtr, _ name: String) -> Bool {
        guard let nodeName = node.pointee.name else { return false }
        return xmlStrcasecmp(nodeName, name) == 0
    }

    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { clibxml2_free(value) }
        return String(cString: value)
    }
}
