import FeedStore
import Foundation

/// A connection in use by one store operation: statements with bound values, results as rows,
/// and every failure as a `StoreError` naming the server (never a password).
struct PostgresSession {
    let connection: PostgresConnection
    var server: String { connection.server.description }

    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [any PostgresBindable] = []) throws(StoreError) -> Int {
        try execute(sql, values).affectedRows
    }

    func query<T>(_ sql: String, _ values: [any PostgresBindable] = [],
                  _ map: (PostgresRow) throws(StoreError) -> T) throws(StoreError) -> [T] {
        var results: [T] = []
        for row in try execute(sql, values).rows { results.append(try map(PostgresRow(values: row))) }
        return results
    }

    func queryFirst<T>(_ sql: String, _ values: [any PostgresBindable] = [],
                       _ map: (PostgresRow) throws(StoreError) -> T) throws(StoreError) -> T? {
        guard let row = try execute(sql, values).rows.first else { return nil }
        return try map(PostgresRow(values: row))
    }

    /// Runs a parameterless script (migrations).
    func script(_ sql: String) throws(StoreError) {
        do {
            try connection.executeScript(sql)
        } catch {
            throw Self.storeError(error, statement: sql)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try run("BEGIN")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func execute(_ sql: String, _ values: [any PostgresBindable]) throws(StoreError) -> PostgresRows {
        do {
            return try connection.execute(sql, values.map(\.postgresText))
        } catch {
            throw Self.storeError(error, statement: sql)
        }
    }

    /// The store's error for a libpq one: a connection that failed or dropped is `.unavailable`
    /// (waited out), a statement the server refused is `.postgres` with its SQLSTATE.
    static func storeError(_ error: PostgresError, statement: String) -> StoreError {
        switch error {
        case .connect(let server, let message), .connectionLost(let server, let message):
            .unavailable(server: server, message: PostgresError.oneLine(message))
        case .statement(let server, let state, let message):
            .postgres(server: server, statement: summary(of: statement), sqlstate: state ?? "", message: PostgresError.oneLine(message))
        }
    }

    /// The first words of a statement, enough to tell which one failed.
    static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: { $0.isWhitespace }).prefix(6).joined(separator: " ")
        return words.count > 60 ? String(words.prefix(60)) + "…" : words
    }
}
