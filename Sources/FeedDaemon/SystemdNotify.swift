import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// systemd's notify protocol (sd_notify(3)) without libsystemd: one datagram per state change
/// to the AF_UNIX socket named by `$NOTIFY_SOCKET`, for a `Type=notify` / `Type=notify-reload`
/// service. Without the variable (run by hand, from cron, under another supervisor) every call
/// does nothing.
public final class SystemdNotifier: Sendable {
    /// The socket address as systemd gave it: a path, or `@name` for the abstract namespace.
    public let socketAddress: String?
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, as sd_watchdog_enabled(3)
    /// advises; `nil` when no watchdog is set or `$WATCHDOG_PID` names another process.
    public let watchdogInterval: Duration?

    /// Reads the variables once; pass `environment` and `processID` to test without touching ours.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, processID: pid_t = getpid()) {
        let address = environment["NOTIFY_SOCKET"] ?? ""
        socketAddress = (address.hasPrefix("/") || address.hasPrefix("@")) && address.utf8.count > 1 ? address : nil
        watchdogInterval = Self.watchdogInterval(environment: environment, processID: processID)
    }

    /// Whether there is a socket to talk to.
    public var isEnabled: Bool { socketAddress != nil }

    /// Sends `state` (newline-separated `KEY=value` assignments) as one datagram; false when
    /// disabled or when the send failed — the daemon keeps running either way.
    @discardableResult
    public func send(_ state: String) -> Bool {
        guard let socketAddress, var address = Self.unixAddress(socketAddress) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address.storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), sockaddrPointer, address.length)
            }
        }
        return sent == bytes.count
    }

    /// `READY=1`: start-up (or a reload) is complete.
    @discardableResult public func ready() -> Bool { send("READY=1") }

    /// `STATUS=…`: a one-line summary that `systemctl status` shows; newlines become spaces.
    @discardableResult public func status(_ text: String) -> Bool {
        send("STATUS=" + text.split(whereSeparator: \.isNewline).joined(separator: " "))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=`, which systemd ≥ 253 requires for `Type=notify-reload`
    /// and older versions ignore. Send `ready()` when the reload is done.
    @discardableResult public func reloading() -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        return send("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    /// `STOPPING=1`: shutdown has begun.
    @discardableResult public func stopping() -> Bool { send("STOPPING=1") }

    /// `WATCHDOG=1`: the keep-alive ping, due every `watchdogInterval`.
    @discardableResult public func watchdog() -> Bool { send("WATCHDOG=1") }

    /// Removes `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from our environment (after a
    /// notifier has read them), so that no child process can talk to systemd in our name.
    public static func unsetEnvironment() {
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) }
    }

    private static func watchdogInterval(environment: [String: String], processID: pid_t) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], pid_t(owner) != processID { return nil }
        return .microseconds(Int64(clamping: min(microseconds / 2, maxPingIntervalMicroseconds)))
    }

    /// The longest ping interval used, in microseconds (an hour): pinging more often than a huge
    /// `WATCHDOG_USEC` asks is harmless, and the interval stays a duration every clock can sleep.
    static let maxPingIntervalMicroseconds: UInt64 = 3_600_000_000

    /// A `sockaddr_un` for a path or an `@abstract` name, with the length the kernel expects
    /// (abstract names are not NUL-terminated and their length counts exactly).
    private static func unixAddress(_ text: String) -> (storage: sockaddr_un, length: socklen_t)? {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(text.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard bytes.count < capacity, abstract || !bytes.contains(0) else { return nil }
        withUnsafeMutableBytes(of: &storage.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let length = pathOffset + bytes.count + (abstract ? 0 : 1)
        return (storage, socklen_t(length))
    }
}
