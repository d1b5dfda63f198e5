import CCurl
import Foundation

/// Collects one hop's response: header fields and the decoded body, stopping at the body limit.
/// libcurl calls the two C callbacks on the multi thread with this object as their context.
final class ResponseReceiver {
    let limit: Int
    private(set) var body = Data()
    private(set) var headers = HTTPHeaders()
    /// Set when the body would have grown past `limit`; the transfer then fails with a write error.
    private(set) var exceededLimit = false

    init(limit: Int) { self.limit = limit }

    /// Forgets the previous hop.
    func clear() {
        body = Data()
        headers = HTTPHeaders()
        exceededLimit = false
    }

    func takeBody() -> Data {
        defer { body = Data() }
        return body
    }

    /// The write callback; counts decoded bytes, so a compressed bomb stops at the limit too.
    static let writeBody: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context else { return 0 }
        let receiver = Unmanaged<ResponseReceiver>.fromOpaque(context).takeUnretainedValue()
        guard receiver.body.count + length <= receiver.limit else {
            receiver.exceededLimit = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) { receiver.body.append($0, count: length) }
        return length
    }

    /// The header callback: one line per call, status lines of every response (1xx too) included.
    static let receiveHeader: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context else { return 0 }
        let receiver = Unmanaged<ResponseReceiver>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        receiver.headerLine(String(decoding: bytes, as: UTF8.self))
        return length
    }

    private func headerLine(_ raw: String) {
        let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()  // a new response (after 1xx) starts over
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }
    }
}
