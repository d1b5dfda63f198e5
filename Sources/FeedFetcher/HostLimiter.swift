/// Politeness bookkeeping: how many transfers run in total and per host, and when each host was
/// last contacted, so a site's hundred comment feeds are spread out instead of arriving together.
/// Used only on the multi thread.
struct HostLimiter {
    /// Whether a transfer to a host may start.
    enum Decision: Equatable {
        case startNow
        /// The host's minimum delay has not passed yet.
        case waitUntil(ContinuousClock.Instant)
        /// The host (or everything) is at its concurrency limit; a finishing transfer frees a slot.
        case waitForSlot
    }

    let totalLimit: Int
    let perHostLimit: Int
    let minimumGap: Duration
    private(set) var activeTotal = 0
    private var activeByHost: [String: Int] = [:]
    private var lastStartByHost: [String: ContinuousClock.Instant] = [:]

    init(totalLimit: Int, perHostLimit: Int, minimumGap: Duration) {
        self.totalLimit = totalLimit
        self.perHostLimit = perHostLimit
        self.minimumGap = minimumGap
    }

    var isFull: Bool { activeTotal >= totalLimit }

    func decide(host: String, now: ContinuousClock.Instant) -> Decision {
        if isFull || activeByHost[host, default: 0] >= perHostLimit { return .waitForSlot }
        if let last = lastStartByHost[host], last + minimumGap > now { return .waitUntil(last + minimumGap) }
        return .startNow
    }

    mutating func started(host: String, at now: ContinuousClock.Instant) {
        activeTotal += 1
        activeByHost[host, default: 0] += 1
        if minimumGap > .zero { lastStartByHost[host] = now }
    }

    mutating func finished(host: String, at now: ContinuousClock.Instant) {
        activeTotal -= 1
        let remaining = activeByHost[host, default: 1] - 1
        activeByHost[host] = remaining > 0 ? remaining : nil
        // A host idle for longer than the gap needs no memory of its last start.
        if remaining <= 0, let last = lastStartByHost[host], last + minimumGap <= now {
            lastStartByHost[host] = nil
        }
    }
}
