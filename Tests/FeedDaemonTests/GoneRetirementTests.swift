import FeedStore
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import FeedDaemon

/// 410 Gone through the real refresh path (loopback HTTP, SQLite): a feed is retired only after
/// repeated 410s from its own URL over at least a day, and comes back when re-added to the config.
@Suite(.serialized) struct GoneRetirementTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let feedBody = #"<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>"#

    static func runtime(_ server: GoneServer, path: String = "/feed", directory: TemporaryDirectory) throws -> Runtime {
        try Runtime(config: config(server, path: path, directory: directory), now: start)
    }

    static func config(_ server: GoneServer, path: String, directory: TemporaryDirectory) throws -> Config {
        let text = """
        [daemon]
        database = "feedd.sqlite"
        [[feed]]
        url = "\(server.server.url(path))"
        name = "site"
        follow_comments = false
        """
        return try ConfigLoader.parse(text: text, path: directory.path("feedd.toml"))
    }

    /// Refreshes the one main feed at `hours` after the start.
    static func refresh(_ runtime: Runtime, atHour hours: Double) async throws -> RefreshOutcome {
        let feed = try #require(try runtime.store.feeds().first { $0.kind == .main })
        return await runtime.refresher.refresh(feed, now: start.addingTimeInterval(hours * 3600))
    }

    static func mainFeed(_ runtime: Runtime) throws -> FeedRecord? {
        try runtime.store.feeds().first { $0.kind == .main }
    }

    @Test func oneGoneAnswerLeavesTheFeedActiveWithBackoff() async throws {
        let server = try GoneServer()
        defer { server.server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory)
        let outcome = try await Self.refresh(runtime, atHour: 0)

        #expect(outcome.isFailure, "\(outcome.status)")
        let feed = try #require(try Self.mainFeed(runtime))
        #expect(feed.isActive)
        #expect(feed.fetchState.lastStatus == 410)
        #expect(feed.fetchState.nextPollAt > Self.start)
    }

    @Test func goneAnswersRetireTheFeedOnlyOnceThreeCameOverADay() async throws {
        let server = try GoneServer()
        defer { server.server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory)
        for hour in [0.0, 10, 20] {
            let outcome = try await Self.refresh(runtime, atHour: hour)
            #expect(outcome.isFailure, "hour \(hour): \(outcome.status)")
        }
        #expect(try Self.mainFeed(runtime)?.isActive == true)

        let last = try await Self.refresh(runtime, atHour: 25)
        guard case .retired(let reason) = last.status else { Issue.record("expected retirement, got \(last.status)"); return }
        #expect(reason.contains("410"))
        let feed = try #require(try Self.mainFeed(runtime))
        #expect(!feed.isActive)
        #expect(feed.retiredReason == reason)
    }

    @Test func goneFromATemporaryRedirectsTargetNeverRetiresTheFeed() async throws {
        let server = try GoneServer()
        defer { server.server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, path: "/moved", directory: directory)
        for hour in stride(from: 0.0, through: 96, by: 12) {
            let outcome = try await Self.refresh(runtime, atHour: hour)
            #expect(outcome.isFailure, "hour \(hour): \(outcome.status)")
        }
        let feed = try #require(try Self.mainFeed(runtime))
        #expect(feed.isActive)
        #expect(feed.fetchState.lastStatus == 410)
    }

    @Test func aGoodAnswerBetweenGoneAnswersStartsTheCountAgain() async throws {
        let server = try GoneServer()
        defer { server.server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory)
        _ = try await Self.refresh(runtime, atHour: 0)
        _ = try await Self.refresh(runtime, atHour: 12)
        server.setGone(false)
        #expect(try await Self.refresh(runtime, atHour: 20).status == .fetched)
        server.setGone(true)
        for hour in [26.0, 30] {
            let outcome = try await Self.refresh(runtime, atHour: hour)
            #expect(outcome.isFailure, "hour \(hour): \(outcome.status)")
        }
        #expect(try Self.mainFeed(runtime)?.isActive == true)
    }

    @Test func aFeedRetiredForGoneIsActiveAgainOnceRemovedAndReAdded() async throws {
        let server = try GoneServer()
        defer { server.server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory)
        for hour in [0.0, 10, 20, 25] { _ = try await Self.refresh(runtime, atHour: hour) }
        try #require(try Self.mainFeed(runtime)?.isActive == false)
        let config = try Self.config(server, path: "/feed", directory: directory)
        let subscription = Runtime.subscription(config.feeds[0], in: config)

        let later = Self.start.addingTimeInterval(30 * 3600)
        _ = try runtime.store.syncConfiguredFeeds([], now: later)
        let report = try runtime.store.syncConfiguredFeeds([subscription], now: later)

        #expect(report.reactivated == ["site"])
        let feed = try #require(try Self.mainFeed(runtime))
        #expect(feed.isActive)
        #expect(feed.fetchState.nextPollAt <= later)
        // The old streak is forgotten: one more 410 does not retire it again at once.
        #expect(try await Self.refresh(runtime, atHour: 31).isFailure)
        #expect(try Self.mainFeed(runtime)?.isActive == true)
    }
}

/// A server whose `/feed` answers 410 or a feed, as the test sets; `/moved` redirects
/// temporarily to `/elsewhere`, which always answers 410.
final class GoneServer: Sendable {
    private final class Switch: Sendable {
        let isGone = Atomic<Bool>(true)
    }

    private let state = Switch()
    let server: HTTPTestServer

    init() throws {
        let state = self.state
        server = try HTTPTestServer { request in
            switch request.path {
            case "/moved": return .redirect(302, to: "/elsewhere")
            case "/elsewhere": return .status(410, text: "gone")
            default:
                return state.isGone.load(ordering: .sequentiallyConsistent)
                    ? .status(410, text: "gone") : .ok(GoneRetirementTests.feedBody, contentType: "application/rss+xml")
            }
        }
    }

    /// Whether `/feed` answers 410 from now on.
    func setGone(_ gone: Bool) { state.isGone.store(gone, ordering: .sequentiallyConsistent) }
}
