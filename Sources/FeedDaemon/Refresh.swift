import FeedFetcher
import FeedModel
import FeedParser
import FeedStore
import Foundation

/// The one path from a feed to stored items and outbox rows: fetch, parse, dedupe, store, enqueue.
///
/// `feedd fetch` and `feedd run` both call `refresh(_:now:)`; only the scheduling around it differs.
/// It never throws, and every way it can end schedules the feed's next poll: a failure of any kind
/// (fetch, parse, an HTML page, the store while ingesting or recording, cancellation) is recorded
/// with the error backoff, and when even that record cannot be written, the outcome carries the
/// backoff in `unrecordedNextPoll` for the daemon to hold the feed in memory. A feed left due by a
/// failure was polled again at once, round after round: thousands of requests a second.
public struct Refresher: Sendable {
    public let config: Config
    public let store: any RefreshStoring
    public let fetcher: Fetcher
    public let pollPolicy: PollPolicy
    public let commentPolicy: CommentFeedPolicy
    /// A number in 0..<1 for schedule jitter; injected so tests can pin it.
    public let jitter: @Sendable () -> Double
    /// What the config decides for each configured main feed (its comment feeds share it), by
    /// name: worked out once instead of scanning the feed and hook lists on every refresh.
    private let plans: [String: FeedPlan]
    /// Where ingests meet to share a commit (group commit).
    private let commits: IngestCommitQueue

    /// One configured main feed's settings as every refresh of it (and of its comment feeds) needs them.
    private struct FeedPlan {
        /// The hooks that may fire, with their events and block/allow rules.
        var routes: [HookRoute]
        /// The rules every ingest applies (backlog, comment window, blocked items, outbox rows)
        /// with the feed's own block/allow rules; the store asks them.
        var planner: IngestPlanner
        var addressPolicy: OutboundAddressPolicy
        /// How the config sets the feed's interval.
        var intervalSetting: IntervalSetting
    }

    public init(config: Config, store: any RefreshStoring, fetcher: Fetcher,
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        MallocTuning.applied
        self.config = config
        self.store = store
        self.fetcher = fetcher
        let daemon = config.daemon
        self.pollPolicy = PollPolicy(minInterval: daemon.minInterval.timeInterval, maxInterval: daemon.maxInterval.timeInterval)
        self.commentPolicy = CommentFeedPolicy(minInterval: daemon.minInterval.timeInterval,
                                               maxInterval: max(daemon.interval.timeInterval * 4, daemon.minInterval.timeInterval))
        self.jitter = jitter
        var plans: [String: FeedPlan] = [:]
        for feedConfig in config.feeds where plans[feedConfig.name] == nil {
            let routes = config.hooks(for: feedConfig).map {
                HookRoute(hook: $0.name, events: $0.events, admits: ItemRules.predicate([feedConfig.rules, $0.rules]),
                          collectsDigest: $0.digest != nil)
            }
            plans[feedConfig.name] = FeedPlan(routes: routes,
                                              planner: IngestPlanner(feedRules: ItemRules.predicate([feedConfig.rules])),
                                              addressPolicy: config.addressPolicy(for: feedConfig),
                                              intervalSetting: config.intervalSetting(of: feedConfig))
        }
        self.plans = plans
        let gathering = IngestCommitQueue.GatherPolicy.forStore(
            committingGroups: store.commitsGroupsTogether,
            refreshesInFlight: FetchPass.refreshesInFlight(concurrency: config.daemon.concurrency))
        self.commits = IngestCommitQueue(policy: gathering) { (group: [FeedIngest]) throws(StoreError) in
            try store.ingest(group)
        }
    }

    /// Refreshes one feed once.
    public func refresh(_ feed: FeedRecord, now: Date) async -> RefreshOutcome {
        await refresh(feed, now: now, batchingNotModified: false)
    }

    /// Refreshes one feed once; with `batchingNotModified`, a 304 is not written but returned in
    /// `unrecordedNotModified` for the caller to record with others in one transaction.
    func refresh(_ feed: FeedRecord, now: Date, batchingNotModified: Bool) async -> RefreshOutcome {
        var outcome = RefreshOutcome(feedID: feed.id, feedName: feed.name, url: feed.url,
                                     isCommentFeed: feed.kind == .comments, status: .notModified)
        var interval = ScheduleBasis(interval: feed.interval ?? config.daemon.interval.timeInterval, setting: nil,
                                     autoEstimate: nil)
        do {
            let article = try parentArticle(of: feed)
            if let article, let reason = try expiredWindow(feed, article: article, now: now) {
                try store.retireFeed(feedID: feed.id, reason: reason)
                outcome.status = .retired(reason)
                return outcome
            }
            interval = try scheduleBasis(for: feed, article: article, now: now)
            let rootName = mainFeedName(of: feed, article: article)
            try await poll(feed, rootName: rootName, interval: interval, now: now,
                           batchingNotModified: batchingNotModified, into: &outcome)
        } catch {
            // The store (reading the feed's article, writing items or the poll) or anything else
            // failed: still a failed poll, with backoff like any other.
            recordFailure("\(feed.name) <\(feed.url)>: \(error)", status: nil, feed: feed, interval: interval,
                          retryNotBefore: nil, now: now, into: &outcome)
        }
        return outcome
    }

    private func poll(_ feed: FeedRecord, rootName: String?, interval: ScheduleBasis, now: Date,
                      batchingNotModified: Bool, into outcome: inout RefreshOutcome) async throws {
        let request = FetchRequest(url: feed.url, etag: feed.fetchState.etag, lastModified: feed.fetchState.lastModified,
                                   addressPolicy: addressPolicy(forMainFeedNamed: rootName))
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            if Task.isCancelled {
                // Shutting down: an aborted transfer says nothing about the feed, so nothing is
                // stored; should the daemon go on anyway, it holds the feed for a backoff.
                outcome.status = .failed("\(feed.name): fetch: \(feed.url): cancelled at shutdown")
                outcome.nextPoll = failureNextPoll(feed: feed, interval: interval, retryNotBefore: nil, now: now).next
                outcome.unrecordedNextPoll = outcome.nextPoll
                return
            }
            try recordFetchFailure(error, feed: feed, interval: interval, now: now, into: &outcome)
            return
        }
        if let target = response.permanentRedirectURL, target != feed.url {
            let sighting = try store.recordRedirectSighting(feedID: feed.id, to: target)
            if RedirectAdoption.shouldAdopt(sighting) { try store.adoptRedirect(feedID: feed.id, to: target) }
        }
        if response.isNotModified {
            // A 304 has no body and often no Cache-Control: the hints of the last 200 hold.
            let stored = feed.schedule
            let (next, note) = nextPoll(interval: interval, feed: feed, ttl: stored?.ttl,
                                        cacheMaxAge: response.cacheMaxAge ?? stored?.cacheMaxAge,
                                        updatePeriod: stored?.updatePeriod, now: now)
            let record = NotModifiedRecord(feedID: feed.id, at: now, nextPollAt: next, schedule: note)
            if batchingNotModified {
                outcome.unrecordedNotModified = record
            } else {
                try store.recordNotModified([record])
            }
            outcome.nextPoll = next
            return
        }
        try await ingest(response, feed: feed, rootName: rootName, interval: interval, now: now, into: &outcome)
    }

    /// The address policy of a main feed's requests and of its comment feeds' (the most
    /// restrictive one for a feed whose main feed is no longer configured).
    func addressPolicy(forMainFeedNamed name: String?) -> OutboundAddressPolicy {
        name.flatMap { plans[$0]?.addressPolicy } ?? .publicOnly(trustedHosts: [])
    }

    private func ingest(_ response: FetchResponse, feed: FeedRecord, rootName: String?, interval: ScheduleBasis, now: Date,
                        into outcome: inout RefreshOutcome) async throws {
        let bodyHash = SHA256.hex(response.body)
        if bodyHash == feed.fetchState.bodyHash {
            // The same bytes as last time: nothing to parse, only fresh validators to keep.
            let (next, note) = nextPoll(interval: interval, feed: feed, ttl: feed.schedule?.ttl,
                                        cacheMaxAge: response.cacheMaxAge, updatePeriod: feed.schedule?.updatePeriod, now: now)
            try store.recordSuccess(feedID: feed.id, SuccessRecord(
                at: now, etag: response.etag, lastModified: response.lastModified, bodyHash: bodyHash,
                status: response.status, nextPollAt: next, feedTitle: feed.fetchState.title,
                homePageURL: feed.fetchState.homePageURL, schedule: note))
            outcome.nextPoll = next
            return
        }
        let parsed: Feed
        do {
            parsed = try parse(response)
        } catch {
            recordFailure("\(feed.name): \(error)", status: response.status, feed: feed, interval: interval,
                          retryNotBefore: nil, now: now, into: &outcome)
            return
        }
        let plan = rootName.flatMap { plans[$0] }
        let routes = plan?.routes ?? []
        var interval = interval
        if interval.setting?.isAuto == true {
            // The items just fetched count too: a feed's first fetch already shows its rhythm.
            let fetched = parsed.entries.compactMap { $0.published ?? $0.modified }.filter { $0 <= now }
            interval.autoEstimate = AutoInterval.interval(itemDates: interval.storedItemDates + fetched)
        }
        let (next, note) = nextPoll(interval: interval, feed: feed, ttl: parsed.ttl, cacheMaxAge: response.cacheMaxAge,
                                    updatePeriod: parsed.syndicationInterval, now: now)
        var success = SuccessRecord(at: now, etag: response.etag, lastModified: response.lastModified, bodyHash: bodyHash,
                                    status: response.status, nextPollAt: next, feedTitle: parsed.title,
                                    homePageURL: parsed.homePageURL, schedule: note)
        success.warning = Self.statusWarning(parsed.warnings)
        let result = try await commits.ingest(FeedIngest(feedID: feed.id, entries: parsed.entries, routes: routes, now: now,
                                                         success: success, policy: plan?.planner ?? IngestPlanner())).get()
        outcome.status = .fetched
        outcome.newItems = result.wasBacklog ? 0 : result.newItems.count
        outcome.backlogItems = result.wasBacklog ? result.newItems.count : 0
        outcome.updatedItems = result.updatedItems.count
        outcome.registeredCommentFeeds = result.registeredCommentFeeds.map(\.id)
        outcome.warnings = Self.parseWarnings(parsed.warnings) + result.warnings
        outcome.nextPoll = next
    }

    /// Parser warnings shown per refresh (a broken feed says so in `feedd fetch` and the log).
    static let maxParseWarningsShown = 5

    /// The one line `feedd status` keeps of a parse's warnings: the first, and how many more.
    static func statusWarning(_ warnings: [String]) -> String? {
        guard let first = warnings.first else { return nil }
        return warnings.count > 1 ? "\(first) (and \(warnings.count - 1) more)" : first
    }

    /// The parser's warnings for the outcome: the first few, then how many more there were.
    static func parseWarnings(_ warnings: [String]) -> [String] {
        let shown = warnings.prefix(maxParseWarningsShown).map { "parse: " + $0 }
        let more = warnings.count - shown.count
        return more > 0 ? shown + ["parse: \(more) more warnings"] : shown
    }

    /// The body as a feed; an HTML page is an error that names the feeds the page advertises.
    private func parse(_ response: FetchResponse) throws -> Feed {
        if FeedDiscovery.looksLikeHTML(response.body) {
            let advertised = FeedDiscovery.discover(html: response.body, baseURL: response.finalURL).map(\.url)
            let hint = advertised.isEmpty ? "it advertises no feed" : "it advertises " + advertised.joined(separator: ", ")
            throw RefreshError.htmlPage(url: response.finalURL, hint: hint)
        }
        return try FeedParser.parse(response.body, contentType: response.contentType, baseURL: response.finalURL)
    }

    private func recordFetchFailure(_ error: FetchError, feed: FeedRecord, interval: ScheduleBasis, now: Date,
                                    into outcome: inout RefreshOutcome) throws {
        let message = "\(feed.name): \(error.description)"
        switch error {
        case .gone:
            try recordGone(message, feed: feed, interval: interval, now: now, into: &outcome)
        case .rateLimited(_, let status, let retryAfter):
            recordFailure(message, status: status, feed: feed, interval: interval,
                          retryNotBefore: pollPolicy.retryNotBefore(retryAfter, now: now), now: now, into: &outcome)
        case .http(_, let status):
            recordFailure(message, status: status, feed: feed, interval: interval, retryNotBefore: nil,
                          now: now, into: &outcome)
        default:
            recordFailure(message, status: nil, feed: feed, interval: interval, retryNotBefore: nil,
                          now: now, into: &outcome)
        }
    }

    /// A 410 Gone from the feed's own URL (the fetcher reports a temporary redirect's 410 as an
    /// ordinary HTTP error): a failed poll with backoff, and retirement once `GoneRetirement` says so.
    private func recordGone(_ message: String, feed: FeedRecord, interval: ScheduleBasis, now: Date,
                            into outcome: inout RefreshOutcome) throws {
        let (next, note) = failureNextPoll(feed: feed, interval: interval, retryNotBefore: nil, now: now)
        outcome.nextPoll = next
        let streak = try store.recordGone(feedID: feed.id, at: now, error: message, nextPollAt: next, schedule: note)
        let since = RFC3339.format(streak.since)
        if GoneRetirement.shouldRetire(streak, now: now) {
            let reason = "410 Gone from \(feed.url), \(streak.count) times in a row since \(since)"
            try store.retireFeed(feedID: feed.id, reason: reason)
            outcome.status = .retired(reason)
            outcome.nextPoll = nil
        } else {
            outcome.status = .failed("\(message) (\(streak.count) in a row since \(since); retired after "
                + "\(GoneRetirement.answersToRetire) over at least \(CommentFeedPolicy.wholeDays(GoneRetirement.spanToRetire))d)")
        }
    }

    /// Records a failure with exponential backoff; a server's `Retry-After` pushes the next poll further.
    ///
    /// When the store cannot take the record either, the outcome keeps the backoff in
    /// `unrecordedNextPoll`, so the daemon holds the feed in memory instead of polling it again at once.
    private func recordFailure(_ message: String, status: Int?, feed: FeedRecord, interval: ScheduleBasis,
                               retryNotBefore: Date?, now: Date, into outcome: inout RefreshOutcome) {
        let (next, note) = failureNextPoll(feed: feed, interval: interval, retryNotBefore: retryNotBefore, now: now)
        outcome.nextPoll = next
        do {
            try store.recordFailure(feedID: feed.id, at: now, status: status, error: message, nextPollAt: next,
                                    retryNotBefore: retryNotBefore, schedule: note)
            outcome.status = .failed(message)
        } catch {
            outcome.status = .failed("\(message); the failure could not be recorded either: \(error)")
            outcome.unrecordedNextPoll = next
        }
    }

    /// The next poll after one more failure: the backoff for the feed's error count, with jitter,
    /// and not before a server's `Retry-After`; the note keeps the stored hints.
    private func failureNextPoll(feed: FeedRecord, interval: ScheduleBasis, retryNotBefore: Date?,
                                 now: Date) -> (next: Date, note: ScheduleNote) {
        let errors = feed.fetchState.consecutiveErrors
        let delay = pollPolicy.backoff(interval: interval.interval, consecutiveErrors: errors < Int.max ? errors + 1 : errors)
        let next = pollPolicy.nextPoll(after: now, interval: delay, unit: jitter())
        var note = ScheduleNote(intervalSeconds: delay, reason: .backoff, ttl: feed.schedule?.ttl,
                                cacheMaxAge: feed.schedule?.cacheMaxAge, updatePeriod: feed.schedule?.updatePeriod)
        if let retryNotBefore, retryNotBefore > next {
            note.reason = .retryAfter
            note.intervalSeconds = retryNotBefore.timeIntervalSince(now)
            return (retryNotBefore, note)
        }
        return (next, note)
    }

    /// The next poll after a successful one, and the note that says why it is then.
    private func nextPoll(interval: ScheduleBasis, feed: FeedRecord, ttl: TimeInterval?, cacheMaxAge: TimeInterval?,
                          updatePeriod: TimeInterval?, now: Date) -> (next: Date, note: ScheduleNote) {
        let chosen: (seconds: TimeInterval, reason: IntervalReason)
        if let setting = interval.setting {
            chosen = pollPolicy.interval(for: setting, ttl: ttl, cacheMaxAge: cacheMaxAge, autoEstimate: interval.autoEstimate,
                                         fallback: config.daemon.interval.timeInterval)
        } else {
            chosen = (interval.interval, .commentAge)
        }
        let note = ScheduleNote(intervalSeconds: chosen.seconds, reason: chosen.reason, ttl: ttl, cacheMaxAge: cacheMaxAge,
                                updatePeriod: updatePeriod)
        return (pollPolicy.nextPoll(after: now, interval: chosen.seconds, unit: jitter()), note)
    }

    /// What a feed's schedule starts from: a comment feed's age-based interval, or a main feed's
    /// setting with its publishing-rate estimate (for `"auto"`) and the interval before any hint.
    private func scheduleBasis(for feed: FeedRecord, article: ArticleDates?, now: Date) throws -> ScheduleBasis {
        if let article {
            let age = now.timeIntervalSince(article.publishedOrSeen)
            return ScheduleBasis(interval: commentPolicy.interval(articleAge: age), setting: nil, autoEstimate: nil)
        }
        let fallback = config.daemon.interval.timeInterval
        let setting = plans[feed.name]?.intervalSetting ?? feed.interval.map(IntervalSetting.own) ?? .daemonDefault(fallback)
        let dates = setting.isAuto ? try store.recentItemDates(feedID: feed.id, limit: AutoInterval.sampleSize, now: now) : []
        let estimate = AutoInterval.interval(itemDates: dates)
        let base = pollPolicy.interval(for: setting, ttl: nil, cacheMaxAge: nil, autoEstimate: estimate, fallback: fallback)
        return ScheduleBasis(interval: base.seconds, setting: setting, autoEstimate: estimate, storedItemDates: dates)
    }

    /// Why a comment feed should stop being polled, if it should: the window closed, or the
    /// article left its main feed and its comments went quiet.
    private func expiredWindow(_ feed: FeedRecord, article: ArticleDates, now: Date) throws -> String? {
        let age = now.timeIntervalSince(article.publishedOrSeen)
        if commentPolicy.isExpired(articleAge: age, window: feed.commentsWindow) {
            return "comment window closed (article older than \(CommentFeedPolicy.wholeDays(feed.commentsWindow))d)"
        }
        guard commentPolicy.hasLeftFeed(articleLastSeen: article.lastSeen, feedLastListing: article.feedLastListing)
        else { return nil }
        let comments = try store.itemActivity(feedID: feed.id)
        guard commentPolicy.isAbandoned(articleLastSeen: article.lastSeen, feedLastListing: article.feedLastListing,
                                        lastComment: comments.newestItem, followedSince: feed.createdAt, now: now)
        else { return nil }
        return "the article left its feed and its comments have been quiet for \(CommentFeedPolicy.wholeDays(CommentFeedPolicy.quietPeriod))d"
    }

    /// The article a comment feed belongs to; nil for a main feed.
    private func parentArticle(of feed: FeedRecord) throws -> ArticleDates? {
        guard feed.kind == .comments, let parentID = feed.parentItemID else { return nil }
        return try store.articleDates(id: parentID)
    }

    /// The name of the configured main feed this feed answers to: its own for a main feed, its
    /// article's feed for a comment feed (nil when that article is gone). Hook routes and the
    /// address policy are the main feed's.
    func mainFeedName(of feed: FeedRecord, article: ArticleDates?) -> String? {
        feed.kind == .comments ? article?.feedName : feed.name
    }
}

/// What one poll's schedule starts from.
struct ScheduleBasis: Sendable {
    /// The interval before hints (the base of the error backoff), in seconds.
    var interval: TimeInterval
    /// How the config sets a main feed's interval; nil for a comment feed (its article's age decides).
    var setting: IntervalSetting?
    /// `AutoInterval`'s figure for an automatic setting, when the feed's items give one.
    var autoEstimate: TimeInterval?
    /// The dates of the feed's newest stored items (read only for an automatic setting).
    var storedItemDates: [Date] = []
}

/// Refresh failures that are neither the fetcher's nor the parser's.
enum RefreshError: Error, CustomStringConvertible {
    case htmlPage(url: String, hint: String)

    var description: String {
        switch self {
        case .htmlPage(let url, let hint): "parse: \(url): an HTML page, not a feed (\(hint))"
        }
    }
}
