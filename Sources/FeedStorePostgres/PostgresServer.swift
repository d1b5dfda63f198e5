import CPostgres

/// Which server a connection setting points at, for messages: `user@host:port/database`, read
/// from the connection URI (or key=value string) the way libpq reads it, and never the password.
public struct PostgresServer: Sendable, CustomStringConvertible {
    /// The role, as the setting names it (nil: libpq's default, the system user).
    public var user: String?
    /// A host name, an address or a socket folder (nil: the default socket).
    public var host: String?
    public var port: String?
    public var database: String?

    /// The parts of `setting` libpq would use; an unreadable setting names itself as unreadable
    /// without repeating it (it may hold a password).
    public init(setting: String) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(setting, &error) else {
            if let error { PQfreemem(error) }
            return
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            let value = option.pointee.val.map { String(cString: $0) }
            switch String(cString: keyword) {
            case "user": user = value
            case "host": host = value
            case "hostaddr": host = host ?? value
            case "port": port = value
            case "dbname": database = value
            default: break
            }
            option += 1
        }
    }

    /// `postgresql server feedd@127.0.0.1:5432/feedd`; absent parts are libpq's defaults and left out.
    public var description: String {
        var text = "postgresql server "
        if let user { text += user + "@" }
        text += host ?? "(local socket)"
        if let port { text += ":" + port }
        if let database { text += "/" + database }
        return text
    }
}
