import Dispatch
import FeedStore
import Synchronization

/// Group commit for the refreshes of one pass: a refresh whose ingest arrives while another
/// group is being written waits and is written with the next group, in one transaction.
///
/// A leader and followers on a writer queue of its own: the first ingest to find the store idle
/// is written at once (alone, so a quiet daemon adds no latency), and the writer keeps writing
/// the groups that gathered meanwhile until none is waiting. Each commit flushes a search-index
/// segment and writes the WAL frames of the pages its feeds share, so under load a commit first
/// lets a group gather (`GatherPolicy`). Each feed stays all or nothing: the store writes each
/// in its own savepoint (`Store.ingest(_:)`).
///
/// The writes run on `writer`, a serial queue outside the Swift concurrency pool: a commit
/// blocks its thread on SQLite, and the pool has only as many threads as cores for the parses.
final class IngestCommitQueue: Sendable {
    /// Writes one group in one transaction, one result per feed in order.
    typealias Write = @Sendable ([FeedIngest]) throws(StoreError) -> [Result<IngestResult, StoreError>]

    /// How long a commit under load waits for more feeds, and how many it waits for.
    struct GatherPolicy: Sendable {
        /// Feeds per transaction at most: bounds how long one commit holds the write lock.
        var maxGroup: Int
        /// A commit that follows a group of several feeds starts once this many wait...
        var target: Int
        /// ...or once this much time has passed, whichever is first.
        var window: DispatchTimeInterval

        /// Measured on a tenth of cold cycle B (3,200 feeds, 48,000 items, 2 cores, 32 refreshes
        /// in flight; `FEEDD_BENCH_COLD_SITES=200 feedd-bench coldcycle`): without gathering,
        /// commits held 5 feeds on average; with 12 feeds or 20 ms, 14 (650 commits down to 200).
        /// CPU 9.3-9.7 s with the writes on the pool's threads, 9.0-9.1 s on this writer queue,
        /// 8.8-9.0 s with this gathering, wall time unchanged at 7.1 s. 24 feeds or 50 ms took
        /// 8.4 s of CPU but 0.3 s more wall: the refreshes waiting for it held their slots.
        static let standard = GatherPolicy(maxGroup: 32, target: 12, window: .milliseconds(20))

        /// No gathering at all: every commit starts as soon as the store is free.
        static let none = GatherPolicy(maxGroup: 32, target: 1, window: .milliseconds(0))

        /// The policy for a store and a pass. A store that writes each feed in its own transaction
        /// (PostgreSQL) saves nothing by waiting, so it never gathers. Otherwise the target is at
        /// most three eighths of the refreshes in flight (12 of 32, as measured): a target the
        /// refreshes cannot reach would make every commit under load wait its whole window while
        /// they hold their slots.
        static func forStore(committingGroups: Bool, refreshesInFlight: Int) -> GatherPolicy {
            guard committingGroups else { return .none }
            var policy = standard
            policy.target = max(2, min(standard.target, refreshesInFlight * 3 / 8))
            return policy
        }
    }

    private struct Waiting: Sendable {
        var ingest: FeedIngest
        var continuation: CheckedContinuation<Result<IngestResult, StoreError>, Never>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        /// The writer owns the queue: writing, or about to.
        var isWriting = false
        /// The generation of the timed flush that ends the current gathering, if one is set.
        var gathering: UInt64?
        var generation: UInt64 = 0

        mutating func takeGroup(_ policy: GatherPolicy) -> [Waiting] {
            let group = Array(waiting.prefix(policy.maxGroup))
            waiting.removeFirst(group.count)
            return group
        }

        /// Starts a gathering: the caller schedules its timed flush.
        mutating func startGathering() -> UInt64 {
            generation &+= 1
            gathering = generation
            return generation
        }
    }

    /// What the ingest that just joined the queue has to do.
    private enum Step {
        case nothing
        case write([Waiting])
        case flush(after: DispatchTimeInterval, generation: UInt64)
    }

    private let write: Write
    private let policy: GatherPolicy
    private let writer = DispatchQueue(label: "feedd-ingest-writer")
    private let state = Mutex(State())

    init(policy: GatherPolicy = .standard, write: @escaping Write) {
        self.policy = policy
        self.write = write
    }

    /// Ingests one feed's fetch with the success of its poll; returns when its group is committed.
    func ingest(_ ingest: FeedIngest) async -> Result<IngestResult, StoreError> {
        await withCheckedContinuation { continuation in
            let step = state.withLock { state -> Step in
                state.waiting.append(Waiting(ingest: ingest, continuation: continuation))
                if state.isWriting { return .nothing }
                // A gathering starts only when a commit ends (`writeGroups`); an ingest that finds
                // the writer idle and none gathering is alone, and is written at once.
                if state.gathering != nil {
                    guard state.waiting.count >= policy.target else { return .nothing }
                    state.gathering = nil
                }
                state.isWriting = true
                return .write(state.takeGroup(policy))
            }
            perform(step)
        }
    }

    /// Ingests waiting for a commit, for tests that step through a gathering.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    private func perform(_ step: Step) {
        switch step {
        case .nothing:
            break
        case .write(let group):
            writer.async { self.writeGroups(startingWith: group) }
        case .flush(let delay, let generation):
            writer.asyncAfter(deadline: .now() + delay) { self.flush(generation) }
        }
    }

    /// The end of a gathering's window: writes what gathered, unless the target was reached first.
    private func flush(_ generation: UInt64) {
        let group = state.withLock { state -> [Waiting]? in
            guard state.gathering == generation, !state.isWriting else { return nil }
            state.gathering = nil
            state.isWriting = true
            return state.takeGroup(policy)
        }
        if let group { writeGroups(startingWith: group) }
    }

    /// The leader's loop, on `writer`: writes `group`, then every group that gathered meanwhile.
    private func writeGroups(startingWith first: [Waiting]) {
        var group = first
        while !group.isEmpty {
            let results: [Result<IngestResult, StoreError>]
            do throws(StoreError) {
                results = try write(group.map(\.ingest))
            } catch {
                results = Array(repeating: .failure(error), count: group.count)
            }
            for (waiting, result) in zip(group, results) { waiting.continuation.resume(returning: result) }
            let written = group.count
            let next = state.withLock { state -> Step in
                if state.waiting.isEmpty {
                    state.isWriting = false
                    return .nothing
                }
                // Under load (this commit held several feeds and more wait), the next one gathers.
                if written > 1, state.waiting.count < policy.target {
                    state.isWriting = false
                    return .flush(after: policy.window, generation: state.startGathering())
                }
                return .write(state.takeGroup(policy))
            }
            guard case .write(let taken) = next else {
                perform(next)
                return
            }
            group = taken
        }
    }
}
