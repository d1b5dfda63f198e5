import Foundation

/// A parsed feed: what `FeedParser` returns and every later stage reads.
public struct Feed: Sendable, Hashable, Codable {
    public var format: FeedFormat
    public var title: String?
    public var homePageURL: String?
    /// The feed's own URL as it announces it (`atom:link rel="self"`, JSON Feed `feed_url`).
    public var feedURL: String?
    public var description: String?
    public var language: String?
    public var iconURL: String?
    public var authors: [Author]
    /// WebSub hubs (`rel="hub"`).
    public var hubURLs: [String]
    /// `<ttl>` in seconds: how long the feed may be cached. It may lengthen the daemon's default interval.
    public var ttl: Double?
    /// `sy:updatePeriod` ÷ `sy:updateFrequency` in seconds. Recorded and shown, never obeyed:
    /// WordPress writes "hourly" on every feed, whatever the site does.
    public var syndicationInterval: Double?
    /// The longer of `ttl` and `syndicationInterval`: the interval the feed claims, for display.
    public var updateInterval: Double? {
        switch (ttl, syndicationInterval) {
        case let (ttl?, syndication?): max(ttl, syndication)
        case let (ttl, syndication): ttl ?? syndication
        }
    }
    public var entries: [Entry]
    /// What was wrong with the document but did not stop the parse (recovered XML errors, skipped items).
    public var warnings: [String]

    public init(format: FeedFormat, title: String? = nil, homePageURL: String? = nil, feedURL: String? = nil,
                description: String? = nil, language: String? = nil, iconURL: String? = nil,
                authors: [Author] = [], hubURLs: [String] = [], ttl: Double? = nil, syndicationInterval: Double? = nil,
                entries: [Entry] = [], warnings: [String] = []) {
        self.format = format
        self.title = title
        self.homePageURL = homePageURL
        self.feedURL = feedURL
        self.description = description
        self.language = language
        self.iconURL = iconURL
        self.authors = authors
        self.hubURLs = hubURLs
        self.ttl = ttl
        self.syndicationInterval = syndicationInterval
        self.entries = entries
        self.warnings = warnings
    }
}
