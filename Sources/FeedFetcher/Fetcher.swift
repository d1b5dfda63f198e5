import Synchronization

/// Concurrent, conditional, polite HTTP over one libcurl multi handle: hand it requests, await responses.
///
/// 2xx and 304 come back as a `FetchResponse`; everything else throws a `FetchError` naming the URL.
/// Total and per-host concurrency and the per-host delay come from `FetcherOptions`. Cancelling the
/// awaiting task removes its transfer.
public final class Fetcher: Sendable {
    /// The limits this fetcher enforces.
    public let options: FetcherOptions
    private let multi: CurlMulti
    private let lastID = Atomic<UInt64>(0)

    /// Starts the fetcher's thread.
    public init(options: FetcherOptions = .init()) {
        self.options = options
        multi = CurlMulti(options: options)
    }

    /// Fetches one URL, following redirects; returns for 2xx and 304, throws for everything else.
    /// A header value with a control character (CR, LF, NUL, ...) is never sent: the request fails
    /// with `invalidHeader` before it goes out.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        let allowFile = request.allowFileURL || options.allowFileURLs
        let target = try RequestTarget.check(request.url, allowFile: allowFile, reportAs: request.url).get()
        if let name = request.unsafeHeaderName { throw .invalidHeader(url: request.url, name: name) }
        guard HeaderText.isSafeValue(options.userAgent) else { throw .invalidHeader(url: request.url, name: "User-Agent") }
        let id = lastID.add(1, ordering: .relaxed).newValue
        let ticket = TransferTicket(id: id)
        let multi = self.multi
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransferTicket.Outcome, Never>) in
                ticket.begin(continuation,
                             cancelled: .cancelled(url: request.url),
                             rejected: .shutDown(url: request.url)) {
                    multi.submit(.add(id: id, request: request, target: target, ticket: ticket))
                }
            }
        } onCancel: {
            if ticket.cancel() { multi.cancel(id: id) }
        }
        return try outcome.get()
    }

    /// Stops the thread; unfinished fetches throw `shutDown`, later ones too. Also done on deinit.
    public func shutdown() { multi.shutdown() }
}
