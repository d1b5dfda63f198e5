import FeedFetcher
import Foundation
import Glibc
import Synchronization
import TestSupport

/// Fetches the same few thousand small feeds from one loopback server with FeedFetcher and with
/// `curl --parallel` at the same concurrency, in the same run, and prints requests/s of both, their
/// ratio, CPU per request, and the CPU time of a 304 response (a second pass with ETags).
func runFetchBenchmark() {
    let fileCount = 3_000
    let concurrency = 16
    let rounds = 3
    let site: StaticSiteServer
    do { site = try StaticSiteServer() } catch {
        print("fetch: cannot start the loopback server: \(error)")
        return
    }
    defer { site.stop() }
    let urls = (0..<fileCount).map { index -> String in
        site.set("/feeds/\(index).xml", body: FetchBenchmarkFeeds.feed(index), contentType: "application/rss+xml")
        return site.url("/feeds/\(index).xml")
    }
    let fetcher = Fetcher(options: FetcherOptions(concurrency: concurrency, perHost: concurrency))
    defer { fetcher.shutdown() }
    _ = FetchBenchmarkRun.fetchAll(fetcher, urls: Array(urls.prefix(200)), etags: nil)  // warm up

    var curlBest: FetchBenchmarkRun.Measurement?
    var feeddBest: FetchBenchmarkRun.Measurement?
    var etags: [String: String] = [:]
    for _ in 0..<rounds {
        if let curl = FetchBenchmarkRun.curl(urls: urls, concurrency: concurrency, server: site.server) {
            curlBest = curlBest.map { $0.seconds < curl.seconds ? $0 : curl } ?? curl
        }
        let (feedd, validators) = FetchBenchmarkRun.fetchAll(fetcher, urls: urls, etags: nil, server: site.server)
        feeddBest = feeddBest.map { $0.seconds < feedd.seconds ? $0 : feedd } ?? feedd
        etags = validators
    }
    var notModifiedBest: FetchBenchmarkRun.Measurement?
    for _ in 0..<rounds {
        let (pass, _) = FetchBenchmarkRun.fetchAll(fetcher, urls: urls, etags: etags, server: site.server)
        notModifiedBest = notModifiedBest.map { $0.seconds < pass.seconds ? $0 : pass } ?? pass
    }

    let kilobytes = Double(FetchBenchmarkFeeds.feed(0).count) / 1024
    print("fetch: \(fileCount) files of ~\(String(format: "%.1f", kilobytes)) KB from 127.0.0.1 (in-process server), "
          + "concurrency \(concurrency), best of \(rounds)")
    if let feeddBest { print("  FeedFetcher      " + feeddBest.line) }
    if let curlBest {
        print("  curl --parallel  " + curlBest.line)
        if let feeddBest {
            let ratio = feeddBest.seconds / curlBest.seconds
            print("  ratio FeedFetcher time / curl time: \(String(format: "%.2f", ratio))× (target ≤ 1.2×)")
        }
    } else {
        print("  curl --parallel  not available (curl missing?)")
    }
    if let notModifiedBest {
        print("  FeedFetcher 304  " + notModifiedBest.line + "  ← CPU time per 304 response")
    }
}

/// The benchmark's feeds: RSS of about 5 KB, each different.
enum FetchBenchmarkFeeds {
    static func feed(_ index: Int) -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
            + "<title>Feed \(index)</title><link>http://example.org/\(index)/</link>\n"
        for item in 0..<12 {
            xml += "<item><title>Article \(item) of feed \(index)</title>"
                + "<link>http://example.org/\(index)/\(item)</link><guid>urn:feed:\(index):\(item)</guid>"
                + "<pubDate>Mon, 02 Nov 2026 10:\(10 + item):00 GMT</pubDate>"
                + "<description>\(String(repeating: "Lorem ipsum dolor sit amet. ", count: 10))</description></item>\n"
        }
        return Data((xml + "</channel></rss>\n").utf8)
    }
}

/// One timed pass of each client.
enum FetchBenchmarkRun {
    struct Measurement {
        var requests: Int
        var seconds: Double
        /// CPU seconds of the client alone (the in-process server's share is subtracted).
        var clientCPU: Double
        var failures: Int

        var line: String {
            let rate = Double(requests) / seconds
            let cpuMicros = clientCPU / Double(requests) * 1e6
            let failed = failures > 0 ? "  (\(failures) failed)" : ""
            return String(format: "%8.0f req/s  %6.3f s  client CPU %6.1f µs/request", rate, seconds, cpuMicros) + failed
        }
    }

    static func processCPU(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(Int32(who.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// All URLs through FeedFetcher at once; returns the measurement and the ETags seen.
    static func fetchAll(_ fetcher: Fetcher, urls: [String], etags: [String: String]?,
                         server: HTTPTestServer? = nil) -> (Measurement, [String: String]) {
        let result = Mutex<([String: String], Int)>(([:], 0))
        let done = DispatchSemaphore(value: 0)
        let serverCPU = server?.cpuSeconds ?? 0
        let cpu = processCPU(RUSAGE_SELF)
        let start = ContinuousClock.now
        Task.detached {
            await withTaskGroup(of: (String, String?, Bool).self) { group in
                for url in urls {
                    group.addTask {
                        do {
                            let response = try await fetcher.fetch(FetchRequest(url: url, etag: etags?[url]))
                            return (url, response.etag, true)
                        } catch {
                            return (url, nil, false)
                        }
                    }
                }
                for await (url, etag, ok) in group {
                    result.withLock { state in
                        if let etag { state.0[url] = etag }
                        if !ok { state.1 += 1 }
                    }
                }
            }
            done.signal()
        }
        done.wait()
        let elapsed = ContinuousClock.now - start
        let clientCPU = processCPU(RUSAGE_SELF) - cpu - ((server?.cpuSeconds ?? 0) - serverCPU)
        let (seenTags, failures) = result.withLock { $0 }
        return (Measurement(requests: urls.count, seconds: seconds(elapsed), clientCPU: clientCPU, failures: failures), seenTags)
    }

    /// All URLs through `curl --parallel`, bodies to /dev/null, URLs from a config file.
    static func curl(urls: [String], concurrency: Int, server: HTTPTestServer) -> Measurement? {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-bench-curl-\(UUID().uuidString).conf")
        defer { try? FileManager.default.removeItem(at: config) }
        let lines = urls.map { "url = \"\($0)\"\noutput = \"/dev/null\"\n" }.joined()
        guard (try? Data(lines.utf8).write(to: config)) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--parallel", "--parallel-immediate", "--parallel-max", String(concurrency),
                             "-s", "--no-progress-meter", "-K", config.path]
        process.standardError = FileHandle.nullDevice
        let cpu = processCPU(RUSAGE_CHILDREN)
        let requestsBefore = server.requestCount
        let start = ContinuousClock.now
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else { return nil }
        let served = server.requestCount - requestsBefore
        return Measurement(requests: urls.count, seconds: seconds(elapsed),
                           clientCPU: processCPU(RUSAGE_CHILDREN) - cpu, failures: urls.count - served)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
