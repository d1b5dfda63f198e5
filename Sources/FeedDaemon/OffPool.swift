import Dispatch

/// Runs a blocking store call on a thread outside the Swift concurrency pool and awaits it there.
///
/// The pool has only as many threads as cores, and a store write can wait tens of milliseconds
/// for the group commit in progress to release the write lock. A pass that made such a call on a
/// pool thread left one of two cores without a parse for that long.
enum OffPool {
    private static let queue: DispatchQueue = {
        let queue = DispatchQueue(label: "feedd-store-calls", attributes: .concurrent)
        queue.setSpecific(key: marker, value: ())
        return queue
    }()
    private static let marker = DispatchSpecificKey<Void>()

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// Whether the caller runs on this queue (tests check where a call ran).
    static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) != nil }
}
