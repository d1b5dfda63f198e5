import FeedStore
import Foundation

/// What one refresh of one feed did; `feedd fetch` sums these into its summary line and the daemon logs them.
public struct RefreshOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        /// A 200 that was parsed and ingested.
        case fetched
        /// A 304, or a 200 whose body hash equals the last one: nothing parsed.
        case notModified
        /// The feed failed this time; the message names the feed, the URL and the cause.
        case failed(String)
        /// The server said 410 Gone again and again over a day, or the comment window closed: the feed is retired.
        case retired(String)
    }

    public var feedID: Int64
    public var feedName: String
    public var url: String
    public var isCommentFeed: Bool
    public var status: Status
    public var newItems: Int
    /// Items stored without hooks because this was the feed's first fetch (its backlog).
    public var backlogItems: Int
    public var updatedItems: Int
    /// Comment feeds this refresh registered; a pass fetches them before it ends.
    public var registeredCommentFeeds: [Int64]
    public var nextPoll: Date?
    /// A 304 that the caller asked to record itself, in a batch with others; nil when recorded.
    public var unrecordedNotModified: NotModifiedRecord?
    /// What the store left out of an ingest (a value it cannot hold, comment feeds past the cap), for the log.
    public var warnings: [String] = []
    /// The next poll this refresh scheduled but the store could not record (it failed to write):
    /// the daemon must hold the feed until then itself, or the still-due feed is polled again at once.
    public var unrecordedNextPoll: Date?

    public init(feedID: Int64, feedName: String, url: String, isCommentFeed: Bool, status: Status,
                newItems: Int = 0, backlogItems: Int = 0, updatedItems: Int = 0,
                registeredCommentFeeds: [Int64] = [], nextPoll: Date? = nil) {
        self.feedID = feedID
        self.feedName = feedName
        self.url = url
        self.isCommentFeed = isCommentFeed
        self.status = status
        self.newItems = newItems
        self.backlogItems = backlogItems
        self.updatedItems = updatedItems
        self.registeredCommentFeeds = registeredCommentFeeds
        self.nextPoll = nextPoll
    }

    public var isFailure: Bool {
        if case .failed = status { return true }
        return false
    }
}

/// The totals of one pass over many feeds.
public struct PassSummary: Sendable, Equatable {
    public var fetched = 0
    public var notModified = 0
    public var failed = 0
    public var retired = 0
    public var newItems = 0
    public var newComments = 0
    public var updatedItems = 0
    public var backlogItems = 0
    public var failures: [String] = []
    /// Feeds whose poll could not be recorded in the store, with the next poll each should have had.
    public var unrecordedNextPolls: [Int64: Date] = [:]
    /// Feeds left out because another process (`feedd run` beside `feedd fetch`) was polling them.
    public var heldElsewhere = 0
    /// Why the store could not take the claims of some feeds (they were not polled; counted in `failed`).
    public var claimFailures: [String] = []
    /// Whether some feeds went unpolled because the store could not claim them.
    public var claimFailed: Bool { !claimFailures.isEmpty }

    public init() {}

    public mutating func add(_ outcome: RefreshOutcome) {
        switch outcome.status {
        case .fetched: fetched += 1
        case .notModified: notModified += 1
        case .failed(let message): failed += 1; failures.append(message)
        case .retired: retired += 1
        }
        if outcome.isCommentFeed { newComments += outcome.newItems } else { newItems += outcome.newItems }
        updatedItems += outcome.updatedItems
        backlogItems += outcome.backlogItems
        if let next = outcome.unrecordedNextPoll { unrecordedNextPolls[outcome.feedID] = next }
    }

    /// The one summary line `feedd fetch` always prints.
    public var line: String {
        "\(fetched) fetched, \(notModified) not modified, \(failed) failed\(retired > 0 ? ", \(retired) retired" : ""); "
            + "\(newItems) new items, \(newComments) new comments, \(updatedItems) updated"
            + (backlogItems > 0 ? ", \(backlogItems) backlog items stored without hooks" : "")
            + (heldElsewhere > 0 ? "; \(heldElsewhere) feeds left to another feedd polling them" : "")
    }
}
