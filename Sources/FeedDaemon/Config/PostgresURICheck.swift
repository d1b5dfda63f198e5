import Foundation

/// Checks the form of a libpq connection URI (`postgresql://[user@]host[:port][,…]/database[?key=value&…]`)
/// before anything connects, so that a typo is a config error naming file, line and key instead
/// of a daemon that waits forever for a server that cannot exist; and removes any password from
/// the URI wherever it is shown.
///
/// Only the form is checked; libpq still reads the URI itself (and rejects parameters it does not know).
enum PostgresURICheck {
    /// A URI cut at its delimiters, percent-encoding left as written.
    struct Parts {
        var scheme: String
        var user: String?
        var hasPassword: Bool
        var hostSpec: String
        var database: String?
        var parameters: [(key: String, value: String)]
    }

    /// Where a password must come from instead of the URI, for the error that refuses one.
    static let passwordSources = "put it in the file PGPASSFILE names, in ~/.pgpass, or in the systemd credential "
        + "`LoadCredential=pgpass:/etc/feedd/pgpass` (see README, \"PostgreSQL and several daemons\")"

    static func parts(_ uri: String) -> Parts? {
        guard let scheme = StoreLocation.postgresSchemes.first(where: { uri.hasPrefix($0) }) else { return nil }
        let rest = uri.dropFirst(scheme.count)
        let main = rest.prefix { $0 != "?" }
        let query = rest.dropFirst(main.count).dropFirst()
        let authority = main.prefix { $0 != "/" }
        let path = main.dropFirst(authority.count).dropFirst()
        var user: String?, hasPassword = false, hostSpec = Substring(authority)
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostSpec = authority[authority.index(after: at)...]
            hasPassword = userInfo.contains(":")
            user = String(userInfo.prefix { $0 != ":" })
        }
        let parameters = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let key = pair.prefix { $0 != "=" }
            return (key: decoded(key), value: decoded(pair.dropFirst(key.count).dropFirst()))
        }
        return Parts(scheme: scheme, user: user, hasPassword: hasPassword, hostSpec: String(hostSpec),
                     database: path.isEmpty ? nil : decoded(path), parameters: parameters)
    }

    /// Throws what is wrong with the URI's form, or with a password in it; the message never
    /// repeats the password.
    static func check(_ uri: String) throws(StoreLocationError) {
        if uri.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.value > 0x7E }) {
            throw StoreLocationError(message: "the PostgreSQL URI contains a space, control or non-ASCII character; percent-encode it")
        }
        guard let parts = parts(uri) else {
            throw StoreLocationError(message: "a PostgreSQL URI starts with postgresql:// or postgres://")
        }
        if parts.hasPassword || parts.parameters.contains(where: { $0.key == "password" }) {
            throw StoreLocationError(message: "the PostgreSQL URI holds a password, which everyone who can read the config "
                + "(or `systemctl show`) would see; remove it and " + passwordSources)
        }
        try checkHosts(parts)
        let database = parts.database ?? parts.parameters.last { $0.key == "dbname" }?.value
        guard let database, !database.isEmpty else {
            throw StoreLocationError(message: "the PostgreSQL URI names no database: add /DATABASE after the host, "
                + "e.g. postgresql://feedd@db.example:5432/feedd")
        }
    }

    private static func checkHosts(_ parts: Parts) throws(StoreLocationError) {
        let queryHost = parts.parameters.contains { ($0.key == "host" || $0.key == "hostaddr") && !$0.value.isEmpty }
        guard !parts.hostSpec.isEmpty || queryHost else {
            throw StoreLocationError(message: "the PostgreSQL URI names no server: give a host (postgresql://feedd@db.example/feedd) "
                + "or a socket folder (postgresql://feedd@%2Frun%2Fpostgresql/feedd)")
        }
        for entry in parts.hostSpec.split(separator: ",", omittingEmptySubsequences: false) {
            let (host, port) = try hostAndPort(entry)
            if host.isEmpty, !queryHost {
                throw StoreLocationError(message: "the PostgreSQL URI has an empty host in its host list")
            }
            if let port { try checkPort(port) }
        }
        for parameter in parts.parameters where parameter.key == "port" {
            for port in parameter.value.split(separator: ",", omittingEmptySubsequences: false) { try checkPort(port) }
        }
    }

    /// One entry of the host list: `host`, `host:port`, `[v6 address]` or `[v6 address]:port`.
    private static func hostAndPort(_ entry: Substring) throws(StoreLocationError) -> (host: Substring, port: Substring?) {
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else {
                throw StoreLocationError(message: "the PostgreSQL URI has an IPv6 address without its closing ]")
            }
            let host = entry[entry.index(after: entry.startIndex)..<close]
            let after = entry[entry.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw StoreLocationError(message: "the PostgreSQL URI has text after an IPv6 address's ] that is not :PORT")
            }
            return (host, after.isEmpty ? nil : after.dropFirst())
        }
        guard let colon = entry.firstIndex(of: ":") else { return (entry, nil) }
        return (entry[..<colon], entry[entry.index(after: colon)...])
    }

    private static func checkPort(_ port: Substring) throws(StoreLocationError) {
        guard port.count <= 5, port.allSatisfy(\.isASCII), let number = Int(port), (1...65535).contains(number) else {
            throw StoreLocationError(message: "port \"\(port.prefix(12))\" in the PostgreSQL URI is not a number from 1 to 65535")
        }
    }

    /// The URI without a password in its user part or its parameters: what logs and errors show.
    static func redacted(_ uri: String) -> String {
        guard let scheme = StoreLocation.postgresSchemes.first(where: { uri.hasPrefix($0) }) else { return uri }
        let rest = uri.dropFirst(scheme.count)
        let main = rest.prefix { $0 != "?" }
        let query = rest.dropFirst(main.count).dropFirst()
        let authority = main.prefix { $0 != "/" }
        var shownAuthority = String(authority)
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at].prefix { $0 != ":" }
            shownAuthority = String(user + authority[at...])
        }
        let kept = query.split(separator: "&").filter { decoded($0.prefix { $0 != "=" }) != "password" }
        let shownQuery = kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
        return scheme + shownAuthority + main.dropFirst(authority.count) + shownQuery
    }

    private static func decoded(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}
