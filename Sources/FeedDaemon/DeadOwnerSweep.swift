import FeedStore
import Foundation

/// Lets the claims of a process on this host that no longer runs lapse at once, so a restarted
/// daemon or the next `feedd fetch` after a crash takes its feeds and deliveries over without
/// waiting out the lease. A claim of another host, or of a process id that is alive (even one
/// reused by another program), waits for its lease: only a process known dead is swept.
///
/// The same process id with another label is an earlier process (a container's pid 1 after a
/// restart): dead too.
enum DeadOwnerSweep {
    /// Sweeps and returns the labels of the owners whose claims lapsed.
    @discardableResult
    static func sweep(_ store: any ClaimSweeping, me: ClaimOwner, now: Date,
                      isRunning: (Int32) -> Bool = DeadOwnerSweep.processExists) -> [String] {
        guard let owners = try? store.liveClaimOwners(now: now) else { return [] }
        var swept: [String] = []
        for label in owners where label != me.label {
            guard let (host, pid) = ClaimOwner.hostAndProcess(of: label), host == me.host else { continue }
            guard pid == me.processID || !isRunning(pid) else { continue }
            if (try? store.lapseClaims(owner: label, at: now)) != nil { swept.append(label) }
        }
        return swept
    }

    /// Whether a process with this id exists (a zombie counts until it is reaped).
    static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
