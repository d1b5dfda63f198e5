/// The environment a hook program starts with: a clean base taken from ours, then the hook's
/// configured `env`, then the `FEEDD_*` variables of the event, which always win.
///
/// Only named variables pass from the daemon: secrets in our environment (a webhook secret, a
/// database password, systemd's `NOTIFY_SOCKET`) must not leak into every hook.
public enum HookEnvironment {
    /// Variables copied from the daemon's environment when set: what programs need to find things,
    /// speak the right language, and reach the user's desktop session (for `notify-send`).
    public static let inheritedNames: [String] = [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE",
        "LC_MESSAGES", "TZ", "TMPDIR", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY",
        "WAYLAND_DISPLAY",
    ]

    /// The `PATH` a hook gets when the daemon has none (systemd always sets one).
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The `FEEDD_*` variables of one delivery; absent values are left out, not set empty.
    public static func variables(event: String, deliveryID: String, feedName: String?,
                                 feedURL: String?, itemURL: String?) -> [String: String] {
        var variables = ["FEEDD_EVENT": event, "FEEDD_DELIVERY_ID": deliveryID]
        variables["FEEDD_FEED_NAME"] = feedName
        variables["FEEDD_FEED_URL"] = feedURL
        variables["FEEDD_ITEM_URL"] = itemURL
        return variables
    }

    /// `KEY=value` entries for `posix_spawn`, sorted by key so a hook's environment is reproducible.
    ///
    /// Keys that are empty or contain `=` and values with a NUL byte cannot be expressed in a C
    /// environment block; they are dropped rather than silently truncated.
    public static func entries(inherited: [String: String], configured: [String: String],
                               variables: [String: String]) -> [String] {
        var merged: [String: String] = [:]
        for name in inheritedNames { merged[name] = inherited[name] }
        if merged["PATH"] == nil { merged["PATH"] = defaultPath }
        merged.merge(configured) { _, new in new }
        merged.merge(variables) { _, new in new }
        return merged
            .filter { key, value in !key.isEmpty && !key.contains("=") && !key.contains("\0") && !value.contains("\0") }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
    }
}
