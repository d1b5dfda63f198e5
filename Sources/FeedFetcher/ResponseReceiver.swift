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
        receiver.headerLine(UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// Splits one raw header line at its colon, trimming spaces, tabs and the line break, on bytes
    /// (this runs for every header of every response, so it avoids Foundation's character sets).
    private func headerLine(_ bytes: UnsafeRawBufferPointer) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        func trimmed(_ slice: Slice<UnsafeRawBufferPointer>) -> String {
            var start = slice.startIndex, end = slice.endIndex
            while start < end, isSpace(slice[start]) { start += 1 }
            while end > start, isSpace(slice[end - 1]) { end -= 1 }
            return String(decoding: slice.base[start..<end], as: UTF8.self)
        }
        if bytes.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()  // a new response (after 1xx) starts over
        } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            headers.add(trimmed(bytes[..<colon]), trimmed(bytes[(colon + 1)...]))
        }
    }
}
