import CSQLite
import FeedDaemon
import FeedModel
import FeedStore
import Foundation
import TestSupport

/// Ingest of 100,000 new items into a fresh store, beside a bare-SQLite baseline of the same rows.
///
/// 200 feeds of 500 items, one `ingest` call (one transaction) per feed, two hooks per feed so
/// every item also writes two outbox rows; the feeds' backlog is already done, so all items are
/// new and notified. The baseline inserts the same fields with one prepared INSERT into a plain
/// table with the same UNIQUE(feed, key), one transaction per batch: no dedup lookups, no
/// JSON, no hashing, no search index, no outbox. The ratio is what feedd's bookkeeping costs.
/// `FEEDD_BENCH_INGEST_FEEDS=10` runs fewer feeds, small enough for `valgrind --tool=callgrind`.
func runIngestBenchmark() {
    let feedCount = ProcessInfo.processInfo.environment["FEEDD_BENCH_INGEST_FEEDS"].flatMap { Int($0) }.map { max(1, $0) } ?? 200
    let itemsPerFeed = 500
    let batches = (0..<feedCount).map { feed in (0..<itemsPerFeed).map { IngestBenchmarkData.entry(feed: feed, index: $0) } }
    let total = feedCount * itemsPerFeed
    do {
        let directory = try TemporaryDirectory(prefix: "feedd-bench-ingest")
        let (storeSeconds, storeCPU) = try IngestBenchmarkData.measure {
            try IngestBenchmarkData.timeStore(batches, path: directory.path("store.sqlite"))
        }
        if let keep = ProcessInfo.processInfo.environment["FEEDD_BENCH_INGEST_KEEP"] {
            // For analysis (`sqlite3 FILE "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"`).
            try? FileManager.default.copyItem(atPath: directory.path("store.sqlite"), toPath: keep)
        }
        // `FEEDD_BENCH_INGEST_BARE=0` leaves the baseline out, for a profile of the store alone.
        let (bareSeconds, bareCPU) = ProcessInfo.processInfo.environment["FEEDD_BENCH_INGEST_BARE"] == "0" ? (.nan, .nan)
            : try IngestBenchmarkData.measure {
                try IngestBenchmarkData.timeBareInserts(batches, path: directory.path("bare.sqlite"))
            }
        let storeRate = Double(total) / storeSeconds
        let bareRate = Double(total) / bareSeconds
        print("ingest: \(total) new items in \(feedCount) feeds, batches of \(itemsPerFeed), 2 hooks each")
        print(String(format: "  feedd Store.ingest   %8.2f s wall %9.0f items/s   %6.2f s CPU %9.0f items/CPU-s",
                     storeSeconds, storeRate, storeCPU, Double(total) / storeCPU))
        print(String(format: "  bare sqlite3 INSERT  %8.2f s wall %9.0f items/s   %6.2f s CPU %9.0f items/CPU-s",
                     bareSeconds, bareRate, bareCPU, Double(total) / bareCPU))
        print(String(format: "  ratio                %8.2fx slower than bare inserts", storeSeconds / bareSeconds))
        print(String(format: "  database + WAL       %8.1f MB feedd, %.1f MB bare",
                     IngestBenchmarkData.megabytes(directory.path("store.sqlite")),
                     IngestBenchmarkData.megabytes(directory.path("bare.sqlite"))))
    } catch {
        print("ingest: benchmark failed: \(error)")
    }
}

private enum IngestBenchmarkData {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)
    static let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris. "

    /// A typical blog article: ~2 KB of HTML, a summary, an author, a comments page.
    static func entry(feed: Int, index: Int) -> Entry {
        let html = "<p>Article \(index) of feed \(feed).</p>" + String(repeating: "<p>\(paragraph)</p>", count: 9)
        return Entry(guid: "https://site\(feed).example/?p=\(index)", url: "https://site\(feed).example/\(index)/a-longer-article-slug/",
                     title: "Article \(index) of feed \(feed): a headline of realistic length",
                     contentHTML: html, summary: String(paragraph.prefix(200)),
                     published: start.addingTimeInterval(TimeInterval(-60 * index)),
                     authors: [Author(name: "Author \(index % 7)")],
                     commentsURL: "https://site\(feed).example/\(index)/#comments")
    }

    /// Runs `body`, which returns its own wall time, and adds the process CPU time (user + system) it took.
    static func measure(_ body: () throws -> Double) rethrows -> (wall: Double, cpu: Double) {
        let before = cpuSeconds()
        let wall = try body()
        return (wall, cpuSeconds() - before)
    }

    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func megabytes(_ path: String) -> Double {
        let files = [path, path + "-wal"]
        let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
        return Double(bytes) / 1_048_576
    }

    static func timeStore(_ batches: [[Entry]], path: String) throws -> Double {
        let store = try Store(path: path)
        let subscriptions = batches.indices.map { FeedSubscription(name: "feed\($0)", url: "https://site\($0).example/feed") }
        _ = try store.syncConfiguredFeeds(subscriptions, now: start)
        let feedIDs = try store.feeds().map(\.id)
        let routes = [HookRoute(hook: "desktop", events: [.new, .comment]), HookRoute(hook: "chat", events: [.new])]
        let planner = IngestPlanner()
        for id in feedIDs { _ = try store.ingest(feedID: id, entries: [], routes: routes, now: start, policy: planner) }
        let clock = ContinuousClock()
        var stored = 0
        let elapsed = try clock.measure {
            for (id, batch) in zip(feedIDs, batches) {
                stored += try store.ingest(feedID: id, entries: batch, routes: routes, now: start, policy: planner).newItems.count
            }
        }
        guard stored == batches.reduce(0, { $0 + $1.count }) else { throw BenchmarkFailure("stored only \(stored) items") }
        return elapsed.seconds
    }

    static func timeBareInserts(_ batches: [[Entry]], path: String) throws -> Double {
        var database: OpaquePointer?
        guard sqlite3_open(path, &database) == SQLITE_OK, let database else { throw BenchmarkFailure("cannot open \(path)") }
        defer { sqlite3_close(database) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
                throw BenchmarkFailure(String(cString: sqlite3_errmsg(database)))
            }
        }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try exec("""
            CREATE TABLE items (id INTEGER PRIMARY KEY, feed_id INTEGER NOT NULL, identity_key TEXT NOT NULL, guid TEXT,
                url TEXT, title TEXT, summary TEXT, content_html TEXT, published REAL, first_seen REAL NOT NULL,
                UNIQUE (feed_id, identity_key))
            """)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, """
            INSERT INTO items (feed_id, identity_key, guid, url, title, summary, content_html, published, first_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, -1, &statement, nil) == SQLITE_OK, let statement else { throw BenchmarkFailure("cannot prepare") }
        defer { sqlite3_finalize(statement) }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for (feed, batch) in batches.enumerated() {
                try exec("BEGIN")
                for entry in batch {
                    sqlite3_bind_int64(statement, 1, Int64(feed))
                    let texts = ["guid:" + (entry.guid ?? ""), entry.guid, entry.url, entry.title, entry.summary, entry.contentHTML]
                    for (offset, text) in texts.enumerated() {
                        sqlite3_bind_text(statement, Int32(offset + 2), text, -1, csqlite_transient())
                    }
                    sqlite3_bind_double(statement, 8, entry.published?.timeIntervalSince1970 ?? 0)
                    sqlite3_bind_double(statement, 9, start.timeIntervalSince1970)
                    guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchmarkFailure(String(cString: sqlite3_errmsg(database))) }
                    sqlite3_reset(statement)
                }
                try exec("COMMIT")
            }
        }
        return elapsed.seconds
    }
}

private struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
