import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd hooks`: pending and failed deliveries; `feedd hooks retry [ID…]` puts failed ones back in line.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks", abstract: "List pending and failed hook deliveries.",
        subcommands: [HooksListCommand.self, HooksRetryCommand.self, HooksLogCommand.self, HooksTestCommand.self],
        defaultSubcommand: HooksListCommand.self)
}

struct HooksListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List pending and failed deliveries.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let queries = try options.openQueries()
        let pending = try queries.outbox(.pending)
        let failed = try queries.outbox(.failed)
        let now = Date()
        let header = ["ID", "STATE", "HOOK", "EVENT", "ATTEMPTS", "NEXT / FAILED AT", "ITEM", "LAST ERROR", "RUNNING ON"]
        let rows = pending.map { row($0, state: Self.isRunning($0, at: now) ? "running" : "pending", when: $0.nextAttemptAt, now: now) }
            + failed.map { row($0, state: "failed", when: $0.failedAt ?? $0.nextAttemptAt, now: now) }
        print(TextTable.render([header] + rows))
        let running = pending.filter { Self.isRunning($0, at: now) }.count
        print("\(pending.count) pending, \(failed.count) failed" + (running > 0 ? ", \(running) running now" : ""))
    }

    /// A pending delivery whose hook a process runs now: its claim's lease has not lapsed.
    private static func isRunning(_ entry: OutboxEntry, at now: Date) -> Bool {
        entry.claim?.isLive(at: now) ?? false
    }

    /// The owner of a live claim (host, pid, start), or of a lapsed one, marked so: its process died
    /// or hung, and another will take the delivery over.
    private func owner(_ entry: OutboxEntry, now: Date) -> String {
        guard let claim = entry.claim else { return "" }
        return claim.isLive(at: now) ? claim.owner : "(lapsed) " + claim.owner
    }

    /// A digest member that is not delivered waits for (or rides with) its digest: "in digest".
    private func row(_ entry: OutboxEntry, state: String, when: Date, now: Date) -> [String] {
        let waiting = entry.digestRole == .member && state == "pending"
        return [String(entry.id), waiting ? "in digest" : state, entry.hook, entry.digestEvent, String(entry.attempts),
                RFC3339.format(when), entry.listedItem, entry.lastError ?? "", owner(entry, now: now)]
    }
}

struct HooksRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Requeue failed deliveries (all when no ID is given).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Delivery ids as `feedd hooks` shows them.")
    var ids: [Int64] = []

    func run() throws {
        let parked = Set(try options.openQueries().outbox(.failed).map(\.id))
        let unknown = ids.filter { !parked.contains($0) }
        if !unknown.isEmpty {
            Console.error("feedd hooks retry: no failed delivery with id \(unknown.map(String.init).joined(separator: ", ")) "
                + "(`feedd hooks` lists them)")
            throw ExitCode(2)
        }
        let count = try options.requeueParked(ids: ids.isEmpty ? nil : ids)
        print("requeued \(count) deliveries")
    }
}

/// `feedd hooks test NAME`: one sample `new` event to one hook, now, and what came of it.
struct HooksTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a sample event to one hook and show the result (nothing is stored).",
        discussion: "Exit status: 0 when the hook took the event, 1 when it failed, 2 for an unknown hook.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The hook's name, as the config names it.")
    var name: String

    func run() async throws {
        let config = try options.load()
        let outcome: HookOutcome
        do {
            outcome = try await HookTest.send(hookNamed: name, config: config)
        } catch {
            Console.error("feedd hooks test: \(error) in \(options.path)")
            throw ExitCode(2)
        }
        switch outcome {
        case .delivered:
            Console.line("hook \(name): delivered the sample event")
        case .acknowledged(let response):
            Console.line("hook \(name): delivered the sample event (\(response))")
        case .failed(let reason), .rateLimited(let reason, _):
            Console.error("hook \(name): failed: \(reason)")
            throw ExitCode(1)
        }
    }
}

extension OutboxEntry {
    /// The event column: `digest` for a digest delivery, else the event.
    var digestEvent: String { digestRole == .digest ? "digest" : event.rawValue }

    /// The item column: the item's title or link, or how many items a digest lists.
    var listedItem: String {
        if digestRole == .digest { return "\(digestMembers.count) items" }
        return item.entry.title ?? item.entry.url ?? "-"
    }
}
