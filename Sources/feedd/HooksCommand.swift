import ArgumentParser
import FeedDaemon
import FeedModel
import FeedStore
import Foundation

/// `feedd hooks`: pending and failed deliveries; `feedd hooks retry [ID…]` puts failed ones back in line.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks", abstract: "List pending and failed hook deliveries.",
        subcommands: [HooksListCommand.self, HooksRetryCommand.self, HooksLogCommand.self],
        defaultSubcommand: HooksListCommand.self)
}

struct HooksListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List pending and failed deliveries.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let runtime = try options.openRuntime()
        let pending = try runtime.store.outbox(state: .pending)
        let failed = try runtime.store.outbox(state: .failed)
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
        let runtime = try options.openRuntime()
        let count = try runtime.store.retryParked(ids: ids.isEmpty ? nil : ids)
        print("requeued \(count) deliveries")
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
