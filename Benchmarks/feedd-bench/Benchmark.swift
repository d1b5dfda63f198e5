/// The benchmarks `feedd-bench` knows. To add one, add a case and its line in `run()`.
enum Benchmark: String, CaseIterable {
    /// `FeedParser.parse` against a bare libxml2 reader pass over a generated ~20 MB RSS feed.
    case parser
    /// The whole `feedd parse FILE` process, JSON out, against `xmllint --stream` on the same file.
    case parsecommand
    /// 16 MiB of invalid bytes in each legacy charset: every one parses in under a second.
    case charsets
    /// FeedFetcher against `curl --parallel` moving the same files from a loopback server.
    case fetch
    /// `Store.ingest` of 100,000 new items against bare SQLite inserts of the same rows.
    case ingest
    /// `feedd fetch` (release binary, child process) cold and warm over 2,000 feeds and their comment
    /// feeds, beside `curl --parallel` moving the same URLs.
    case pollcycle
    /// Issue 12's cold cycles: `feedd fetch` over 2,000 generated sites and their 30,000 comment feeds
    /// served by nginx, then the all-304 warm cycle, each beside `curl --parallel --compressed`.
    case coldcycle
    /// `feedd run` with 10,000 feeds: resident memory across 10 poll cycles, and new item → hook delay.
    case daemon
    /// The cold cycle on PostgreSQL beside SQLite, and 1, 2 and 3 processes sharing one PostgreSQL store.
    case sharedstore

    /// Runs the benchmark and prints its result lines; false when it could not measure.
    func run() -> Bool {
        switch self {
        case .parser: return ParserBenchmark.run()
        case .parsecommand: return ParseCommandBenchmark.run()
        case .charsets: return CharsetBenchmark.run()
        case .fetch: runFetchBenchmark(); return true
        case .ingest: runIngestBenchmark(); return true
        case .pollcycle: return PollCycleBenchmark.run()
        case .coldcycle: return ColdCycleBenchmark.run()
        case .daemon: return DaemonBenchmark.run()
        case .sharedstore: return SharedStoreBenchmark.run()
        }
    }
}
