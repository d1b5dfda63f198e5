import Foundation

/// Points libpq at the password file systemd hands the service as a credential
/// (`LoadCredential=pgpass:/etc/feedd/pgpass`), so the password lives in a root-only file and
/// never in the world-readable config or unit.
///
/// libpq reads `PGPASSFILE` itself; an explicit `PGPASSFILE` wins over the credential.
enum PostgresPassfile {
    /// The credential's name in `$CREDENTIALS_DIRECTORY`.
    static let credentialName = "pgpass"

    /// The file `PGPASSFILE` should name, or nil when it is set already or no credential exists.
    static func credentialPassfile(environment: [String: String]) -> String? {
        guard environment["PGPASSFILE"]?.isEmpty ?? true,
              let folder = environment["CREDENTIALS_DIRECTORY"], !folder.isEmpty else { return nil }
        let file = URL(fileURLWithPath: folder).appendingPathComponent(credentialName).path
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    /// Sets `PGPASSFILE` to the credential before libpq connects; the file chosen, if any.
    @discardableResult
    static func adoptCredential(environment: [String: String] = ProcessInfo.processInfo.environment,
                                setEnvironment: (String, String) -> Void = { setenv($0, $1, 1) }) -> String? {
        guard let file = credentialPassfile(environment: environment) else { return nil }
        setEnvironment("PGPASSFILE", file)
        return file
    }
}
