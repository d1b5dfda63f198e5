/// An async semaphore that bounds how many hooks run at once; every caller that delivers hooks
/// shares one, so a burst of new articles cannot start hundreds of processes.
///
/// Waiters are served in arrival order. A permit is held for the whole run of one delivery.
public actor HookConcurrencyLimiter {
    /// How many runs may hold a permit at the same time.
    public nonisolated let limit: Int
    private var inUse = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A limiter with `limit` permits (at least one).
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` while holding a permit, waiting for one first if all are taken.
    public func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// The number of permits taken right now.
    public var running: Int { inUse }

    private func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            // The permit passes straight to the next waiter; `inUse` stays the same.
            waiters.removeFirst().resume()
        }
    }
}
