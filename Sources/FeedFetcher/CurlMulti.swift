import CCurl
import Synchronization

/// The one thread that owns the libcurl multi handle. Callers post commands to its inbox; the thread
/// starts what the limits allow, drives `curl_multi_perform`, collects finished transfers with
/// `curl_multi_info_read`, and sleeps in `curl_multi_poll` until a socket, a timer or a wakeup.
final class CurlMulti: Sendable {
    private let inbox: CommandInbox?
    private let thread: JoinableThread?
    private let isJoined = Mutex(false)

    init(options: FetcherOptions) {
        guard CurlGlobal.isReady, let raw = curl_multi_init() else {
            inbox = nil
            thread = nil
            return
        }
        let handle = MultiHandle(raw: raw)
        let inbox = CommandInbox(multi: handle)
        let loop = MultiLoop(multi: handle, inbox: inbox, options: options)
        self.inbox = inbox
        thread = JoinableThread { loop.run() }
        if thread == nil {
            _ = inbox.close()
            curl_multi_cleanup(raw)
        }
    }

    /// Hands a transfer to the thread; false when the fetcher is shut down (or never started).
    func submit(_ command: FetchCommand) -> Bool {
        guard thread != nil, let inbox else { return false }
        return inbox.post(command)
    }

    /// Asks the thread to drop a transfer; its ticket is then finished as cancelled.
    func cancel(id: UInt64) { _ = inbox?.post(.cancel(id: id)) }

    /// Stops the thread, failing every unfinished transfer with `shutDown`, and waits for it to end.
    func shutdown() {
        guard let thread, let inbox else { return }
        _ = inbox.post(.shutdown)
        let mustJoin = isJoined.withLock { joined in
            defer { joined = true }
            return !joined
        }
        if mustJoin && !thread.isCurrent { thread.join() }
    }

    deinit { shutdown() }
}

/// The state of the multi thread. Created on the caller's thread, then owned by the loop thread alone.
private final class MultiLoop {
    private let multi: MultiHandle
    private let inbox: CommandInbox
    private let options: FetcherOptions
    private var limiter: HostLimiter
    private var waiting = WaitingTransfers()
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var pool: [CurlEasy] = []
    /// How long to sleep when nothing is due; libcurl shortens it for its own timers, and posts wake it.
    private static let idlePollMilliseconds: Int32 = 1000

    init(multi: MultiHandle, inbox: CommandInbox, options: FetcherOptions) {
        self.multi = multi
        self.inbox = inbox
        self.options = options
        limiter = HostLimiter(totalLimit: options.concurrency, perHostLimit: options.perHost,
                              minimumGap: Milliseconds.duration(options.hostDelay))
        _ = ccurl_multi_setopt_long(multi.raw, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    func run() {
        while true {
            for command in inbox.drain() {
                switch command {
                case .add(let id, let request, let target, let ticket):
                    waiting.append(Transfer(id: id, request: request, target: target, ticket: ticket,
                                            maxBodyBytes: options.maxBodyBytes))
                case .cancel(let id):
                    cancel(id: id)
                case .shutdown:
                    shutDown()
                    return
                }
            }
            let wake = waiting.startEligible(limiter: &limiter, now: .now) { start($0) }
            var running: Int32 = 0
            _ = curl_multi_perform(multi.raw, &running)
            if collectFinished() > 0 { continue }  // freed slots or redirect hops: go round again at once
            _ = curl_multi_poll(multi.raw, nil, 0, pollTimeout(until: wake), nil)
        }
    }

    private func pollTimeout(until wake: ContinuousClock.Instant?) -> Int32 {
        guard let wake else { return Self.idlePollMilliseconds }
        let (seconds, attoseconds) = (wake - .now).components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: max(0, min(Int64(Self.idlePollMilliseconds), milliseconds)))
    }

    private func start(_ transfer: Transfer) {
        guard let easy = pool.popLast() ?? CurlEasy() else {
            complete(transfer, .failure(.transport(url: transfer.request.url, code: -1,
                                                   message: "libcurl could not create a handle")))
            return
        }
        transfer.easy = easy
        transfer.markStarted(at: .now)
        beginHop(transfer, easy)
    }

    private func beginHop(_ transfer: Transfer, _ easy: CurlEasy) {
        easy.reset()
        if let error = transfer.configure(easy, options: options, now: .now) {
            complete(transfer, .failure(error))
            return
        }
        let status = curl_multi_add_handle(multi.raw, easy.handle)
        guard status == CURLM_OK else {
            complete(transfer, .failure(.transport(url: transfer.request.url, code: Int(status.rawValue),
                                                   message: String(cString: curl_multi_strerror(status)))))
            return
        }
        active[easy.handle] = transfer
    }

    /// Handles every finished hop; returns how many there were.
    private func collectFinished() -> Int {
        var finished: [(UnsafeMutableRawPointer, CURLcode)] = []
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi.raw, &queued) {
            // Copy out first: the message dies with curl_multi_remove_handle.
            if message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle {
                finished.append((handle, message.pointee.data.result))
            }
        }
        for (handle, code) in finished { hopFinished(handle: handle, code: code) }
        return finished.count
    }

    private func hopFinished(handle: UnsafeMutableRawPointer, code: CURLcode) {
        _ = curl_multi_remove_handle(multi.raw, handle)
        guard let transfer = active.removeValue(forKey: handle), let easy = transfer.easy else { return }
        switch transfer.hopFinished(code: code, easy: easy, options: options) {
        case .follow: beginHop(transfer, easy)
        case .finished(let outcome): complete(transfer, outcome)
        }
    }

    /// Ends a started transfer: its handle goes back to the pool, its host slot is freed, its task resumes.
    private func complete(_ transfer: Transfer, _ outcome: TransferTicket.Outcome) {
        if let easy = transfer.easy {
            transfer.easy = nil
            easy.reset()  // detaches the callbacks from this transfer's receiver
            if pool.count < options.concurrency { pool.append(easy) }
        }
        limiter.finished(host: transfer.target.host, at: .now)
        transfer.ticket.finish(outcome)
    }

    private func cancel(id: UInt64) {
        if let transfer = waiting.remove(id: id) {
            transfer.ticket.finish(.failure(.cancelled(url: transfer.request.url)))
            return
        }
        guard let (handle, transfer) = active.first(where: { $0.value.id == id }) else { return }
        _ = curl_multi_remove_handle(multi.raw, handle)
        active[handle] = nil
        complete(transfer, .failure(.cancelled(url: transfer.request.url)))
    }

    private func shutDown() {
        for (handle, transfer) in active {
            _ = curl_multi_remove_handle(multi.raw, handle)
            complete(transfer, .failure(.shutDown(url: transfer.request.url)))
        }
        active = [:]
        for transfer in waiting.removeAll() {
            transfer.ticket.finish(.failure(.shutDown(url: transfer.request.url)))
        }
        for case .add(_, let request, _, let ticket) in inbox.close() {
            ticket.finish(.failure(.shutDown(url: request.url)))
        }
        pool = []
        curl_multi_cleanup(multi.raw)
    }
}
