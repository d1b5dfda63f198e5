import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
#if canImport(Glibc)
import Glibc
#endif

/// A real AF_UNIX datagram socket bound by the test, standing in for systemd's notify socket.
private final class NotifySocket {
    let fd: Int32
    /// The value systemd would put in `$NOTIFY_SOCKET`.
    let address: String

    /// Binds a path socket in `folder`, or an abstract one when `folder` is nil.
    init(folder: TemporaryDirectory?) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        let name = folder.map { $0.path("notify.sock") } ?? "@feedd-test-\(UUID().uuidString)"
        address = name
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if folder == nil { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(2 + bytes.count + (folder == nil ? 0 : 1))
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        try #require(rc == 0)
    }

    /// The next datagram, waiting at most five seconds (so a missing message fails, not hangs).
    func receive() -> String? {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, 5000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n >= 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    /// Whether a datagram is waiting right now.
    var hasPending: Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 0) == 1
    }

    deinit { close(fd) }
}

@Test func notifierSendsStatesInOrderToAPathSocket() throws {
    let folder = try TemporaryDirectory()
    let listener = try NotifySocket(folder: folder)
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address])
    #expect(notifier.ready())
    #expect(notifier.status("42 feeds, 3 due\nnext in 5m"))
    #expect(notifier.watchdog())
    #expect(notifier.stopping())
    #expect(listener.receive() == "READY=1")
    #expect(listener.receive() == "STATUS=42 feeds, 3 due next in 5m")
    #expect(listener.receive() == "WATCHDOG=1")
    #expect(listener.receive() == "STOPPING=1")
}

@Test func notifierReachesAnAbstractSocket() throws {
    let listener = try NotifySocket(folder: nil)
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address])
    #expect(notifier.ready())
    #expect(listener.receive() == "READY=1")
}

@Test func reloadingCarriesTheMonotonicClock() throws {
    let folder = try TemporaryDirectory()
    let listener = try NotifySocket(folder: folder)
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address])
    var before = timespec()
    clock_gettime(CLOCK_MONOTONIC, &before)
    #expect(notifier.reloading())
    let message = try #require(listener.receive())
    let lines = message.split(separator: "\n")
    #expect(lines.first == "RELOADING=1")
    let stamp = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
    #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
    #expect(stamp >= UInt64(before.tv_sec) * 1_000_000)
}

@Test func withoutNotifySocketEveryCallIsANoOp() {
    let notifier = SystemdNotifier(environment: [:])
    #expect(!notifier.isEnabled)
    #expect(!notifier.ready())
    #expect(!notifier.stopping())
    #expect(notifier.watchdogInterval == nil)
}

@Test func aSocketThatIsGoneMakesSendFailQuietly() throws {
    let folder = try TemporaryDirectory()
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": folder.path("absent.sock")])
    #expect(notifier.isEnabled)
    #expect(!notifier.ready())
}

@Test func watchdogIntervalIsHalfOfWatchdogUsec() {
    let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000"], processID: 1234)
    #expect(notifier.watchdogInterval == .seconds(30))
}

@Test func aHugeWatchdogUsecGivesAPingIntervalOfAtMostAnHour() {
    let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": String(UInt64.max)], processID: 1234)
    #expect(notifier.watchdogInterval == .seconds(3600))
}

@Test func watchdogMeantForAnotherProcessIsIgnored() {
    let mine = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "1234"], processID: 1234)
    let theirs = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "999"], processID: 1234)
    #expect(mine.watchdogInterval == .seconds(10))
    #expect(theirs.watchdogInterval == nil)
}

// Not setting variables here: setenv while other tests of this process read the environment is a
// data race in glibc. Under `swift test` none of the three is set, so this checks the call is safe.
@Test func unsetEnvironmentLeavesNoNotifyVariables() {
    SystemdNotifier.unsetEnvironment()
    #expect(getenv("NOTIFY_SOCKET") == nil)
    #expect(getenv("WATCHDOG_USEC") == nil)
}
