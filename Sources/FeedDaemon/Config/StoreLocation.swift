import Foundation

/// Where the store lives, as `[daemon] database` (or `FEEDD_DATABASE`, or an argument of
/// `feedd store copy`) names it: a SQLite file, or a PostgreSQL server given by a libpq
/// connection URI.
///
/// The URI is kept as written (libpq reads it, not us); it never holds a password, which comes
/// from libpq's own sources (`PGPASSFILE`, `~/.pgpass`, the service's credential), because the
/// config file is world-readable and so is a unit's `Environment=` (`systemctl show`).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// An absolute path to a SQLite database file.
    case sqlite(path: String)
    /// A checked libpq connection URI without a password.
    case postgres(uri: String)

    /// The schemes libpq accepts for a connection URI.
    static let postgresSchemes = ["postgresql://", "postgres://"]

    /// Whether `text` names a PostgreSQL server rather than a file: it starts with a libpq scheme.
    public static func isPostgresURI(_ text: String) -> Bool {
        postgresSchemes.contains { text.hasPrefix($0) }
    }

    /// The location `text` names: a checked URI, or a path resolved against `folder` (the config's).
    /// The error says what is wrong with the URI, never repeating a password.
    public static func parse(_ text: String, relativeTo folder: String) throws(StoreLocationError) -> StoreLocation {
        guard isPostgresURI(text) else { return .sqlite(path: DaemonConfig.resolve(text, against: folder)) }
        try PostgresURICheck.check(text)
        return .postgres(uri: text)
    }

    /// The value as `database` holds it: the absolute path, or the URI.
    public var setting: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let uri): uri
        }
    }

    /// The location for logs and errors: the path, or `PostgreSQL user@host:port/database`; never a password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let uri): "PostgreSQL " + PostgresURICheck.redacted(uri)
        }
    }

    /// Whether several daemons may share this store (a server), so that no daemon's config owns
    /// the whole feed list.
    public var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }
}

/// What is wrong with a `database` value, in words for a config error.
public struct StoreLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
