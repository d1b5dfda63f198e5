import CSQLite
import Foundation

/// Issue 12's cold cycles: the release `feedd fetch` (child process, empty store) over the
/// `ColdCycleCorpus` served by nginx on 127.0.0.1, beside `curl --parallel --compressed` moving
/// the same URLs at the same concurrency.
///
/// A: the main feeds only (`follow_comments = false`); targets ≤ 1.5x curl's wall and ≤ 1.5 ms
/// CPU per feed. B: with every comment feed (~32k requests, ~480k items); target ≤ 2x curl's
/// wall. Then the warm cycle over B's store (`fetch --all`, every answer a 304); target ≤ 0.2 ms
/// CPU per 304. nginx rather than the in-process `StaticSiteServer`: at 32k requests and 900 MB
/// the Swift server's own CPU would share the two cores with the client measured, and the issue's
/// baseline figures were taken against nginx with gzip and ETags.
/// `FEEDD_BENCH_COLD_SITES=200` runs a tenth of the corpus for a quick look.
enum ColdCycleBenchmark {
    static let concurrency = 8
    /// No single run may take longer than this; a hung child is killed.
    static let timeoutSeconds = 900.0

    static var sites: Int {
        ProcessInfo.processInfo.environment["FEEDD_BENCH_COLD_SITES"].flatMap { Int($0) }.map { min(max(4, $0), 2_000) } ?? 2_000
    }

    static func run() -> Bool {
        guard let feedd = FeeddBinary.path else {
            print("coldcycle: " + FeeddBinary.missing)
            return false
        }
        let corpus = ColdCycleCorpus(sites: sites)
        let reused = corpus.isPresent
        do {
            let seconds = try Timing.seconds { try corpus.prepare() }
            if !reused { print("coldcycle: corpus written to \(corpus.root) in \(Timing.format(seconds)) s") }
        } catch {
            print("coldcycle: cannot write the corpus to \(corpus.root): \(error)")
            return false
        }
        guard let scratch = ScratchFolder("coldcycle") else {
            print("coldcycle: cannot create a scratch folder")
            return false
        }
        defer { scratch.remove() }
        let nginx: NginxServer
        switch NginxServer.start(root: corpus.root, scratch: scratch) {
        case .success(let server): nginx = server
        case .failure(let failure):
            print("coldcycle: \(failure)")
            return false
        }
        defer { nginx.stop() }
        let bytes = corpus.bytes()
        print("coldcycle: \(corpus.sites) sites (WordPress RSS 2.0, Atom, RDF, ISO-8859-1 RSS) × \(ColdCycleCorpus.itemsPerSite) "
            + "items, each with a comment feed: \(corpus.mainPaths.count) main feeds (\(Timing.format(Double(bytes.main) / 1e6, decimals: 0)) MB), "
            + "\(corpus.commentPaths.count) comment feeds (\(Timing.format(Double(bytes.comments) / 1e6, decimals: 0)) MB)\(reused ? ", reused" : "")")
        print("  nginx on 127.0.0.1 (gzip, ETags); feedd: release binary, empty store, concurrency \(concurrency), "
            + "per_host \(concurrency); curl --parallel --parallel-max \(concurrency) --compressed")
        let mains = corpus.mainPaths.map { nginx.baseURL + $0 }
        let all = mains + corpus.commentPaths.map { nginx.baseURL + $0 }

        let runA = Run(name: "a", followComments: false, scratch: scratch, mainURLs: mains)
        let coldA = runA.fetch(feedd, label: "A feedd fetch, cold, mains", arguments: ["fetch"], requests: mains.count)
        let storedA = runA.stored()
        let curlA = curl(mains, etags: nil, label: "A curl, mains (200)", scratch: scratch)
        let runB = Run(name: "b", followComments: true, scratch: scratch, mainURLs: mains)
        let coldB = runB.fetch(feedd, label: "B feedd fetch, cold, +comments", arguments: ["fetch"], requests: all.count)
        let storedB = runB.stored()
        let curlB = curl(all, etags: nil, label: "B curl, all URLs (200)", scratch: scratch)
        let warm = runB.fetch(feedd, label: "W feedd fetch --all, warm (304)", arguments: ["fetch", "--all"], requests: all.count)
        let paths = corpus.mainPaths + corpus.commentPaths
        let curlWarm = curl(all, etags: paths.map { NginxServer.etag(ofFileAt: corpus.root + $0) }, label: "W curl, all URLs (304)",
                            scratch: scratch)

        print("  " + PollCycleBenchmark.Row.header)
        for row in [coldA, curlA, coldB, curlB, warm, curlWarm] { print("  " + row.line) }
        for (row, stored) in [(coldA, storedA), (coldB, storedB)] { print("  \(row.label): \(stored); \(row.note)") }
        if !warm.note.isEmpty { print("  \(warm.label): \(warm.note)") }
        report(coldA, curlA, coldB, curlB, warm, curlWarm)
        return coldA.usage != nil && coldB.usage != nil && warm.usage != nil
    }

    private static func report(_ coldA: PollCycleBenchmark.Row, _ curlA: PollCycleBenchmark.Row, _ coldB: PollCycleBenchmark.Row,
                               _ curlB: PollCycleBenchmark.Row, _ warm: PollCycleBenchmark.Row, _ curlWarm: PollCycleBenchmark.Row) {
        func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
        if let a = coldA.usage, let curl = curlA.usage {
            let perFeed = a.cpuSeconds / Double(coldA.requests) * 1e3
            let wall = a.wallSeconds / curl.wallSeconds
            print("  target 3 (A): \(Timing.format(wall, decimals: 2))x curl's wall (≤ 1.5x: \(verdict(wall <= 1.5))), "
                + "\(Timing.format(perFeed, decimals: 2)) ms CPU per feed (≤ 1.5 ms: \(verdict(perFeed <= 1.5))); "
                + "CPU \(Timing.format(a.cpuSeconds / curl.cpuSeconds, decimals: 1))x curl's")
        }
        if let b = coldB.usage, let curl = curlB.usage {
            let wall = b.wallSeconds / curl.wallSeconds
            print("  target 4 (B): \(Timing.format(wall, decimals: 2))x curl's wall (≤ 2x: \(verdict(wall <= 2))); "
                + "CPU \(Timing.format(b.cpuSeconds / curl.cpuSeconds, decimals: 1))x curl's, "
                + "\(Timing.format(b.cpuSeconds / Double(coldB.requests) * 1e3, decimals: 2)) ms CPU per feed")
        }
        if let perRequest = warm.cpuMicrosPerRequest {
            let curlPart = curlWarm.cpuMicrosPerRequest.map { "; curl with the same ETags \(Timing.format($0, decimals: 0)) µs" } ?? ""
            print("  target 6 (W): \(Timing.format(perRequest / 1e3, decimals: 3)) ms CPU per 304 (≤ 0.2 ms: "
                + "\(verdict(perRequest <= 200)))\(curlPart)")
        }
    }

    /// One store and config: a cold `feedd fetch` into it, then (for B) the warm one.
    private struct Run {
        let directory: String
        let config: String

        init(name: String, followComments: Bool, scratch: ScratchFolder, mainURLs: [String]) {
            directory = scratch.file(name)
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            config = directory + "/feedd.toml"
            var text = """
                # feedd-bench coldcycle: one host serves every feed, so per_host = concurrency.
                [daemon]
                database = "feedd.sqlite"
                concurrency = \(ColdCycleBenchmark.concurrency)
                per_host = \(ColdCycleBenchmark.concurrency)
                log_level = "warning"

                """
            // The corpus's dates are fixed; a window of a hundred years keeps every article's comments followed.
            for (index, url) in mainURLs.enumerated() {
                text += "\n[[feed]]\nurl = \"\(url)\"\nname = \"site-\(index)\"\nfollow_comments = \(followComments)\n"
                    + "comments_window = \"36500d\"\n"
            }
            try? Data(text.utf8).write(to: URL(fileURLWithPath: config))
        }

        func fetch(_ feedd: String, label: String, arguments: [String], requests: Int) -> PollCycleBenchmark.Row {
            let output = directory + "/fetch-out.txt", errors = directory + "/fetch-err.txt"
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: errors)
            let usage = ChildProcess.run([feedd] + arguments + ["--config", config], timeout: ColdCycleBenchmark.timeoutSeconds,
                                         stdout: output, stderr: errors)
            let summary = (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
            var row = PollCycleBenchmark.Row(label: label, requests: requests, usage: usage, note: summary)
            if let usage, usage.exitStatus != 0 {
                let firstError = (try? String(contentsOfFile: errors, encoding: .utf8))?.split(separator: "\n").first ?? ""
                row.note += " [exit \(usage.exitStatus)] \(firstError)"
                if usage.exitStatus > 1 { row.usage = nil }
            }
            return row
        }

        /// What the store holds after a cold fetch, for the report.
        func stored() -> String {
            "stored \(count("SELECT count(*) FROM items")) items, "
                + "\(count("SELECT count(*) FROM feeds WHERE last_status = 200")) feeds answered 200"
        }

        /// One number from the run's store.
        func count(_ sql: String) -> Int {
            var database: OpaquePointer?
            guard sqlite3_open_v2(directory + "/feedd.sqlite", &database, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
                sqlite3_close(database)
                return -1
            }
            defer { sqlite3_close(database) }
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK else { return -1 }
            defer { sqlite3_finalize(statement) }
            return sqlite3_step(statement) == SQLITE_ROW ? Int(sqlite3_column_int64(statement, 0)) : -1
        }
    }

    /// `curl --parallel --compressed` over `urls`, bodies to /dev/null; with `etags`, each request
    /// sends its If-None-Match (one `next` group per URL).
    private static func curl(_ urls: [String], etags: [String?]?, label: String, scratch: ScratchFolder) -> PollCycleBenchmark.Row {
        var row = PollCycleBenchmark.Row(label: label, requests: urls.count, usage: nil)
        guard let curl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return row }
        var lines = ""
        for (index, url) in urls.enumerated() {
            if index > 0, etags != nil { lines += "next\n" }
            // Per URL: with `next`, each group takes only its own options.
            lines += "url = \"\(url)\"\noutput = \"/dev/null\"\ncompressed\n"
            if let etag = etags?[index] {
                lines += "header = \"If-None-Match: \(etag.replacingOccurrences(of: "\"", with: "\\\""))\"\n"
            }
        }
        let config = scratch.file("curl.conf")
        guard (try? Data(lines.utf8).write(to: URL(fileURLWithPath: config))) != nil else { return row }
        let usage = ChildProcess.run([curl, "--parallel", "--parallel-immediate", "--parallel-max", String(concurrency),
                                      "-s", "--no-progress-meter", "-K", config], timeout: timeoutSeconds)
        if let usage, usage.exitStatus == 0 { row.usage = usage }
        return row
    }
}
