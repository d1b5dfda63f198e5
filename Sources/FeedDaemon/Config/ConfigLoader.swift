import Foundation

/// Reads and checks the config file. Every problem names the file, line and key, so the daemon
/// can refuse a bad config (and keep the running one on a bad reload) with a precise message.
public enum ConfigLoader {
    /// The variable that overrides `[daemon] database`: the systemd unit points it at the state
    /// directory, because the config's own folder (`/etc/feedd`) is read-only under `ProtectSystem=strict`.
    public static let databaseVariable = "FEEDD_DATABASE"

    /// Reads the file at `path`; `FEEDD_DATABASE` in `environment`, when set, replaces `database`.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> Config {
        let text = try readText(path)
        var config = try parse(text: text, path: path, environment: environment)
        if let database = environment[databaseVariable], !database.isEmpty {
            config.daemon.database = try environmentDatabase(database, configPath: path)
            config.daemon.databaseLine = nil
        }
        return config
    }

    /// `FEEDD_DATABASE`: a path (relative to the working folder) or a checked PostgreSQL URI. A
    /// password is refused here too: a unit's `Environment=` is readable by every user through
    /// `systemctl show`.
    static func environmentDatabase(_ value: String, configPath: String) throws(ConfigError) -> String {
        guard StoreLocation.isPostgresURI(value) else { return URL(fileURLWithPath: value).standardizedFileURL.path }
        do {
            try PostgresURICheck.check(value)
        } catch {
            throw ConfigError(file: configPath, key: "database", section: "[daemon]",
                              message: "\(error.message) (from \(databaseVariable))")
        }
        return value
    }

    /// Checks `text` as if it were the file at `path`; a relative `database` resolves against
    /// the folder of `path`. `environment` locates `secret_file`s (`$CREDENTIALS_DIRECTORY`).
    public static func parse(text: String, path: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> Config {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(text: text, file: path)
        } catch {
            throw ConfigError(error)
        }
        let issues = ConfigIssues(file: path)
        let config = ConfigReader(root: document.root, path: path, environment: environment, issues: issues).read()
        try issues.throwIfAny()
        return config
    }

    /// Where the config is when `--config` is not given: `/etc/feedd/feedd.toml` for root (the
    /// service), else `$XDG_CONFIG_HOME/feedd/feedd.toml`, else `~/.config/feedd/feedd.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   userID: UInt32 = getuid()) -> String {
        let system = "/etc/feedd/feedd.toml"
        if userID == 0 { return system }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("feedd/feedd.toml").path
        }
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" {
            return URL(fileURLWithPath: home).appendingPathComponent(".config/feedd/feedd.toml").path
        }
        return system
    }

    /// The file's text, read up to `ConfigLimits.maxFileBytes`: `--config /dev/zero` is an
    /// error, not a daemon that fills its memory.
    private static func readText(_ path: String) throws(ConfigError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(file: path, message: "cannot read the file: \(readFailure(path))")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: ConfigLimits.maxFileBytes + 1) ?? Data()
        } catch {
            throw ConfigError(file: path, message: "cannot read the file: \(readFailure(path))")
        }
        guard data.count <= ConfigLimits.maxFileBytes else {
            throw ConfigError(file: path, message: "the file is larger than \(ConfigByteSize.format(ConfigLimits.maxFileBytes))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "cannot read the file: it is not valid UTF-8")
        }
        return text
    }

    private static func readFailure(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        if isFolder.boolValue { return "it is a folder" }
        return FileManager.default.isReadableFile(atPath: path) ? "it is not valid UTF-8" : "permission denied"
    }
}
