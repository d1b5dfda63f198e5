import Foundation

/// How long a PostgreSQL statement may wait for the server's answer before the connection is
/// given up as cut: `FEEDD_DATABASE_TIMEOUT_SECONDS`, whole seconds from 1 to 3600; anything else
/// is ignored and the default (60 s, the default claim lease) holds. Tests of a cut network set
/// a few seconds so they need not wait a minute.
enum DatabaseTimeoutSetting {
    static let variable = "FEEDD_DATABASE_TIMEOUT_SECONDS"
    static let range: ClosedRange<TimeInterval> = 1...3600
    static let defaultSeconds: TimeInterval = 60

    static func seconds(environment: [String: String] = ProcessInfo.processInfo.environment) -> TimeInterval {
        EnvironmentSeconds.value(variable, in: range, environment: environment) ?? defaultSeconds
    }
}
