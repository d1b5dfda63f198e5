import Foundation
import FeedModel

/// What went wrong talking to PostgreSQL: always the server (never a password) and the cause in
/// one line, with the SQLSTATE where the server sent one so callers can tell a lost connection
/// or a serialization failure from a bug.
public enum PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The connection could not be made (server down, wrong port, authentication).
    case connect(server: String, message: String)
    /// The server answered a statement with an error.
    case statement(server: String, sqlState: String?, message: String)
    /// The connection broke while a statement ran; reconnecting may help.
    case connectionLost(server: String, message: String)

    public var description: String {
        switch self {
        case .connect(let server, let message): return "store: cannot connect to \(server): \(Self.oneLine(message))"
        case .statement(let server, let state, let message):
            return "store: \(server): \(Self.oneLine(message))" + (state.map { " (SQLSTATE \($0))" } ?? "")
        case .connectionLost(let server, let message): return "store: lost the connection to \(server): \(Self.oneLine(message))"
        }
    }

    /// libpq's messages end in a newline and may hold several lines (DETAIL, HINT).
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "; ").escapedForTerminal
    }
}
