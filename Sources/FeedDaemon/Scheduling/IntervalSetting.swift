import Foundation

/// How the config sets a main feed's poll interval.
///
/// A feed's own `interval` is what it gets: a site's `<ttl>` or `Cache-Control` cannot override a
/// choice the user wrote down. Only a feed that leaves the interval to the daemon's default lets
/// those hints lengthen it.
public enum IntervalSetting: Sendable, Equatable {
    /// The feed's own `interval`, in seconds.
    case own(TimeInterval)
    /// The feed's own `interval = "auto"`.
    case ownAuto
    /// No `interval` of its own: the daemon's default, in seconds.
    case daemonDefault(TimeInterval)
    /// No `interval` of its own, and the daemon's default is `"auto"`.
    case daemonAuto

    /// Whether `<ttl>` and `Cache-Control: max-age` may lengthen the interval.
    public var acceptsHints: Bool {
        switch self {
        case .own, .ownAuto: false
        case .daemonDefault, .daemonAuto: true
        }
    }

    /// Whether the interval follows the feed's publishing rate.
    public var isAuto: Bool {
        switch self {
        case .ownAuto, .daemonAuto: true
        case .own, .daemonDefault: false
        }
    }
}
