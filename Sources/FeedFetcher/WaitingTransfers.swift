/// Transfers accepted but not started, one first-in-first-out queue per host, hosts served in the
/// order their oldest transfer arrived. Used only on the multi thread.
struct WaitingTransfers {
    private var queues: [String: [Transfer]] = [:]
    private var hostOrder: [String] = []

    var isEmpty: Bool { hostOrder.isEmpty }

    mutating func append(_ transfer: Transfer) {
        let host = transfer.target.host
        if queues[host] == nil { hostOrder.append(host) }
        queues[host, default: []].append(transfer)
    }

    /// Takes out the transfer with that id, if it is still waiting.
    mutating func remove(id: UInt64) -> Transfer? {
        for host in hostOrder {
            guard let index = queues[host]?.firstIndex(where: { $0.id == id }) else { continue }
            let transfer = queues[host]!.remove(at: index)
            if queues[host]!.isEmpty { drop(host) }
            return transfer
        }
        return nil
    }

    /// Takes out everything, in order.
    mutating func removeAll() -> [Transfer] {
        defer { queues = [:]; hostOrder = [] }
        return hostOrder.flatMap { queues[$0] ?? [] }
    }

    /// Starts every transfer the limiter allows now; returns the earliest moment a host's delay
    /// ends, when one is only waiting for that.
    mutating func startEligible(limiter: inout HostLimiter, now: ContinuousClock.Instant,
                                start: (Transfer) -> Void) -> ContinuousClock.Instant? {
        var wake: ContinuousClock.Instant? = nil
        var index = 0
        while index < hostOrder.count, !limiter.isFull {
            let host = hostOrder[index]
            var emptied = false
            decide: while true {
                switch limiter.decide(host: host, now: now) {
                case .startNow:
                    let transfer = queues[host]!.removeFirst()
                    limiter.started(host: host, at: now)
                    start(transfer)
                    if queues[host]!.isEmpty { emptied = true; break decide }
                case .waitUntil(let moment):
                    wake = min(wake ?? moment, moment)
                    break decide
                case .waitForSlot:
                    break decide
                }
            }
            if emptied { drop(host) } else { index += 1 }
        }
        return wake
    }

    private mutating func drop(_ host: String) {
        queues[host] = nil
        hostOrder.removeAll { $0 == host }
    }
}
