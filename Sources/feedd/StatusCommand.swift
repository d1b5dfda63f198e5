import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd status`: every feed's last fetch, status, items, next poll and why it is then, and the
/// last error (for a retired feed, why it was retired); `--json` for scripts.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each feed's fetch state and schedule.",
        discussion: """
            INTERVAL says why the next poll is when it is: configured, auto, ttl, cache-control, retry-after, \
            backoff or comment-age.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(name: .customLong("comments"), help: "Include the per-article comment feeds, each under its main feed.")
    var includeComments = false

    @Flag(help: "Print a JSON array, one object per feed.")
    var json = false

    func run() throws {
        let report = try options.openQueries().status(includeComments: includeComments)
        print(json ? report.json : TextTable.render(report.table))
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
