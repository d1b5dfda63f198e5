import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// Which feeds a config sync stops: all the config leaves out on a SQLite store (one daemon owns
/// it), only what this daemon's config dropped on a shared PostgreSQL store.
@Suite struct FeedListOwnershipTests {
    static func config(_ names: [String], database: String) throws -> Config {
        var text = "[daemon]\ndatabase = \"\(database)\"\n"
        for name in names { text += "\n[[feed]]\nname = \"\(name)\"\nurl = \"https://\(name).example/feed\"\n" }
        return try ConfigLoader.parse(text: text, path: "/etc/feedd/feedd.toml", environment: [:])
    }

    static let shared = "postgresql://feedd@db.example/feedd"

    @Test func aSQLiteStoreStopsEveryFeedTheConfigLeavesOut() throws {
        let old = try Self.config(["a", "b"], database: "feedd.sqlite"), new = try Self.config(["a"], database: "feedd.sqlite")
        #expect(FeedListOwnership.unlisted(in: new.daemon.store, previous: old, current: new) == .all)
        #expect(FeedListOwnership.unlisted(in: new.daemon.store, previous: nil, current: new) == .all)
    }

    @Test func aSharedStoreStopsNothingAtStart() throws {
        let config = try Self.config(["a"], database: Self.shared)
        #expect(FeedListOwnership.unlisted(in: config.daemon.store, previous: nil, current: config) == .named([]))
    }

    @Test func aReloadOnASharedStoreStopsOnlyWhatThisConfigDropped() throws {
        let old = try Self.config(["a", "b", "c"], database: Self.shared)
        let new = try Self.config(["a", "d"], database: Self.shared)
        #expect(FeedListOwnership.unlisted(in: new.daemon.store, previous: old, current: new) == .named(["b", "c"]))
    }

    @Test func aReloadOntoAnotherSharedStoreStopsNothingThere() throws {
        let old = try Self.config(["a", "b"], database: Self.shared)
        let new = try Self.config(["a"], database: "postgresql://feedd@other.example/feedd")
        #expect(FeedListOwnership.unlisted(in: new.daemon.store, previous: old, current: new) == .named([]))
    }

    /// What the rule means in a store: a feed another daemon's config lists stays active when this
    /// daemon starts without it, and stops when this daemon's reload drops it.
    @Test func anotherDaemonsFeedSurvivesThisDaemonsStartButNotItsOwnDrop() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("shared.sqlite"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let theirs = try Self.config(["a", "b"], database: Self.shared)
        let mine = try Self.config(["c"], database: Self.shared)
        let subscriptions = { (config: Config) in config.feeds.map { Runtime.subscription($0, in: config) } }
        _ = try store.syncConfiguredFeeds(subscriptions(theirs), stopping: FeedListOwnership.unlisted(
            in: theirs.daemon.store, previous: nil, current: theirs), now: now)
        _ = try store.syncConfiguredFeeds(subscriptions(mine), stopping: FeedListOwnership.unlisted(
            in: mine.daemon.store, previous: nil, current: mine), now: now)
        #expect(Set(try store.feeds().filter(\.isActive).map(\.name)) == ["a", "b", "c"])
        let theirsWithoutB = try Self.config(["a"], database: Self.shared)
        _ = try store.syncConfiguredFeeds(subscriptions(theirsWithoutB), stopping: FeedListOwnership.unlisted(
            in: theirsWithoutB.daemon.store, previous: theirs, current: theirsWithoutB), now: now)
        #expect(Set(try store.feeds().filter(\.isActive).map(\.name)) == ["a", "c"])
    }
}
