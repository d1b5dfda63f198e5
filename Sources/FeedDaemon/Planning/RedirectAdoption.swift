import FeedStore

/// When a permanent redirect (301, 308) moves a feed for good: the same target on two consecutive
/// polls, and no other feed already polling it. A server misconfigured for an hour must not move a
/// feed for good, and two feeds must never end on one URL.
///
/// Policy of the daemon, not of the store: the store counts the sightings, this decides.
public enum RedirectAdoption {
    /// Consecutive polls that must see the same permanent redirect target.
    public static let sightingsToAdopt = 2

    /// Whether the feed moves to the sighting's target now.
    public static func shouldAdopt(_ sighting: RedirectSighting) -> Bool {
        sighting.consecutivePolls >= sightingsToAdopt && !sighting.targetInUse
    }
}
