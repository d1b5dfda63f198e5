/// The syndication format a feed was read from, as named in the `_feedd.format` extension of `feedd parse`.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss09 = "rss0.9"
    case rss10 = "rss1.0"
    case rss20 = "rss2.0"
    case atom03 = "atom0.3"
    case atom10 = "atom1.0"
    case jsonFeed = "jsonfeed"
}
