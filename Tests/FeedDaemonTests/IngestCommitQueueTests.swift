import Dispatch
import FeedModel
import FeedStore
import Foundation
import Synchronization
import Testing
@testable import FeedDaemon

/// How the group commit forms its groups: a lone ingest is written at once, the ingests that
/// arrive during a commit go into the next one, and under load a commit gathers more first.
@Suite struct IngestCommitQueueTests {
    /// Records each group it is given (as feed ids). The writes numbered in `holding` (1 is the
    /// first) wait until released, so a test decides exactly which ingests arrive during a commit.
    final class RecordingWriter: Sendable {
        private let groups = Mutex<[[Int64]]>([])
        private let released: [Int: DispatchSemaphore]

        init(holding: Set<Int> = []) {
            released = Dictionary(uniqueKeysWithValues: holding.map { ($0, DispatchSemaphore(value: 0)) })
        }

        var written: [Set<Int64>] { groups.withLock { $0.map(Set.init) } }

        /// Waits (at most 10 s) until write `number` has started; polls, so that no thread of the
        /// concurrency pool, which the ingests need, is blocked.
        func hasStarted(_ number: Int) async -> Bool {
            for _ in 0..<2_000 {
                if groups.withLock({ $0.count }) >= number { return true }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return false
        }

        func release(_ number: Int) { released[number]?.signal() }

        func write(_ group: [FeedIngest]) -> [Result<IngestResult, StoreError>] {
            let number = groups.withLock { groups in
                groups.append(group.map(\.feedID))
                return groups.count
            }
            released[number]?.wait()
            return group.map { _ in .success(IngestResult()) }
        }
    }

    /// A window no test outlives: only the target can end a gathering. Nothing awaits an ingest
    /// before its write has been seen (`hasStarted`, bounded), so a queue that wrongly gathers
    /// fails the test instead of hanging it.
    static let longWindow = DispatchTimeInterval.seconds(3_600)

    static func feed(_ id: Int64) -> FeedIngest {
        FeedIngest(feedID: id, entries: [], routes: [], now: Date(timeIntervalSince1970: 0),
                   success: SuccessRecord(at: Date(timeIntervalSince1970: 0), etag: nil, lastModified: nil, bodyHash: nil,
                                          status: 200, nextPollAt: Date(timeIntervalSince1970: 60), feedTitle: nil, homePageURL: nil),
                   policy: IngestPlanner())
    }

    static func queue(_ writer: RecordingWriter, target: Int = 4, window: DispatchTimeInterval) -> IngestCommitQueue {
        IngestCommitQueue(policy: .init(maxGroup: 8, target: target, window: window)) { group in writer.write(group) }
    }

    /// Starts `ids` as concurrent ingests; with `waiting`, returns once that many ingests wait
    /// in the queue (at most 10 s), so the test knows they joined before its next step.
    static func start(_ ids: ClosedRange<Int64>, on queue: IngestCommitQueue, waiting: Int? = nil) async -> [Task<Bool, Never>] {
        let tasks = ids.map { id in Task { (try? await queue.ingest(feed(id)).get()) != nil } }
        if let waiting {
            for _ in 0..<2_000 where queue.waitingCount < waiting { try? await Task.sleep(for: .milliseconds(5)) }
        }
        return tasks
    }

    @Test func aLoneIngestIsWrittenAtOnceWithoutWaitingForMore() async throws {
        let writer = RecordingWriter()
        let queue = Self.queue(writer, window: Self.longWindow)
        let lone = await Self.start(1...1, on: queue)
        try #require(await writer.hasStarted(1))
        for task in lone { #expect(await task.value) }
        #expect(writer.written == [[1]])
    }

    /// Write 1 held while `arriving` join the queue; returns once every one of them is written.
    private static func afterOneHeldCommit(arriving: ClosedRange<Int64>) async throws -> (RecordingWriter, IngestCommitQueue) {
        let writer = RecordingWriter(holding: [1])
        let queue = Self.queue(writer, window: Self.longWindow)
        let first = await Self.start(1...1, on: queue)
        try #require(await writer.hasStarted(1))
        let rest = await Self.start(arriving, on: queue, waiting: arriving.count)
        writer.release(1)
        try #require(await writer.hasStarted(2))
        for task in first + rest { #expect(await task.value) }
        return (writer, queue)
    }

    @Test func ingestsThatArriveDuringACommitShareTheNextOne() async throws {
        let (writer, _) = try await Self.afterOneHeldCommit(arriving: 2...4)
        // The first commit held one feed: no load, so the next did not wait to gather.
        #expect(writer.written == [[1], [2, 3, 4]])
    }

    /// Writes 1 and 2 held: {2, 3} arrive during the first commit, {4, 5} during the second,
    /// which held several feeds while more waited: the third gathers.
    private static func underLoad(target: Int, window: DispatchTimeInterval) async throws
        -> (RecordingWriter, IngestCommitQueue, [Task<Bool, Never>]) {
        let writer = RecordingWriter(holding: [1, 2])
        let queue = Self.queue(writer, target: target, window: window)
        var tasks = await Self.start(1...1, on: queue)
        try #require(await writer.hasStarted(1))
        tasks += await Self.start(2...3, on: queue, waiting: 2)
        writer.release(1)
        try #require(await writer.hasStarted(2))
        tasks += await Self.start(4...5, on: queue, waiting: 2)
        writer.release(2)
        return (writer, queue, tasks)
    }

    @Test func underLoadACommitWaitsUntilItsTargetOfFeedsIsWaiting() async throws {
        let (writer, queue, tasks) = try await Self.underLoad(target: 4, window: Self.longWindow)
        try await Task.sleep(for: .milliseconds(200))
        #expect(writer.written == [[1], [2, 3]], "2 waiting of a target of 4: still gathering")
        let more = await Self.start(6...7, on: queue)
        try #require(await writer.hasStarted(3))
        for task in tasks + more { #expect(await task.value) }
        #expect(writer.written == [[1], [2, 3], [4, 5, 6, 7]])
    }

    @Test func underLoadACommitStartsWhenItsWindowEndsShortOfTheTarget() async throws {
        let (writer, _, tasks) = try await Self.underLoad(target: 100, window: .milliseconds(100))
        // Polled, not awaited: a gathering the window failed to end would leave the ingests waiting.
        try #require(await writer.hasStarted(3))
        for task in tasks { #expect(await task.value) }
        #expect(writer.written == [[1], [2, 3], [4, 5]])
    }

    @Test func aQueueThatEmptiedWritesItsNextIngestAtOnce() async throws {
        let (writer, queue) = try await Self.afterOneHeldCommit(arriving: 2...3)
        // {2, 3} was a group of several, but nothing waited after it: the load is over.
        let next = await Self.start(4...4, on: queue)
        try #require(await writer.hasStarted(3))
        for task in next { #expect(await task.value) }
        #expect(writer.written == [[1], [2, 3], [4]])
    }

    @Test func aQueueThatMustNotGatherWritesWhatWaitsAtOnceEvenUnderLoad() async throws {
        let (writer, _, tasks) = try await Self.underLoad(target: IngestCommitQueue.GatherPolicy.none.target,
                                                          window: Self.longWindow)
        try #require(await writer.hasStarted(3))
        for task in tasks { #expect(await task.value) }
        #expect(writer.written == [[1], [2, 3], [4, 5]])
    }

    @Test func aStoreThatCommitsEachFeedAloneNeverGathers() {
        let policy = IngestCommitQueue.GatherPolicy.forStore(committingGroups: false, refreshesInFlight: 32)
        #expect(policy.target <= 1)
    }

    @Test func theTargetIsTwelveForTheMeasuredPassAndShrinksForSmallerOnes() {
        func target(_ inFlight: Int) -> Int {
            IngestCommitQueue.GatherPolicy.forStore(committingGroups: true, refreshesInFlight: inFlight).target
        }
        #expect(target(FetchPass.refreshesInFlight(concurrency: 8)) == 12)
        #expect(target(FetchPass.refreshesInFlight(concurrency: 16)) == 12)
        #expect(target(FetchPass.refreshesInFlight(concurrency: 2)) == 3)
        #expect(target(FetchPass.refreshesInFlight(concurrency: 1)) == 2)
    }
}
