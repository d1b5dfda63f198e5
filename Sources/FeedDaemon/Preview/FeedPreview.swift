import FeedFetcher
import FeedModel
import FeedParser
import Foundation

/// A feed looked at without subscribing to it (`feedd parse`, `feedd add`): fetched or read, parsed,
/// and handed back as a value; nothing is stored. Each call owns its fetcher and shuts it down, so
/// the command line never holds a fetcher of its own.
public enum FeedPreview {
    /// The feed behind a URL the user typed: the URL itself when it is a feed, else the first feed
    /// its page advertises (see `FeedLocator`), fetched with the daemon's fetcher settings.
    public static func locate(_ url: String, daemon: DaemonConfig? = nil) async throws -> LocatedFeed {
        let fetcher = daemon.map { Fetcher(options: Runtime.fetcherOptions($0)) } ?? Fetcher()
        defer { fetcher.shutdown() }
        return try await FeedLocator(fetcher: fetcher, allowPrivateNetworks: daemon?.allowPrivateNetworks ?? false)
            .locate(url)
    }

    /// The body at `url`, as it came (`feedd parse --discover URL` reads the page itself).
    public static func fetchBody(_ url: String) async throws(FetchError) -> Data {
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        return try await fetcher.fetch(FetchRequest(url: url)).body
    }

    /// `data` parsed as a feed, within the default limits.
    public static func parse(_ data: Data, contentType: String?, baseURL: String?) throws(ParseError) -> Feed {
        try FeedParser.parse(data, contentType: contentType, baseURL: baseURL, limits: .default)
    }

    /// `data` parsed for printing as JSON Feed (`feedd parse`): the items are finished and encoded
    /// on a second thread while the parse reads on, so the document is ready when the parse ends.
    public static func parseForPrinting(_ data: Data, contentType: String?, baseURL: String?,
                                        pretty: Bool) throws(ParseError) -> PrintableFeed {
        let prewriter = JSONFeedItemPrewriter(pretty: pretty)
        let feed = try FeedParser.parse(data, contentType: contentType, baseURL: baseURL, limits: .default,
                                        entryObserver: { entry, position in prewriter.add(entry, at: position) })
        return PrintableFeed(feed: feed, prewriter: prewriter)
    }

    /// The absolute URLs of the feeds an HTML page advertises, in page order.
    public static func advertisedFeeds(html: Data, baseURL: String) -> [String] {
        FeedDiscovery.discover(html: html, baseURL: baseURL).map(\.url)
    }

    /// The feed as a JSON Feed 1.1 document with the `_feedd` extensions.
    public static func document(_ feed: Feed) -> JSONValue {
        JSONFeedEncoding.document(feed)
    }

    /// The same document written to `sink` in pieces as it is encoded, never built whole.
    public static func writeDocument(_ feed: Feed, pretty: Bool, to sink: (UnsafeRawBufferPointer) -> Void) {
        JSONFeedEncoding.write(feed, pretty: pretty, to: sink)
    }
}

/// A feed and its items already encoded during the parse (`FeedPreview.parseForPrinting`).
public struct PrintableFeed: Sendable {
    public let feed: Feed
    let prewriter: JSONFeedItemPrewriter

    /// The JSON Feed document, byte for byte `FeedPreview.writeDocument`'s, in pieces; the items
    /// encoded during the parse are used when they are the feed's, else encoded now.
    public func write(to sink: (UnsafeRawBufferPointer) -> Void) {
        JSONFeedEncoding.write(feed, pretty: prewriter.pretty, prewritten: prewriter, to: sink)
    }
}
