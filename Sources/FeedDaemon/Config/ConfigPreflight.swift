import FeedNotifier
import Foundation

/// What `feedd check-config` checks beyond the file itself: what a valid config would run into
/// only later, when the daemon opens its database or a hook fires hours after the start.
///
/// It looks and never touches: no database is created, no hook is run. Problems are reported
/// like config errors, with the file, line and key that named the path.
public enum ConfigPreflight {
    /// The problems found: `errors` will make something fail; `warnings` may.
    public struct Report: Sendable {
        public var errors: [ConfigError] = []
        public var warnings: [ConfigError] = []
    }

    /// Checks the SQLite database's folder and file (a PostgreSQL URI was checked by the loader),
    /// and every exec hook's program; warns about a
    /// transfer or exec hook timeout the service's stop timeout would cut short. `environment`
    /// supplies `PATH` for bare program names.
    public static func check(_ config: Config,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> Report {
        var report = Report()
        if case .sqlite(let path) = config.daemon.store, let problem = databaseProblem(path) {
            let origin = config.daemon.databaseLine == nil && environment[ConfigLoader.databaseVariable] != nil
                ? " (from \(ConfigLoader.databaseVariable))" : ""
            report.errors.append(ConfigError(file: config.sourcePath, line: config.daemon.databaseLine, key: "database",
                                             section: "[daemon]", message: problem + origin))
        }
        if let warning = transferStopWarning(config.daemon.timeout) {
            report.warnings.append(ConfigError(file: config.sourcePath, line: config.daemon.timeoutLine, key: "timeout",
                                               section: "[daemon]", message: warning))
        }
        for (offset, hook) in config.hooks.enumerated() {
            let section = "[[hook]] #\(offset + 1)"
            if case .exec(let arguments) = hook.action, let program = arguments.first,
               let problem = programProblem(program, path: environment["PATH"] ?? HookEnvironment.defaultPath) {
                report.errors.append(ConfigError(file: config.sourcePath, line: hook.execLine ?? hook.line, key: "exec",
                                                 section: section, message: problem))
            }
            if case .exec = hook.action, let warning = stopTimeoutWarning(hook) {
                report.warnings.append(ConfigError(file: config.sourcePath, line: hook.line, key: "timeout",
                                                   section: section, message: warning))
            }
        }
        return report
    }

    /// The database as `check-config` reports it. A PostgreSQL URI is checked when the config
    /// loads (form, no password); the server is not contacted, since a check must not depend on
    /// the network or need the password.
    public static func databaseSummary(_ location: StoreLocation) -> String {
        switch location {
        case .sqlite: "database \(location)"
        case .postgres: "database on \(location) (URI checked; check-config does not connect)"
        }
    }

    /// Why SQLite could not create or write the database at `path`, or `nil` when it can.
    ///
    /// The folder must be writable even when the file exists: SQLite creates its `-wal` and `-shm`
    /// files beside it.
    static func databaseProblem(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { return "\(path) is a folder, not a database file" }
            if access(path, R_OK | W_OK) != 0 { return "\(path) cannot be written: \(SecretFile.describe(errno))" }
        } else if errno != ENOENT {
            return "\(path) cannot be created: \(SecretFile.describe(errno))"
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard stat(folder, &status) == 0 else {
            return errno == ENOENT
                ? "the folder \(folder) does not exist (create it, or point database elsewhere)"
                : "the folder \(folder) cannot be used: \(SecretFile.describe(errno))"
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "\(folder) is not a folder" }
        guard access(folder, W_OK | X_OK) == 0 else {
            return "the folder \(folder) is not writable (\(SecretFile.describe(errno))); "
                + "SQLite creates the database and its -wal and -shm files there"
        }
        return nil
    }

    /// Why `program` cannot be started, or `nil` when it can: a path must be an executable file,
    /// a bare name must be one in a folder of `path` (colon-separated).
    static func programProblem(_ program: String, path: String) -> String? {
        guard !program.contains("/") else { return executableProblem(program) }
        let folders = path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for folder in folders where executableProblem(folder + "/" + program) == nil { return nil }
        return "\"\(program)\" is not an executable file in any folder of $PATH (\(path))"
    }

    private static func executableProblem(_ file: String) -> String? {
        var status = stat()
        guard stat(file, &status) == 0 else { return "\(file) does not exist (\(SecretFile.describe(errno)))" }
        guard status.st_mode & S_IFMT != S_IFDIR else { return "\(file) is a folder, not a program" }
        // access(X_OK) holds for root as soon as any execute bit is set, as execve does.
        guard access(file, X_OK) == 0 else { return "\(file) is not executable (\(SecretFile.describe(errno)))" }
        return nil
    }

    /// A warning when an exec hook may run longer than systemd waits for the daemon to stop.
    static func stopTimeoutWarning(_ hook: HookConfig) -> String? {
        let needed = hook.timeout + ExecHook.defaultKillGrace + ServiceUnit.stopMargin
        guard needed > ServiceUnit.stopTimeout else { return nil }
        let show = ConfigDuration.format
        return "\(show(hook.timeout)) plus \(show(ExecHook.defaultKillGrace)) to end the program is more than "
            + "the \(show(ServiceUnit.stopTimeout)) systemd/feedd.service allows for stopping (TimeoutStopSec= minus "
            + "\(show(ServiceUnit.stopMargin)) for the last writes); raise TimeoutStopSec= in a drop-in "
            + "(systemctl edit feedd) or systemd kills the hook at stop"
    }

    /// A warning when a transfer in flight may outlast systemd's wait for the daemon to stop.
    static func transferStopWarning(_ timeout: Duration) -> String? {
        guard timeout + ServiceUnit.stopMargin > ServiceUnit.stopTimeout else { return nil }
        let show = ConfigDuration.format
        return "\(show(timeout)) is more than the \(show(ServiceUnit.stopTimeout)) systemd/feedd.service allows for "
            + "stopping (TimeoutStopSec= minus \(show(ServiceUnit.stopMargin)) for the last writes); raise TimeoutStopSec= "
            + "in a drop-in (systemctl edit feedd)"
    }
}
