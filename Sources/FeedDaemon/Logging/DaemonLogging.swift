import Logging

/// A log level as `feedd run --log-level` and the config's `log_level` name it.
public typealias LogLevel = Logger.Level

/// The daemon's logging, set up once by `feedd run`: every line escaped (see `EscapingLogHandler`)
/// and written to stderr, where systemd's journal takes it.
public enum DaemonLogging {
    /// Installs the escaping stderr handler at `level`; the process may do this only once.
    public static func bootstrap(level: LogLevel) {
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
    }

    /// The daemon's logger.
    public static func logger() -> Logger {
        Logger(label: "feedd")
    }
}
