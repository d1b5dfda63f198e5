import CCurl
import Foundation

/// Why a mail could not be handed to the SMTP server.
public struct MailSubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server URL (it carries no credentials: those are separate options).
    public var url: String
    /// libcurl's message.
    public var message: String
    /// The server's last SMTP reply code (e.g. 550), 0 when it never answered.
    public var replyCode: Int

    /// `smtp: <url>: <message> (SMTP <code>)`, on one line.
    public var description: String {
        let code = replyCode > 0 ? " (SMTP \(replyCode))" : ""
        return HeaderText.escapingControlCharacters("smtp: \(url): \(message)\(code)")
    }
}

/// One mail submitted through libcurl's SMTP: `smtp://` upgraded with STARTTLS when the server
/// offers it, `smtps://` with TLS from the start, AUTH when credentials are given.
///
/// A password never crosses a network in the clear: with credentials, an `smtp://` server that
/// is not on this machine must offer STARTTLS, or nothing is sent.
public struct MailSubmission: Sendable {
    /// `smtp://host:port` or `smtps://host:port`.
    public var url: String
    /// The envelope sender (`MAIL FROM`).
    public var from: String
    /// The envelope recipients (`RCPT TO`).
    public var recipients: [String]
    /// The SMTP AUTH user and password, when the server wants them.
    public var username: String?
    public var password: String?
    /// How long the whole submission may take.
    public var timeout: TimeInterval

    /// A submission of a mail from `from` to `recipients` through `url`.
    public init(url: String, from: String, recipients: [String], username: String? = nil, password: String? = nil,
                timeout: TimeInterval) {
        self.url = url
        self.from = from
        self.recipients = recipients
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    /// Sends `message` (the RFC 5322 bytes, CRLF line ends) on a thread of its own, as libcurl's
    /// easy interface blocks; the hook concurrency limit bounds how many run at once.
    public func send(_ message: Data) async -> Result<Void, MailSubmissionError> {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.sendBlocking(message)) }
            thread.name = "feedd-smtp"
            thread.start()
        }
    }

    private func sendBlocking(_ message: Data) -> Result<Void, MailSubmissionError> {
        guard let easy = CurlEasy() else {
            return .failure(MailSubmissionError(url: url, message: "libcurl could not be initialised", replyCode: 0))
        }
        easy.reset()
        let source = MailSource(message)
        var recipientList: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { recipientList = curl_slist_append(recipientList, recipient) }
        defer { curl_slist_free_all(recipientList) }

        easy.set(CURLOPT_URL, url)
        easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        easy.set(CURLOPT_MAIL_FROM, from)
        _ = ccurl_easy_setopt_slist(easy.handle, CURLOPT_MAIL_RCPT, recipientList)
        easy.set(CURLOPT_UPLOAD, 1)
        easy.set(CURLOPT_NOSIGNAL, 1)
        easy.set(CURLOPT_TIMEOUT_MS, Int(min(timeout, 86_400) * 1000))
        easy.set(CURLOPT_USE_SSL, Int(requiresTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue))
        if let username { easy.set(CURLOPT_USERNAME, username) }
        if let password { easy.set(CURLOPT_PASSWORD, password) }
        _ = ccurl_easy_setopt_read_callback(easy.handle, MailSource.read)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        _ = ccurl_easy_setopt_pointer(easy.handle, CURLOPT_READDATA, unmanaged.toOpaque())

        let code = curl_easy_perform(easy.handle)
        guard code == CURLE_OK else {
            return .failure(MailSubmissionError(url: url, message: easy.errorMessage(for: code),
                                                replyCode: easy.infoInt(CURLINFO_RESPONSE_CODE)))
        }
        return .success(())
    }

    /// Credentials over `smtp://` to another machine need STARTTLS; on loopback there is no wire to read.
    var requiresTLS: Bool {
        guard username != nil || password != nil else { return false }
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return true }
        return !(host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127."))
    }
}

/// The message bytes libcurl's read callback hands out, chunk by chunk.
private final class MailSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = Array(data) }

    static let read: curl_read_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let source = Unmanaged<MailSource>.fromOpaque(context).takeUnretainedValue()
        let room = size * count
        let length = min(room, source.bytes.count - source.offset)
        guard length > 0 else { return 0 }
        source.bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + source.offset, byteCount: length)
        }
        source.offset += length
        return length
    }
}
