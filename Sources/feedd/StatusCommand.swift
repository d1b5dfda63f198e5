import ArgumentParser
import FeedDaemon
import FeedModel
import FeedStore
import Foundation

/// `feedd status`: a table of every feed's last fetch, status, items, next poll and last error (for
/// a retired feed, why it was retired).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show each feed's fetch state.")

    @OptionGroup var options: ConfigOptions

    @Flag(name: .customLong("comments"), help: "Include the per-article comment feeds.")
    var includeComments = false

    func run() throws {
        let runtime = try options.openRuntime()
        let rows = try runtime.store.statusRows().filter { includeComments || $0.kind == .main }
        let header = ["FEED", "KIND", "LAST FETCH", "STATUS", "ITEMS", "NEXT POLL", "LAST ERROR"]
        let body = rows.map { row in
            [row.name, row.isActive ? row.kind.rawValue : "\(row.kind.rawValue) (retired)",
             row.lastFetchedAt.map(RFC3339.format) ?? "never", row.lastStatus.map(String.init) ?? "-",
             String(row.itemCount), row.isActive ? RFC3339.format(row.nextPollAt) : "-",
             row.isActive ? row.lastError.map { row.consecutiveErrors > 0 ? "(\(row.consecutiveErrors)x) \($0)" : $0 } ?? ""
                 : "retired: \(row.retiredReason ?? "no reason recorded")"]
        }
        print(TextTable.render([header] + body))
    }
}

/// Left-aligned columns separated by two spaces; the last column is not padded. Every cell is escaped
/// (feed names, item titles, server and hook errors come from input), so each row stays one line.
enum TextTable {
    static func render(_ rawRows: [[String]]) -> String {
        let rows = rawRows.map { $0.map(\.escapedForTerminal) }
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
