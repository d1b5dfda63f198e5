import Foundation

/// The last bytes a child process wrote to one stream, kept for the error message of a failed hook.
///
/// Only the tail is kept: a hook that prints megabytes must not grow the daemon's memory.
struct OutputTail: Sendable {
    let limit: Int
    private(set) var bytes: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk.suffix(limit))
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The tail as one trimmed line of text (invalid UTF-8 repaired), for log and outbox messages.
    var text: String {
        String(decoding: bytes, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " | ")
    }
}
