import Foundation
import FeedModel
import FeedParser

/// Small documents built in tests, so each test shows the bytes it is about.
enum TestFeeds {
    static let baseURL = "https://example.org/feed/"

    static func rss(items: String, channel: String = "<title>T</title>", namespaces: String = "") -> Data {
        Data("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" \(namespaces)><channel>\(channel)\n\(items)</channel></rss>\n".utf8)
    }

    static func item(_ n: Int) -> String {
        "<item><title>Item \(n)</title><link>https://example.com/\(n)</link></item>\n"
    }

    static func parse(_ data: Data, contentType: String? = nil, baseURL: String? = baseURL,
                      limits: ParseLimits = .default) throws -> Feed {
        try FeedParser.parse(data, contentType: contentType, baseURL: baseURL, limits: limits)
    }

    /// The error `data` gives, or nil when it parses.
    static func error(_ data: Data, limits: ParseLimits = .default) -> ParseError? {
        do {
            _ = try FeedParser.parse(data, baseURL: baseURL, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static func json(_ feed: Feed) -> String { JSONFeedEncoding.document(feed).serialized() }
}
