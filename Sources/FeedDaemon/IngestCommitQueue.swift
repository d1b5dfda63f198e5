import FeedStore
import Synchronization

/// Group commit for the refreshes of one pass: a refresh whose ingest arrives while another
/// group is being written waits and is written with the next group, in one transaction.
///
/// Leader and followers, with no timer: the first ingest to find the store idle writes at once
/// (alone, so a quiet daemon adds no latency) and keeps writing the groups that gathered while it
/// wrote, until none is waiting. Under load a group is every ingest that finished parsing during
/// the previous commit, so commits (WAL frames of shared pages, file locks, a search-index
/// segment each) are shared by up to `maxGroup` feeds. Each feed stays all or nothing: the store
/// writes each in its own savepoint (`Store.ingest(_:)`).
final class IngestCommitQueue: Sendable {
    /// Feeds per transaction at most: bounds how long one commit holds the write lock. Each commit
    /// flushes a search-index segment and writes the pages its feeds share, so bigger groups cost
    /// less per feed (16 → 32 with `FetchPass.refreshesInFlight` 2x → 4x: 12% less CPU in a cold cycle).
    static let maxGroup = 32

    private struct Waiting: Sendable {
        var ingest: FeedIngest
        var continuation: CheckedContinuation<Result<IngestResult, StoreError>, Never>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var isWriting = false

        mutating func takeGroup() -> [Waiting] {
            let group = Array(waiting.prefix(IngestCommitQueue.maxGroup))
            waiting.removeFirst(group.count)
            return group
        }
    }

    private let store: any RefreshStoring
    private let state = Mutex(State())

    init(store: any RefreshStoring) {
        self.store = store
    }

    /// Ingests one feed's fetch with the success of its poll; returns when its group is committed.
    func ingest(_ ingest: FeedIngest) async -> Result<IngestResult, StoreError> {
        await withCheckedContinuation { continuation in
            let group = state.withLock { state -> [Waiting]? in
                state.waiting.append(Waiting(ingest: ingest, continuation: continuation))
                guard !state.isWriting else { return nil }
                state.isWriting = true
                return state.takeGroup()
            }
            if let group { writeGroups(startingWith: group) }
        }
    }

    /// The leader's loop: writes `group`, then every group that gathered meanwhile.
    private func writeGroups(startingWith first: [Waiting]) {
        var group = first
        while !group.isEmpty {
            let results: [Result<IngestResult, StoreError>]
            do throws(StoreError) {
                results = try store.ingest(group.map(\.ingest))
            } catch {
                results = Array(repeating: .failure(error), count: group.count)
            }
            for (waiting, result) in zip(group, results) { waiting.continuation.resume(returning: result) }
            group = state.withLock { state -> [Waiting] in
                let next = state.takeGroup()
                if next.isEmpty { state.isWriting = false }
                return next
            }
        }
    }
}
