import Foundation
import Glibc

/// One accepted connection: reads requests, asks the handler, writes responses, until either side closes.
struct HTTPTestConnection {
    let socket: Int32
    let core: ServerCore
    private static let chunkSize = 64 * 1024
    private static let maxHeaderBytes = 64 * 1024

    init(socket: Int32, core: ServerCore) {
        self.socket = socket
        self.core = core
    }

    func serve() {
        var buffer = [UInt8]()
        var cpuMark = currentThreadCPUSeconds()
        defer {
            chargeCPU(since: &cpuMark)
            core.closeConnection(socket)
        }
        while !core.isStopping, let request = readRequest(&buffer) {
            core.counters.withLock { counters in
                counters.requests += 1
                counters.inFlight += 1
                counters.peakInFlight = max(counters.peakInFlight, counters.inFlight)
            }
            let response = core.handler(request)
            let keepOpen = write(response, for: request)
            core.counters.withLock { $0.inFlight -= 1 }
            chargeCPU(since: &cpuMark)
            let clientCloses = request.headers["Connection"]?.lowercased() == "close"
            if !keepOpen || clientCloses { return }
        }
    }

    private func chargeCPU(since mark: inout Double) {
        let now = currentThreadCPUSeconds()
        let spent = now - mark
        mark = now
        core.counters.withLock { $0.cpuSeconds += spent }
    }

    // MARK: reading

    /// The next request, or nil when the client closed or sent garbage.
    private func readRequest(_ buffer: inout [UInt8]) -> HTTPTestRequest? {
        var headerEnd: Int? = Self.find(Array("\r\n\r\n".utf8), in: buffer)
        while headerEnd == nil {
            guard buffer.count < Self.maxHeaderBytes, receive(into: &buffer) else { return nil }
            headerEnd = Self.find(Array("\r\n\r\n".utf8), in: buffer)
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        buffer.removeFirst(headerEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count >= 2 else { return nil }
        var headers = HTTPTestHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        if headers["Expect"]?.lowercased() == "100-continue" { send(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
        let length = Int(headers["Content-Length"] ?? "0") ?? 0
        while buffer.count < length {
            guard receive(into: &buffer) else { return nil }
        }
        let body = Data(buffer[..<length])
        buffer.removeFirst(length)
        return HTTPTestRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private func receive(into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }

    // MARK: writing

    /// Writes the response with its misbehaviours; false when the connection must close afterwards.
    private func write(_ response: HTTPTestResponse, for request: HTTPTestRequest) -> Bool {
        if response.closeWithoutResponse { return false }
        if response.stallSeconds > 0, !pause(seconds: response.stallSeconds) { return false }
        let bodyLength = response.repeatedBody?.count ?? response.body.count
        let hasBody = request.method != "HEAD" && response.status != 304 && response.status != 204
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for field in response.headers.fields { head += "\(field.name): \(field.value)\r\n" }
        if response.sendsContentLength {
            if response.headers["Content-Length"] == nil, response.status != 304, response.status != 204 {
                head += "Content-Length: \(bodyLength)\r\n"
            }
        } else {
            head += "Connection: close\r\n"
        }
        head += "\r\n"
        guard send(Data(head.utf8)) else { return false }
        if hasBody {
            guard writeBody(response) else { return false }
        }
        return response.sendsContentLength
    }

    private func writeBody(_ response: HTTPTestResponse) -> Bool {
        if let repeated = response.repeatedBody {
            let chunk = Data(repeating: repeated.byte, count: Self.chunkSize)
            var left = repeated.count
            while left > 0 {
                let piece = min(left, chunk.count)
                if let rate = response.dripBytesPerSecond {
                    guard drip(chunk.prefix(piece), rate: rate) else { return false }
                } else {
                    guard !core.isStopping, send(chunk.prefix(piece)) else { return false }
                }
                left -= piece
            }
            return true
        }
        if let rate = response.dripBytesPerSecond { return drip(response.body, rate: rate) }
        return send(response.body)
    }

    /// Sends one byte at a time at `rate` bytes per second.
    private func drip(_ bytes: Data, rate: Int) -> Bool {
        let gap = 1.0 / Double(max(1, rate))
        for byte in bytes {
            guard send(Data([byte])), pause(seconds: gap) else { return false }
        }
        return true
    }

    /// Sleeps in short steps so `stop()` is never kept waiting; false when the server is stopping
    /// or the client has gone away (counted, so tests can see a cancelled transfer was dropped).
    private func pause(seconds: Double) -> Bool {
        var left = seconds
        while left > 0 {
            if core.isStopping { return false }
            if peerClosed() {
                core.counters.withLock { $0.abandoned += 1 }
                return false
            }
            let step = min(left, 0.01)
            usleep(UInt32(step * 1_000_000))
            left -= step
        }
        return !core.isStopping
    }

    private func peerClosed() -> Bool {
        var byte: UInt8 = 0
        let count = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }

    @discardableResult
    private func send(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(socket, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { return false }
                offset += sent
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
