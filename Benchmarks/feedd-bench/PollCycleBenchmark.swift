import Foundation
import TestSupport

/// DESIGN.md: "a poll cycle over thousands of feeds on loopback costs little more than moving the
/// bytes (curl alone), and an all-304 cycle is nearly free."
///
/// The real release `feedd fetch` runs as a child process against generated main feeds and their
/// comment feeds on a loopback server inside this process; the kernel's accounting of the child
/// (`wait4`) gives its wall time, CPU and peak memory. `curl --parallel` at the same concurrency
/// moves the same URLs beside it, once plain (all 200) and once with the ETags (all 304).
enum PollCycleBenchmark {
    static let feeds = 2_000
    static let itemsPerFeed = 10
    static let concurrency = 16
    /// No single run may take longer than this; a hung child is killed.
    static let timeoutSeconds = 300.0

    static func run() -> Bool {
        guard let feedd = FeeddBinary.path else {
            print("pollcycle: " + FeeddBinary.missing)
            return false
        }
        guard let site = try? StaticSiteServer(), let scratch = ScratchFolder("pollcycle") else {
            print("pollcycle: cannot start the loopback server or create a scratch folder")
            return false
        }
        defer { site.stop(); scratch.remove() }
        let web = PollCycleSite(feeds: feeds, itemsPerFeed: itemsPerFeed, on: site)
        let urls = web.mainURLs + web.commentURLs
        let config = scratch.file("feedd.toml")
        guard (try? Data(configText(web).utf8).write(to: URL(fileURLWithPath: config))) != nil else {
            print("pollcycle: cannot write \(config)")
            return false
        }
        print("pollcycle: \(feeds) RSS feeds × \(itemsPerFeed) items + \(web.commentURLs.count) comment feeds "
            + "(\(web.comments) comments) = \(urls.count) URLs, \(Timing.format(Double(web.bytes) / 1e6)) MB, "
            + "from one in-process server on 127.0.0.1")
        print("  concurrency \(concurrency), per_host \(concurrency) (one host serves every feed, so the per-host "
            + "bound is lifted to the total); feedd = the release binary as a child process")

        var rows: [Row] = []
        let cold = fetch(feedd, ["fetch", "--config", config], label: "feedd fetch, cold (200)", site: site, scratch: scratch)
        rows.append(cold)
        let warm = fetch(feedd, ["fetch", "--all", "--config", config], label: "feedd fetch --all, warm (304)",
                         site: site, scratch: scratch)
        rows.append(warm)
        let curlCold = curl(urls, etags: nil, label: "curl --parallel (200)", site: site, scratch: scratch)
        let curlWarm = curl(urls, etags: urls.map { site.file(path(of: $0))?.etag }, label: "curl --parallel (304)",
                            site: site, scratch: scratch)
        rows += [curlCold, curlWarm].compactMap { $0 }

        print("  " + Row.header)
        for row in rows { print("  " + row.line) }
        for row in [cold, warm] where !row.note.isEmpty { print("  \(row.label): \(row.note)") }
        if let curlCold, cold.usage != nil, let ratio = cold.ratio(to: curlCold) {
            print("  feedd cold / curl: wall \(ratio.wall)×, CPU \(ratio.cpu)×")
        }
        if let perFeed = warm.cpuMicrosPerRequest {
            let curlPart = curlWarm?.cpuMicrosPerRequest.map { " (curl with the same ETags: \(Timing.format($0, decimals: 0)) µs)" } ?? ""
            print("  warm cycle: \(Timing.format(perFeed, decimals: 0)) µs CPU per feed\(curlPart)")
        }
        if curlCold == nil { print("  curl: not available (missing, or it failed)") }
        return cold.usage != nil && warm.usage != nil
    }

    /// One line of the table.
    struct Row {
        var label: String
        var requests: Int
        var usage: ChildProcess.Usage?
        var note: String = ""

        static let header = "client                          requests   wall s    CPU s  CPU µs/req  peak RSS"

        var cpuMicrosPerRequest: Double? {
            guard let usage, requests > 0 else { return nil }
            return usage.cpuSeconds / Double(requests) * 1e6
        }

        var line: String {
            let name = label.padding(toLength: 30, withPad: " ", startingAt: 0)
            guard let usage else { return name + "  failed" }
            return name + String(format: "  %8d  %7.2f  %7.2f  %10.0f  %5.0f MB", requests, usage.wallSeconds,
                                 usage.cpuSeconds, cpuMicrosPerRequest ?? 0, Double(usage.maxRSSKiB) / 1024)
        }

        func ratio(to other: Row) -> (wall: String, cpu: String)? {
            guard let mine = usage, let theirs = other.usage, theirs.wallSeconds > 0, theirs.cpuSeconds > 0 else { return nil }
            return (Timing.format(mine.wallSeconds / theirs.wallSeconds, decimals: 2),
                    Timing.format(mine.cpuSeconds / theirs.cpuSeconds, decimals: 2))
        }
    }

    private static func fetch(_ feedd: String, _ arguments: [String], label: String, site: StaticSiteServer,
                              scratch: ScratchFolder) -> Row {
        let before = site.server.requestCount
        let output = scratch.file("fetch-out.txt"), errors = scratch.file("fetch-err.txt")
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: errors)
        let usage = ChildProcess.run([feedd] + arguments, timeout: timeoutSeconds, stdout: output, stderr: errors)
        let requests = site.server.requestCount - before
        let summary = (try? String(contentsOfFile: output, encoding: .utf8))?
            .split(separator: "\n").last.map(String.init) ?? ""
        var row = Row(label: label, requests: requests, usage: usage, note: summary)
        if let usage, usage.exitStatus != 0 {
            let firstError = (try? String(contentsOfFile: errors, encoding: .utf8))?.split(separator: "\n").first ?? ""
            row.note += " [exit \(usage.exitStatus)] \(firstError)"
            if usage.exitStatus > 1 { row.usage = nil }
        }
        return row
    }

    /// `curl --parallel` over `urls`, bodies to /dev/null; with `etags`, each request sends its
    /// If-None-Match (one `next` group per URL).
    private static func curl(_ urls: [String], etags: [String?]?, label: String, site: StaticSiteServer,
                             scratch: ScratchFolder) -> Row? {
        guard let curl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return nil }
        var lines = ""
        for (index, url) in urls.enumerated() {
            if index > 0, etags != nil { lines += "next\n" }
            lines += "url = \"\(url)\"\noutput = \"/dev/null\"\n"
            if let etag = etags?[index] {
                lines += "header = \"If-None-Match: \(etag.replacingOccurrences(of: "\"", with: "\\\""))\"\n"
            }
        }
        let config = scratch.file("curl.conf")
        guard (try? Data(lines.utf8).write(to: URL(fileURLWithPath: config))) != nil else { return nil }
        let before = site.server.requestCount
        let usage = ChildProcess.run([curl, "--parallel", "--parallel-immediate", "--parallel-max", String(concurrency),
                                      "-s", "--no-progress-meter", "-K", config], timeout: timeoutSeconds)
        guard let usage, usage.exitStatus == 0 else { return nil }
        return Row(label: label, requests: site.server.requestCount - before, usage: usage)
    }

    private static func path(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.path
    }

    private static func configText(_ web: PollCycleSite) -> String {
        var text = """
            # feedd-bench pollcycle: one host serves every feed, so per_host = concurrency.
            [daemon]
            database = "feedd.sqlite"
            concurrency = \(concurrency)
            per_host = \(concurrency)
            log_level = "warning"

            """
        for (index, url) in web.mainURLs.enumerated() {
            text += "\n[[feed]]\nurl = \"\(url)\"\nname = \"site-\(index)\"\ncomments_window = \"30d\"\n"
        }
        return text
    }
}
