import FeedModel
import Foundation

/// The process that holds a claim on a feed's refresh or a delivery: host, process id and the
/// time the process first claimed anything, so `feedd hooks` can say who runs what and a
/// reused process id on another day is a different owner.
public struct ClaimOwner: Sendable, Hashable {
    public var host: String
    public var processID: Int32
    public var startedAt: Date

    /// An owner named explicitly (tests, or a store copied between machines).
    public init(host: String, processID: Int32, startedAt: Date) {
        self.host = host
        self.processID = processID
        self.startedAt = startedAt
    }

    /// This process, as every claim it makes names it.
    public static let current = ClaimOwner(host: localHostName(), processID: getpid(), startedAt: Date())

    /// The kernel's host name, as `hostname` prints it. Not `ProcessInfo.hostName`, which may ask
    /// DNS for a canonical name and hang in a sandbox without network.
    static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// How the owner is stored and shown: `host pid 1234 since 2026-12-04T14:55:00Z`.
    ///
    /// Whole seconds keep the text stable; host and pid already tell apart two processes of one second.
    public var label: String {
        "\(host) pid \(processID) since \(RFC3339.format(Date(timeIntervalSince1970: startedAt.timeIntervalSince1970.rounded(.down))))"
    }
}

extension ClaimOwner {
    /// The host and process id a stored label names, or nil for a label not of this form.
    public static func hostAndProcess(of label: String) -> (host: String, processID: Int32)? {
        guard let pidRange = label.range(of: " pid ", options: .backwards) else { return nil }
        let host = String(label[..<pidRange.lowerBound])
        let rest = label[pidRange.upperBound...]
        guard let pid = Int32(rest.prefix { $0.isNumber }) else { return nil }
        return (host, pid)
    }
}

/// Who claims and for how long: every claim (a feed's refresh, a delivery) expires `lease` seconds
/// after it was taken or last renewed, so the claims of a process that died are taken over by another.
public struct ClaimPolicy: Sendable, Hashable {
    public var owner: ClaimOwner
    /// Seconds a claim lasts without renewal.
    public var lease: TimeInterval

    /// A claim lasts a minute unless renewed: a crashed owner's feeds and deliveries wait at most
    /// that long, and renewing every third of it costs one small write every 20 s.
    public static let defaultLease: TimeInterval = 60
    /// The bounds a configured lease must keep (1 s for tests of a takeover, 1 h at most).
    public static let leaseRange: ClosedRange<TimeInterval> = 1...3600

    public init(owner: ClaimOwner = .current, lease: TimeInterval = ClaimPolicy.defaultLease) {
        self.owner = owner
        self.lease = min(max(lease, Self.leaseRange.lowerBound), Self.leaseRange.upperBound)
    }

    /// When a claim taken or renewed at `now` expires.
    public func expiry(from now: Date) -> Date { now.addingTimeInterval(lease) }

    /// How often a holder renews its claims: three times per lease, so one late renewal never lets a claim lapse.
    public var renewalInterval: TimeInterval { lease / 3 }
}
