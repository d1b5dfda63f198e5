import FeedStore
import Foundation

/// Hands out the feeds of one round of a pass, claiming them in the store a chunk at a time just
/// before they are polled, so two processes on one store never poll one feed at once and a feed
/// another process polls is skipped rather than waited for.
///
/// Chunks keep the claims few (one write per chunk, not per feed) and short-lived: a feed is
/// claimed only shortly before its turn, so a second process finds the rest of the list free.
///
/// A claim is a write, so it waits for the group commit in progress. The next chunk is therefore
/// claimed ahead, once half of the chunk in hand is handed out, on a thread outside the
/// concurrency pool (`OffPool`): the pass keeps starting refreshes from the chunk in hand while
/// the claim waits, and no parse loses its thread to that wait. At most two chunks are claimed
/// and not yet handed out.
struct FeedClaimQueue {
    /// One chunk's claim: how many feeds it asked for, and what the store gave.
    private struct ChunkClaim: Sendable {
        var asked: Int
        var result: Result<[FeedRecord], StoreError>
    }

    private var waiting: ArraySlice<Int64>
    /// The claimed feeds not yet handed out, last first.
    private var claimedReady: [FeedRecord] = []
    /// The claim of the next chunk, running.
    private var ahead: Task<ChunkClaim, Never>?
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

    /// The next feed this process may poll, claimed until `claims.expiry(from:)` the time its
    /// chunk's claim started; nil when the round is done.
    mutating func next(store: any FeedListStoring, claims: ClaimPolicy,
                       now: @escaping @Sendable () -> Date) async -> FeedRecord? {
        while claimedReady.isEmpty {
            if ahead == nil { ahead = claimNextChunk(store: store, claims: claims, now: now) }
            guard let pending = ahead else { return nil }
            ahead = nil
            take(await pending.value)
        }
        let feed = claimedReady.removeLast()
        if ahead == nil, claimedReady.count <= chunkSize / 2 {
            ahead = claimNextChunk(store: store, claims: claims, now: now)
        }
        return feed
    }

    /// Waits for a claim still running, so that its feeds are in `claimedIDs` and released with
    /// the others: a pass stopped early (SIGTERM) must not leave them held until their lease lapses.
    mutating func settle() async {
        guard let pending = ahead else { return }
        ahead = nil
        take(await pending.value)
    }

    /// Starts claiming the next chunk of waiting feeds; nil when none waits.
    private mutating func claimNextChunk(store: any FeedListStoring, claims: ClaimPolicy,
                                         now: @escaping @Sendable () -> Date) -> Task<ChunkClaim, Never>? {
        guard !waiting.isEmpty else { return nil }
        let chunk = Array(waiting.prefix(chunkSize))
        waiting = waiting.dropFirst(chunk.count)
        let dueOnly = self.dueOnly
        return Task {
            await OffPool.run {
                let start = now()
                return ChunkClaim(asked: chunk.count, result: Result { () throws(StoreError) -> [FeedRecord] in
                    try store.claimFeeds(ids: chunk, owner: claims.owner, now: start,
                                         leaseUntil: claims.expiry(from: start), dueOnly: dueOnly)
                })
            }
        }
    }

    private mutating func take(_ claim: ChunkClaim) {
        switch claim.result {
        case .success(let claimed):
            heldElsewhere += claim.asked - claimed.count
            claimedIDs += claimed.map(\.id)
            claimedReady = claimed.reversed() + claimedReady
        case .failure(let error):
            unclaimable.append((claim.asked, error))
        }
    }
}
