import Foundation
import CPostgres

/// One libpq connection. Not thread-safe (libpq connections are not): one owner uses it at a time.
///
/// Statements take their values as parameters (`$1`, `$2`, … sent apart from the SQL text), so
/// no feed text is ever spliced into SQL.
public final class PostgresConnection {
    public let server: PostgresServer
    private var connection: OpaquePointer?

    /// Connects with a libpq connection URI (`postgresql://user@host:5432/db`) or key=value string.
    public init(setting: String) throws(PostgresError) {
        server = PostgresServer(setting: setting)
        let connection = PQconnectdb(setting)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let connection { PQfinish(connection) }
            throw .connect(server: server.description, message: message)
        }
        PQsetClientEncoding(connection, "UTF8")
        self.connection = connection
    }

    deinit { close() }

    /// Closes the connection; later statements fail with `connectionLost`.
    public func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    /// Runs one statement with text parameters (`nil` is SQL NULL) and returns its rows, if any.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        guard let connection else { throw .connectionLost(server: server.description, message: "connection closed") }
        let result = withCStrings(parameters) { values in
            PQexecParams(connection, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresRows(result)
        default:
            let message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
            let text = message.isEmpty ? String(cString: PQerrorMessage(connection)) : message
            if PQstatus(connection) != CONNECTION_OK {
                throw .connectionLost(server: server.description, message: text)
            }
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
            throw .statement(server: server.description, sqlState: state, message: text)
        }
    }

    /// Calls `body` with the parameters as C strings that live until it returns.
    private func withCStrings<R>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

/// The rows a statement returned, in text form, copied out of libpq's result.
public struct PostgresRows: Sendable {
    public var columns: [String]
    public var rows: [[String?]]

    init(_ result: OpaquePointer?) {
        guard let result else {
            columns = []
            rows = []
            return
        }
        let columnCount = PQnfields(result)
        columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        rows = (0..<PQntuples(result)).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }
}
