import Foundation
import Glibc
import Synchronization
import TestSupport

/// The delay from a new item leaving the server to its exec hook starting, in the real `feedd run`.
///
/// One feed is served; the daemon stores its backlog (no hooks), then each repetition adds an item.
/// The server notes the wall-clock time it first served each new version; the hook, a two-line
/// shell script, appends `date +%s.%N` to a file as it starts. Both clocks are the same machine's
/// CLOCK_REALTIME. The poll interval (1 s) only decides when the daemon asks, not the delay measured.
enum HookLatencyBenchmark {
    static let repetitions = 10
    /// How long one repetition may wait for its hook; a miss ends the run.
    static let waitSeconds = 15.0

    /// The served feed: `version` new items on top of two old ones, its ETag naming the version.
    private struct ServedFeed {
        var version = 0
        var firstServed: [Int: Double] = [:]
    }

    /// The handler's state, shared with the server's connection threads.
    private final class SharedFeed: Sendable {
        let state = Mutex(ServedFeed())
    }

    static func run(_ feedd: String) -> Bool {
        guard let scratch = ScratchFolder("hooklatency") else { return false }
        defer { scratch.remove() }
        let shared = SharedFeed()
        guard let server = try? HTTPTestServer(handler: { answer($0, feed: shared) }) else {
            print("hook latency: cannot start the loopback server")
            return false
        }
        defer { server.stop() }
        let script = scratch.file("hook.sh"), times = scratch.file("hook-started.txt")
        // The time is taken first; then stdin (the item's JSON) is read to its end, as a real hook would.
        let scriptText = "#!/bin/sh\ndate +%s.%N >> \"$1\"\nexec cat > /dev/null\n"
        guard (try? Data(scriptText.utf8).write(to: URL(fileURLWithPath: script))) != nil, chmod(script, 0o755) == 0,
              (try? Data(configText(feed: server.url("/feed"), script: script, times: times).utf8)
                .write(to: URL(fileURLWithPath: scratch.file("feedd.toml")))) != nil else {
            print("hook latency: cannot write the hook script or config")
            return false
        }
        guard let daemon = ChildProcess.spawn([feedd, "run", "--config", scratch.file("feedd.toml")],
                                              stderr: scratch.file("daemon.log")) else {
            print("hook latency: cannot start feedd run")
            return false
        }
        defer { _ = daemon.stop() }
        // The backlog is taken once the daemon has come back for a second look.
        guard waitUntil(seconds: 30, { server.requestCount >= 2 }) else {
            print("hook latency: the daemon did not poll the feed twice within 30 s")
            return false
        }
        var delays: [Double] = []
        for version in 1...repetitions {
            shared.state.withLock { $0.version = version }
            guard waitUntil(seconds: waitSeconds, { lines(of: times).count >= version }) else {
                print("hook latency: no hook start for new item \(version) within \(Int(waitSeconds)) s")
                break
            }
            let started = lines(of: times)[version - 1]
            if let served = shared.state.withLock({ $0.firstServed[version] }) { delays.append(started - served) }
        }
        guard !delays.isEmpty else { return false }
        let sorted = delays.sorted()
        print("hook latency: new item served → exec hook started, \(delays.count) repetitions, one feed, interval 1s: "
            + "median \(milliseconds(Timing.median(delays))) ms (min \(milliseconds(sorted[0])), "
            + "max \(milliseconds(sorted[sorted.count - 1])))")
        return delays.count == repetitions
    }

    private static func answer(_ request: HTTPTestRequest, feed: SharedFeed) -> HTTPTestResponse {
        let version = feed.state.withLock { $0.version }
        let etag = "\"v\(version)\""
        if request.headers["If-None-Match"] == etag { return HTTPTestResponse(status: 304, headers: ["ETag": etag]) }
        var response = HTTPTestResponse.ok(body(version), contentType: "application/rss+xml")
        response.headers.add("ETag", etag)
        let now = Date().timeIntervalSince1970
        feed.state.withLock { state in
            if state.firstServed[version] == nil { state.firstServed[version] = now }
        }
        return response
    }

    private static func body(_ version: Int) -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Latency</title>"
            + "<link>http://example.org/</link><description>hook latency</description>\n"
        for item in (-2...version).reversed() where item != 0 {
            xml += "<item><title>Item \(item)</title><link>http://example.org/\(item)</link><guid>urn:latency:\(item)</guid>"
                + "<description>New item number \(item).</description></item>\n"
        }
        return Data((xml + "</channel></rss>\n").utf8)
    }

    private static func configText(feed: String, script: String, times: String) -> String {
        """
        [daemon]
        database = "feedd.sqlite"
        interval = "1s"
        min_interval = "1s"
        log_level = "warning"

        [[feed]]
        url = "\(feed)"
        name = "latency"
        follow_comments = false

        [[hook]]
        name = "stamp"
        exec = ["\(script)", "\(times)"]
        events = ["new"]

        """
    }

    private static func lines(of path: String) -> [Double] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Double($0) }
    }

    /// Polls `condition` every 5 ms for at most `seconds`.
    private static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    private static func milliseconds(_ seconds: Double) -> String { Timing.format(seconds * 1000, decimals: 1) }
}
