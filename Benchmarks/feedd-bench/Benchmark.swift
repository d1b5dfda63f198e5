/// The benchmarks `feedd-bench` knows. To add one, add a case and its line in `run()`.
enum Benchmark: String, CaseIterable {
    /// `FeedParser.parse` against a bare libxml2 reader pass over a generated ~20 MB RSS feed.
    case parser
    /// FeedFetcher against `curl --parallel` moving the same files from a loopback server.
    case fetch
    /// `Store.ingest` of 100,000 new items against bare SQLite inserts of the same rows.
    case ingest

    /// Runs the benchmark and prints its result lines; false when it could not measure.
    func run() -> Bool {
        switch self {
        case .parser: return ParserBenchmark.run()
        case .fetch: runFetchBenchmark(); return true
        case .ingest: runIngestBenchmark(); return true
        }
    }
}
