import FeedStore
import Foundation

/// Hands out the feeds of one round of a pass, claiming them in the store a chunk at a time just
/// before they are polled, so two processes on one store never poll one feed at once and a feed
/// another process polls is skipped rather than waited for.
///
/// Chunks keep the claims few (one write per chunk, not per feed) and short-lived: a feed is
/// claimed only shortly before its turn, so a second process finds the rest of the list free.
struct FeedClaimQueue {
    private var waiting: ArraySlice<Int64>
    private var claimedReady: [FeedRecord] = []
    private let chunkSize: Int
    private let dueOnly: Bool
    /// Every feed this queue claimed, to release once their polls are recorded.
    private(set) var claimedIDs: [Int64] = []
    /// Feeds left out because another process held them (or polled them meanwhile).
    private(set) var heldElsewhere = 0
    /// Feeds left out because the store could not take the claim, with its error.
    private(set) var unclaimable: [(count: Int, error: StoreError)] = []

    /// `dueOnly`: claim a feed only while it is still due (a pass over the due feeds).
    init(_ feedIDs: [Int64], chunkSize: Int, dueOnly: Bool) {
        waiting = feedIDs[...]
        self.chunkSize = max(1, chunkSize)
        self.dueOnly = dueOnly
    }

    /// The next feed this process may poll, claimed until `claims.expiry(from: now)`; nil when the round is done.
    mutating func next(store: any FeedListStoring, claims: ClaimPolicy, now: Date) -> FeedRecord? {
        while claimedReady.isEmpty, !waiting.isEmpty {
            let chunk = waiting.prefix(chunkSize)
            waiting = waiting.dropFirst(chunk.count)
            do throws(StoreError) {
                let claimed = try store.claimFeeds(ids: Array(chunk), owner: claims.owner, now: now,
                                                   leaseUntil: claims.expiry(from: now), dueOnly: dueOnly)
                heldElsewhere += chunk.count - claimed.count
                claimedIDs += claimed.map(\.id)
                claimedReady = claimed.reversed()
            } catch {
                unclaimable.append((chunk.count, error))
            }
        }
        return claimedReady.popLast()
    }
}
