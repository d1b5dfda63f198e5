import Glibc

/// A POSIX thread that can be joined, so shutting the fetcher down waits for its thread to end.
final class JoinableThread: Sendable {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private let thread: pthread_t

    /// Starts `body` on a new thread, which then owns whatever `body` captured; nil when the system refuses.
    init?(_ body: sending @escaping () -> Void) {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        self.thread = thread
    }

    /// True when called from this thread itself (which must never join itself).
    var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Waits for the thread to end; call once.
    func join() { pthread_join(thread, nil) }
}
