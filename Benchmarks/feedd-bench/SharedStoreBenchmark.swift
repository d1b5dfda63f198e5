import Foundation
import TestSupport

/// The cold poll cycle on PostgreSQL beside SQLite, and with 1, 2 and 3 `feedd fetch` processes
/// sharing one PostgreSQL store (they split the due feeds through their claims).
///
/// 2,000 generated RSS feeds of 10 items from the in-process loopback server, `follow_comments =
/// false` (the store's share of the work is what differs), each run into a fresh database. The
/// PostgreSQL server is a private cluster (`fsync = off` and `synchronous_commit = off`, like
/// SQLite's `synchronous = NORMAL` under WAL it does not wait for the disk on each commit); its CPU is
/// counted from its postmaster's own and reaped children's times, so "CPU per feed" is feedd's and
/// the database's together.
enum SharedStoreBenchmark {
    static let feeds = 2_000
    static let itemsPerFeed = 10
    static let concurrency = 8
    static let timeoutSeconds = 300.0

    static func run() -> Bool {
        guard let feedd = FeeddBinary.path else {
            print("sharedstore: " + FeeddBinary.missing)
            return false
        }
        let cluster: PostgresCluster
        switch PostgresCluster.shared {
        case .success(let started): cluster = started
        case .failure(let failure):
            print("sharedstore: \(failure)")
            return false
        }
        guard let site = try? StaticSiteServer(), let scratch = ScratchFolder("sharedstore") else {
            print("sharedstore: cannot start the loopback server or create a scratch folder")
            return false
        }
        defer { site.stop(); scratch.remove() }
        let web = PollCycleSite(feeds: feeds, itemsPerFeed: itemsPerFeed, on: site)
        print("sharedstore: cold cycle, \(feeds) RSS feeds × \(itemsPerFeed) items, follow_comments = false, "
            + "concurrency \(concurrency) per process; each run into an empty store")
        print("  " + Row.header)
        var rows: [Row] = []
        var index = 0
        for (label, instances, postgres) in [("SQLite, 1 process", 1, false), ("PostgreSQL, 1 process", 1, true),
                                             ("PostgreSQL, 2 processes", 2, true), ("PostgreSQL, 3 processes", 3, true)] {
            index += 1
            let database: String
            if postgres {
                guard let uri = try? cluster.createDatabase() else {
                    print("  \(label): cannot create a database")
                    return false
                }
                database = uri
            } else {
                database = scratch.file("run-\(index).sqlite")
            }
            let config = scratch.file("feedd-\(index).toml")
            guard (try? Data(configText(web, database: database).utf8).write(to: URL(fileURLWithPath: config))) != nil else {
                print("  \(label): cannot write \(config)")
                return false
            }
            let row = measure(label, feedd: feedd, config: config, instances: instances,
                              postmaster: postgres ? cluster.postmasterPID : nil, site: site, scratch: scratch)
            print("  " + row.line)
            rows.append(row)
        }
        if let sqlite = rows.first?.cpuPerFeedMillis, let postgres = rows.dropFirst().first?.cpuPerFeedMillis {
            print("  PostgreSQL / SQLite CPU per feed: \(Timing.format(postgres / sqlite, decimals: 2))×")
        }
        return rows.allSatisfy(\.succeeded)
    }

    struct Row {
        var label: String
        var requests: Int
        var wallSeconds: Double
        var feeddCPU: Double
        var serverCPU: Double
        var succeeded: Bool

        static let header = "store, processes              requests   wall s   feeds/s  feedd CPU s  db CPU s  CPU ms/feed"

        var cpuPerFeedMillis: Double? {
            requests > 0 ? (feeddCPU + serverCPU) / Double(requests) * 1000 : nil
        }

        var line: String {
            let name = label.padding(toLength: 28, withPad: " ", startingAt: 0)
            guard succeeded else { return name + "  failed" }
            return name + String(format: "  %8d  %7.2f  %8.0f  %11.2f  %8.2f  %11.2f", requests, wallSeconds,
                                 Double(requests) / max(wallSeconds, 0.001), feeddCPU, serverCPU, cpuPerFeedMillis ?? 0)
        }
    }

    /// Starts `instances` `feedd fetch` at once on one config and waits for all of them.
    private static func measure(_ label: String, feedd: String, config: String, instances: Int, postmaster: pid_t?,
                                site: StaticSiteServer, scratch: ScratchFolder) -> Row {
        let before = site.server.requestCount
        let serverBefore = postmaster.flatMap(processCPUSeconds) ?? 0
        let started = ContinuousClock.now
        let children = (0..<instances).compactMap { number in
            ChildProcess.spawn([feedd, "fetch", "--config", config], stderr: scratch.file("err-\(number).txt"))
        }
        let usages = children.map { $0.wait(timeout: timeoutSeconds) }
        let elapsed = started.duration(to: .now)
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        usleep(300_000)  // the postmaster reaps the clients' backends just after they disconnect
        let serverAfter = postmaster.flatMap(processCPUSeconds) ?? 0
        let succeeded = children.count == instances && usages.allSatisfy { $0.exitStatus <= 1 }
        if !succeeded {
            let errors = (try? String(contentsOfFile: scratch.file("err-0.txt"), encoding: .utf8)) ?? ""
            print("  \(label): a fetch failed: \(errors.split(separator: "\n").prefix(3).joined(separator: " | "))")
        }
        return Row(label: label, requests: site.server.requestCount - before, wallSeconds: wall,
                   feeddCPU: usages.reduce(0) { $0 + $1.cpuSeconds }, serverCPU: serverAfter - serverBefore,
                   succeeded: succeeded)
    }

    /// A process's CPU seconds with its reaped children's (PostgreSQL's backends exit when a client
    /// disconnects, and their time is added to the postmaster's), from /proc.
    static func processCPUSeconds(_ pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command: state is field 3; utime, stime, cutime, cstime are 14–17.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 15 else { return nil }
        let ticks = fields[11...14].compactMap { Double($0) }.reduce(0, +)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func configText(_ web: PollCycleSite, database: String) -> String {
        var text = """
            # feedd-bench sharedstore
            [daemon]
            database = "\(database)"
            concurrency = \(concurrency)
            per_host = \(concurrency)
            log_level = "warning"

            """
        for (index, url) in web.mainURLs.enumerated() {
            text += "\n[[feed]]\nurl = \"\(url)\"\nname = \"site-\(index)\"\nfollow_comments = false\n"
        }
        return text
    }
}
