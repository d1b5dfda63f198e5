import Foundation
import CPostgres

/// One libpq connection. Not thread-safe (libpq connections are not): one owner uses it at a time.
///
/// Statements take their values as parameters (`$1`, `$2`, … sent apart from the SQL text), so
/// no feed text is ever spliced into SQL.
public final class PostgresConnection {
    /// The server, for messages (never the password).
    public let server: PostgresServer
    /// How long a statement may go without the server's answer before the connection is given up
    /// as cut. TCP keepalives cannot tell: they probe only an idle connection, and a link that
    /// swallows packets while something still acknowledges them (a stalled proxy or NAT) never
    /// fails at all. Without this bound one lost answer would hang the daemon for good.
    public let answerTimeout: TimeInterval
    private var connection: OpaquePointer?
    /// Statements prepared on this connection, by SQL text: the store sends the same few dozen
    /// statements for every item, and parsing and planning each anew cost the server more than
    /// running it. Bounded, so SQL built from a varying list length cannot grow it without end.
    private var prepared: [String: String] = [:]
    static let preparedLimit = 512

    /// What every connection sets unless the setting itself says otherwise: the name
    /// `pg_stat_activity` shows, a bound on connecting to a host that does not answer, and TCP
    /// keepalives so a connection cut by the network is noticed within about a minute instead of
    /// the kernel's two hours.
    public static let defaultParameters: [(String, String)] = [
        ("application_name", "feedd"), ("connect_timeout", "10"), ("keepalives", "1"),
        ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
    ]

    /// Connects with a libpq connection URI (`postgresql://user@host:5432/db`) or key=value string.
    ///
    /// The setting is expanded after `defaultParameters`, so what it names wins. The password is
    /// libpq's business (the setting, `PGPASSWORD`, `PGPASSFILE`, `~/.pgpass`); it is never read here.
    public init(setting: String, answerTimeout: TimeInterval = PostgresConnection.defaultAnswerTimeout) throws(PostgresError) {
        server = PostgresServer(setting: setting)
        self.answerTimeout = answerTimeout
        let parameters = Self.defaultParameters + [("dbname", setting)]
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer { for pointer in keywords + values { free(pointer) } }
        let connection = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keywordPointers in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 1)
            }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let connection { PQfinish(connection) }
            throw .connect(server: server.description, message: message)
        }
        PQsetClientEncoding(connection, "UTF8")
        // Non-blocking, so that sending a statement over a stalled link is bounded too.
        PQsetnonblocking(connection, 1)
        self.connection = connection
    }

    /// The answer timeout when none is given: the default claim lease, since a statement stuck
    /// longer has lost its claims anyway.
    public static let defaultAnswerTimeout: TimeInterval = 60

    deinit { close() }

    /// Closes the connection; later statements fail with `connectionLost`.
    public func close() {
        if let connection { PQfinish(connection) }
        connection = nil
        prepared = [:]
    }

    /// Whether libpq still considers the connection usable (it finds out only when a statement fails).
    public var isUsable: Bool {
        guard let connection else { return false }
        return PQstatus(connection) == CONNECTION_OK
    }

    /// The server process serving this connection (what `pg_terminate_backend` takes).
    public var backendProcessID: Int32 {
        connection.map { PQbackendPID($0) } ?? 0
    }

    /// Runs one statement with text parameters (`nil` is SQL NULL) and returns its rows, if any.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        guard let connection else { throw .connectionLost(server: server.description, message: "connection closed") }
        guard let name = try preparedName(for: sql, parameterCount: parameters.count, connection) else {
            let sent = withCStrings(parameters) { values in
                PQsendQueryParams(connection, sql, Int32(values.count), nil, values, nil, nil, 0)
            }
            return try check(try awaitResult(sent == 1, connection), connection)
        }
        let sent = withCStrings(parameters) { values in
            PQsendQueryPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
        }
        return try check(try awaitResult(sent == 1, connection), connection)
    }

    /// The name `sql` is prepared under on this connection, preparing it the first time; nil once
    /// the cache is full (the statement then runs unprepared).
    private func preparedName(for sql: String, parameterCount: Int, _ connection: OpaquePointer) throws(PostgresError) -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        let name = "feedd_\(prepared.count)"
        let sent = PQsendPrepare(connection, name, sql, Int32(parameterCount), nil)
        _ = try check(try awaitResult(sent == 1, connection), connection)
        prepared[sql] = name
        return name
    }

    /// Runs a script of several statements without parameters (migrations).
    public func executeScript(_ sql: String) throws(PostgresError) {
        guard let connection else { throw .connectionLost(server: server.description, message: "connection closed") }
        _ = try check(try awaitResult(PQsendQuery(connection, sql) == 1, connection), connection)
    }

    /// Sends what libpq has queued and collects the statement's results within `answerTimeout`:
    /// the first error if there is one (as `PQexec` reports), else the last result. Nil when
    /// sending failed, which `check` reports with libpq's message.
    private func awaitResult(_ sent: Bool, _ connection: OpaquePointer) throws(PostgresError) -> OpaquePointer? {
        guard sent else { return nil }
        let deadline = Date().addingTimeInterval(answerTimeout)
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { break }
            if flushed < 0 { return nil }
            try waitForSocket(connection, events: Int16(POLLIN | POLLOUT), until: deadline)
            if PQconsumeInput(connection) == 0 { return nil }
        }
        var kept: OpaquePointer?
        while true {
            while PQisBusy(connection) == 1 {
                try waitForSocket(connection, events: Int16(POLLIN), until: deadline)
                if PQconsumeInput(connection) == 0 { break }
            }
            guard let result = PQgetResult(connection) else { break }
            if let previous = kept, Self.isError(previous) {
                PQclear(result)
            } else {
                PQclear(kept)
                kept = result
            }
            if PQstatus(connection) != CONNECTION_OK { break }
        }
        return kept
    }

    /// Waits until the socket is ready for `events`; past `deadline` the connection is closed and
    /// the statement reported lost (the server rolls back whatever it was doing when it notices).
    private func waitForSocket(_ connection: OpaquePointer, events: Int16, until deadline: Date) throws(PostgresError) {
        var descriptor = pollfd(fd: PQsocket(connection), events: events, revents: 0)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                close()
                throw .connectionLost(server: server.description,
                                      message: "no answer from the server in \(Int(answerTimeout)) s")
            }
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1000) + 1)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { return }  // libpq reports the socket's error next
        }
    }

    private static func isError(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY
    }

    /// The rows of a successful result, or the error it carries; the result is freed either way.
    private func check(_ result: OpaquePointer?, _ connection: OpaquePointer) throws(PostgresError) -> PostgresRows {
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresRows(result)
        default:
            let message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
            let text = message.isEmpty ? String(cString: PQerrorMessage(connection)) : message
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
            if PQstatus(connection) != CONNECTION_OK || Self.isConnectionState(state) {
                throw .connectionLost(server: server.description, message: text)
            }
            throw .statement(server: server.description, sqlState: state, message: text)
        }
    }

    /// SQLSTATEs of a connection that is going away: class 08 (connection exception) and the
    /// server shutting down or terminating this backend (57P01–57P03).
    static func isConnectionState(_ state: String?) -> Bool {
        guard let state else { return false }
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
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
    /// The column names, in order.
    public var columns: [String]
    /// Every row's values in column order; nil is SQL NULL.
    public var rows: [[String?]]
    /// Rows an INSERT, UPDATE or DELETE changed (0 for other statements).
    public var affectedRows: Int

    init(_ result: OpaquePointer?) {
        guard let result else {
            columns = []
            rows = []
            affectedRows = 0
            return
        }
        let columnCount = PQnfields(result)
        columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        rows = (0..<PQntuples(result)).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
        affectedRows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }
}
