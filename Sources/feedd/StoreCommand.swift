import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd store`: operations on a whole store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Operations on a whole store (copy between SQLite and PostgreSQL).",
        subcommands: [StoreCopyCommand.self])
}

/// `feedd store copy FROM TO`: moving to PostgreSQL (or back) without announcing anything again.
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every feed, item, fetch state and delivery of one store into an empty other.",
        discussion: """
            FROM and TO are each a SQLite file or a PostgreSQL URI (postgresql://user@host:5432/db, \
            no password: it comes from PGPASSFILE or ~/.pgpass). Stop the daemons first. Ids are kept, \
            so a daemon pointed at TO announces nothing again.
            """)

    @Argument(help: "The store to read: a SQLite file or a PostgreSQL URI.")
    var from: String

    @Argument(help: "The empty store to fill: a SQLite file (created) or a PostgreSQL URI.")
    var to: String

    func run() throws {
        do {
            let source = try StoreCopier.location(from)
            let destination = try StoreCopier.location(to)
            let report = try StoreCopier.copy(from: source, to: destination)
            for (table, count) in report.rows { print("\(table): \(count) rows") }
            Console.line("copied \(source) to \(destination)")
        } catch {
            Console.error("\(error)")
            throw ExitCode(1)
        }
    }
}
