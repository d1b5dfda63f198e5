import FeedFetcher
import FeedModel
import FeedParser
import Foundation

/// A feed found at a URL: where it finally lives and what it parsed to.
public struct LocatedFeed: Sendable {
    public var url: String
    public var feed: Feed
}

/// Finds the feed behind a URL the user typed: the URL itself when it is a feed, else the first
/// feed an HTML page advertises (`feedd add`, `feedd parse URL`).
///
/// The typed URL's host may be anywhere (the user chose it); the feed a page advertises and every
/// redirect must be on a public address, unless `allowPrivateNetworks`.
public struct FeedLocator: Sendable {
    public let fetcher: Fetcher
    /// Whether advertised feeds and redirects may reach loopback, private and link-local addresses.
    public let allowPrivateNetworks: Bool

    public init(fetcher: Fetcher, allowPrivateNetworks: Bool = false) {
        self.fetcher = fetcher
        self.allowPrivateNetworks = allowPrivateNetworks
    }

    /// The address policy of every request made to locate the feed behind `url`.
    public func addressPolicy(for url: String) -> OutboundAddressPolicy {
        .typedByUser(url, allowPrivate: allowPrivateNetworks)
    }

    public func locate(_ url: String) async throws -> LocatedFeed {
        let policy = addressPolicy(for: url)
        let response = try await fetcher.fetch(FetchRequest(url: url, addressPolicy: policy))
        guard FeedDiscovery.looksLikeHTML(response.body) else {
            let feed = try FeedParser.parse(response.body, contentType: response.contentType, baseURL: response.finalURL)
            return LocatedFeed(url: response.finalURL, feed: feed)
        }
        guard let first = FeedDiscovery.discover(html: response.body, baseURL: response.finalURL).first else {
            throw RefreshError.htmlPage(url: response.finalURL, hint: "it advertises no feed")
        }
        let feedResponse = try await fetcher.fetch(FetchRequest(url: first.url, addressPolicy: policy))
        let feed = try FeedParser.parse(feedResponse.body, contentType: feedResponse.contentType, baseURL: feedResponse.finalURL)
        return LocatedFeed(url: feedResponse.finalURL, feed: feed)
    }
}
