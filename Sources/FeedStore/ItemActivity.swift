import Foundation

/// How lively a feed's items are: what decides that a comment feed has gone quiet and that an
/// article has left its main feed.
public struct ItemActivity: Sendable, Hashable {
    /// When the newest item was first seen; nil for a feed without items.
    public var newestItem: Date?
    /// The latest `last_seen` of any item: roughly when the feed last listed its items (refreshed
    /// at most every `ItemIdentity.sightingRefresh` for an unchanged item).
    public var lastListing: Date?

    public init(newestItem: Date?, lastListing: Date?) {
        self.newestItem = newestItem
        self.lastListing = lastListing
    }
}
