import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd hooks log [--hook NAME]`: the most recent deliveries of every state, newest first, with
/// their result, attempts and the target's last answer (the failure, with its HTTP status or SMTP
/// reply), so "did my phone get it?" has an answer without reading the daemon's log.
struct HooksLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show the recent deliveries and their results.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only the deliveries of this hook.")
    var hook: String?

    @Option(help: "How many deliveries to show, newest first.")
    var limit: Int = HooksLogCommand.defaultLimit

    /// Deliveries shown when `--limit` is not given.
    static let defaultLimit = 50

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let entries = try options.openQueries().recentDeliveries(hook: hook, limit: limit)
        let header = ["ID", "AT", "HOOK", "EVENT", "RESULT", "ATTEMPTS", "ITEM", "RESPONSE"]
        print(TextTable.render([header] + entries.map(Self.row)))
    }

    /// The time of a delivery's latest step: delivered, parked, or created (still pending).
    static func when(_ entry: OutboxEntry) -> Date {
        entry.deliveredAt ?? entry.failedAt ?? entry.createdAt
    }

    static func row(_ entry: OutboxEntry) -> [String] {
        let result = entry.deliveredAt != nil ? "delivered" : entry.failedAt != nil ? "failed" : "pending"
        let response = entry.deliveredAt != nil ? entry.lastResponse ?? "ok" : entry.lastError ?? (entry.attempts == 0 ? "not tried yet" : "")
        return [String(entry.id), RFC3339.format(when(entry)), entry.hook, entry.digestEvent, result,
                String(entry.attempts), entry.listedItem, response]
    }
}
