import FeedStore
import Foundation

/// `feedd store copy FROM TO`: every row of one store into an empty other (SQLite to PostgreSQL
/// or back), ids kept, so identities, delivery ids, fetch state and pending deliveries stay what
/// they were and the daemon on the copy announces nothing again.
///
/// Made with the daemons stopped: the source is read in batches, not in one snapshot.
public enum StoreCopier {
    /// Rows moved per batch: a few MB of items at most, and few round trips to a server.
    public static let batchSize = 1000

    /// Why a copy did not happen or was rolled back; the destination is left as it was.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The rows copied, per table in copy order.
    public struct Report: Sendable, Equatable {
        public var rows: [(table: String, count: Int)] = []

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.rows.map(\.table) == rhs.rows.map(\.table) && lhs.rows.map(\.count) == rhs.rows.map(\.count)
        }
    }

    /// A command-line argument as a location: a PostgreSQL URI (checked, no password) or a path
    /// relative to the working folder.
    public static func location(_ argument: String, workingFolder: String = FileManager.default.currentDirectoryPath) throws(Failure) -> StoreLocation {
        do {
            return try StoreLocation.parse(argument, relativeTo: workingFolder)
        } catch {
            throw Failure(description: "store copy: \(error.message)")
        }
    }

    /// Copies every table of `source` into `destination`, which must be empty and another store.
    public static func copy(from source: StoreLocation, to destination: StoreLocation,
                            patience: UnavailablePatience = .oneShot) throws(Failure) -> Report {
        guard !sameStore(source, destination) else {
            throw Failure(description: "store copy: \(source) and \(destination) are the same store")
        }
        let from: any StoreCopying, to: any StoreCopying
        do {
            from = try StoreOpening.open(source, readOnly: true, patience: patience)
            to = try StoreOpening.open(destination, patience: patience)
        } catch {
            throw Failure(description: "store copy: \(error)")
        }
        do {
            guard try to.isEmptyForImport() else {
                throw Failure(description: "store copy: \(destination) already holds feeds or items; a copy only goes into an empty store")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "store copy: \(error)")
        }
        return try copyRows(from: from, to: to)
    }

    /// The rows of every table in one import, rolled back on any error.
    static func copyRows(from source: any StoreCopying, to destination: any StoreCopying) throws(Failure) -> Report {
        var report = Report()
        do {
            try destination.beginImport()
        } catch {
            throw Failure(description: "store copy: \(error)")
        }
        do {
            for table in CopiedTable.all {
                report.rows.append((table.name, try copyTable(table, from: source, to: destination)))
            }
            try destination.finishImport()
        } catch {
            destination.abortImport()
            throw Failure(description: "store copy: \(error); nothing was copied")
        }
        return report
    }

    private static func copyTable(_ table: CopiedTable, from source: any StoreCopying,
                                  to destination: any StoreCopying) throws(StoreError) -> Int {
        var copied = 0
        var after: [StoreValue]?
        while true {
            let rows = try source.exportRows(table, after: after, limit: batchSize)
            if !rows.isEmpty { try destination.importRows(table, rows) }
            copied += rows.count
            guard let last = rows.last, rows.count == batchSize else { return copied }
            after = table.key(of: last)
        }
    }

    /// Whether both name one store: the same file (through links) or the same server and database.
    static func sameStore(_ lhs: StoreLocation, _ rhs: StoreLocation) -> Bool {
        switch (lhs, rhs) {
        case (.sqlite(let a), .sqlite(let b)): canonicalPath(a) == canonicalPath(b)
        case (.postgres(let a), .postgres(let b)): PostgresURICheck.redacted(a) == PostgresURICheck.redacted(b)
        default: false
        }
    }

    private static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
