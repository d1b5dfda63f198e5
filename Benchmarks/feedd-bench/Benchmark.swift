/// The benchmarks `feedd-bench` knows. To add one, add a case and its line in `run()`.
enum Benchmark: String, CaseIterable {
    /// `FeedParser.parse` against a bare libxml2 reader pass over a generated ~20 MB RSS feed.
    case parser
    /// FeedFetcher against `curl --parallel` moving the same files from a loopback server.
    case fetch

    /// Runs the benchmark and prints its result lines; false when it could not measure.
    func run() -> Bool {
        switch self {
        case .parser: return ParserBenchmark.run()
        case .fetch: runFetchBenchmark(); return true
        }
    }
}
