import Foundation
import TestSupport

/// DESIGN.md: "Memory of the daemon grows with the number of feeds, not with their size." The real
/// release `feedd run` schedules `feeds` small feeds from a loopback server at the shortest intervals
/// the config accepts (1 s), so its poll cycles follow each other as fast as it can work; a cycle is
/// counted each time the server has answered another `feeds` requests (every feed polled once more
/// on average). After each cycle the daemon's VmRSS and VmHWM are read from /proc.
/// Then `HookLatencyBenchmark` measures the delay from a new item served to its hook starting.
enum DaemonBenchmark {
    /// `FEEDD_BENCH_DAEMON_FEEDS` (100–100,000) runs another number, e.g. a few hundred under
    /// valgrind for `make text-order`.
    static let feeds = ProcessInfo.processInfo.environment["FEEDD_BENCH_DAEMON_FEEDS"].flatMap { Int($0) }
        .map { min(max(100, $0), 100_000) } ?? 10_000
    static let cycles = 10
    static let concurrency = 16
    /// The whole memory run is bounded by this; cycles not reached by then are reported missing.
    static let deadlineSeconds = 240.0

    static func run() -> Bool {
        guard let feedd = FeeddBinary.path else {
            print("daemon: " + FeeddBinary.missing)
            return false
        }
        let memory = measureMemory(feedd)
        let latency = HookLatencyBenchmark.run(feedd)
        return memory && latency
    }

    private struct Sample {
        var cycle: Int
        var seconds: Double
        var rssKiB: Int
        var peakKiB: Int
        var anonKiB: Int
        var fileKiB: Int
        var cpuSeconds: Double
    }

    private static func measureMemory(_ feedd: String) -> Bool {
        guard let site = try? StaticSiteServer(), let scratch = ScratchFolder("daemon") else {
            print("daemon: cannot start the loopback server or create a scratch folder")
            return false
        }
        defer { site.stop(); scratch.remove() }
        var bytes = 0
        for index in 0..<feeds {
            let body = smallFeed(index)
            bytes += body.count
            site.set("/d/\(index)/feed", body: body, contentType: "application/rss+xml")
        }
        let config = scratch.file("feedd.toml")
        guard (try? Data(configText(site).utf8).write(to: URL(fileURLWithPath: config))) != nil else {
            print("daemon: cannot write \(config)")
            return false
        }
        print("daemon: `feedd run` with \(feeds) feeds of ~\(bytes / feeds / 1024) KB (3 items, follow_comments = false) "
            + "from 127.0.0.1; min_interval = interval = 1s, concurrency \(concurrency), per_host \(concurrency)")
        guard let daemon = ChildProcess.spawn([feedd, "run", "--config", config], stderr: scratch.file("daemon.log")) else {
            print("daemon: cannot start feedd run")
            return false
        }
        var samples: [Sample] = []
        while samples.count < cycles, daemon.elapsedSeconds < deadlineSeconds {
            usleep(20_000)
            guard let status = daemon.memory() else { break }  // the daemon is gone
            if site.server.requestCount >= (samples.count + 1) * feeds {
                samples.append(Sample(cycle: samples.count + 1, seconds: daemon.elapsedSeconds, rssKiB: status.rssKiB,
                                      peakKiB: status.peakKiB, anonKiB: status.anonKiB, fileKiB: status.fileKiB,
                                      cpuSeconds: daemon.cpuSeconds() ?? 0))
            }
        }
        let usage = daemon.stop()
        let log = (try? String(contentsOfFile: scratch.file("daemon.log"), encoding: .utf8)) ?? ""
        report(samples, usage: usage, requests: site.server.requestCount, log: log)
        return samples.count == cycles
    }

    private static func report(_ samples: [Sample], usage: ChildProcess.Usage, requests: Int, log: String) {
        let megabytes = { (kib: Int) in Timing.format(Double(kib) / 1024) }
        guard let first = samples.first, let last = samples.last else {
            print("  no cycle finished within \(Int(deadlineSeconds)) s (exit \(usage.exitStatus)); log: "
                + (log.split(separator: "\n").first.map(String.init) ?? "empty"))
            return
        }
        print("  RSS after each cycle (MB): " + samples.map { megabytes($0.rssKiB) }.joined(separator: " "))
        print("    of which anonymous (heaps, stacks): " + samples.map { megabytes($0.anonKiB) }.joined(separator: " "))
        print("    and pages of files (the binary, libraries): " + samples.map { megabytes($0.fileKiB) }.joined(separator: " "))
        var cycleTimes: [Double] = []
        var cycleCPU: [Double] = []
        for (previous, next) in zip(samples, samples.dropFirst()) {
            cycleTimes.append(next.seconds - previous.seconds)
            cycleCPU.append(next.cpuSeconds - previous.cpuSeconds)
        }
        print("  cycle 1 (cold: 200s, \(feeds * 3) items stored): \(Timing.format(first.seconds)) s from start, "
            + "\(Timing.format(first.cpuSeconds)) s CPU; RSS \(megabytes(first.rssKiB)) MB")
        if !cycleTimes.isEmpty {
            let seconds = Timing.median(cycleTimes), cpu = Timing.median(cycleCPU)
            print("  cycles 2–\(last.cycle) (all 304): median \(Timing.format(seconds, decimals: 2)) s wall, "
                + "\(Timing.format(cpu, decimals: 2)) s CPU per cycle = \(Timing.format(cpu / Double(feeds) * 1e6, decimals: 0)) µs CPU per feed")
        }
        let growth = Double(last.rssKiB - first.rssKiB) / 1024
        let steady = Double(last.rssKiB - samples[min(1, samples.count - 1)].rssKiB) / 1024
        let signed = { (value: Double) in (value >= 0 ? "+" : "") + Timing.format(value) }
        print("  RSS after cycle 1: \(megabytes(first.rssKiB)) MB, after cycle \(last.cycle): \(megabytes(last.rssKiB)) MB "
            + "(\(signed(growth)) MB; cycle 2 → \(last.cycle): \(signed(steady)) MB), peak (VmHWM) \(megabytes(last.peakKiB)) MB; "
            + "exit \(usage.exitStatus) after SIGTERM")
        if samples.count < cycles {
            print("  only \(samples.count) of \(cycles) cycles within \(Int(deadlineSeconds)) s (\(requests) requests)")
        }
        // SIGTERM cancels the round in flight; each feed it had not finished logs one such line.
        let warnings = log.split(separator: "\n")
            .filter { ($0.contains("warning") || $0.contains("error")) && !$0.contains("cancelled at shutdown") }
        if !warnings.isEmpty { print("  daemon logged \(warnings.count) warnings/errors, first: \(warnings[0])") }
    }

    /// About 1.3 KB: a channel and three items.
    static func smallFeed(_ index: Int) -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
            + "<title>Feed \(index)</title><link>http://example.org/\(index)/</link><description>small</description>\n"
        for item in 0..<3 {
            xml += "<item><title>Item \(item) of feed \(index)</title><link>http://example.org/\(index)/\(item)</link>"
                + "<guid>urn:feed:\(index):\(item)</guid><pubDate>Mon, 02 Mar 2026 10:\(10 + item):00 GMT</pubDate>"
                + "<description>\(String(repeating: "Lorem ipsum dolor sit amet. ", count: 8))</description></item>\n"
        }
        return Data((xml + "</channel></rss>\n").utf8)
    }

    private static func configText(_ site: StaticSiteServer) -> String {
        var text = """
            # feedd-bench daemon: the shortest intervals the config accepts; one host serves every feed.
            [daemon]
            database = "feedd.sqlite"
            interval = "1s"
            min_interval = "1s"
            concurrency = \(concurrency)
            per_host = \(concurrency)
            log_level = "warning"

            """
        for index in 0..<feeds {
            text += "\n[[feed]]\nurl = \"\(site.url("/d/\(index)/feed"))\"\nname = \"feed-\(index)\"\nfollow_comments = false\n"
        }
        return text
    }
}

extension ChildProcess {
    /// User + system CPU of the running child so far, from /proc/PID/stat.
    func cpuSeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": field 3 is the state; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
