import Foundation
import Logging
import Synchronization
import Testing
import FeedDaemon

/// The daemon's log handler: feed text in a message, metadata or an error never starts a new log
/// line nor reaches the terminal as an escape sequence.
@Suite struct EscapingLogHandlerTests {
    /// What the wrapped stream handler wrote.
    final class RecordedStream: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var written: String { text.withLock { $0 } }
    }

    struct HostileError: Error, CustomStringConvertible {
        var description: String { "failed\n2026-01-01T00:00:00Z critical forged \u{1B}[2J" }
    }

    private func logger(_ stream: RecordedStream) -> Logger {
        Logger(label: "feedd") { label in
            EscapingLogHandler(wrapping: StreamLogHandler(label: label, stream: stream, metadataProvider: nil))
        }
    }

    @Test func aMessageWithALineFeedIsExactlyOneLine() {
        let stream = RecordedStream()
        logger(stream).warning("news: \("https://example.org/a\n2026-01-01T00:00:00Z info forged line")")
        #expect(stream.written.split(separator: "\n", omittingEmptySubsequences: false).count == 2)
        #expect(stream.written.hasSuffix("\n"))
        #expect(stream.written.contains("https://example.org/a\\n2026-01-01T00:00:00Z info forged line"))
    }

    @Test func escapeSequencesInTheMessageAreShownNotSent() {
        let stream = RecordedStream()
        logger(stream).info("\("title \u{1B}]0;owned\u{07} \u{9B}2J \u{202E}desrever")")
        #expect(!stream.written.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E })
        #expect(stream.written.contains("title \\x1b]0;owned\\x07 \\u{9b}2J \\u{202e}desrever"))
    }

    @Test func metadataValuesAndErrorsAreEscapedToo() {
        let stream = RecordedStream()
        var logger = logger(stream)
        logger[metadataKey: "feed"] = "news\r\nforged"
        logger.error("refresh failed", error: HostileError(), metadata: ["url": "https://example.org/\n", "list": ["\u{1B}[31m"]])
        #expect(stream.written.filter { $0 == "\n" || $0 == "\r\n" }.count == 1, "\(stream.written)")
        #expect(!stream.written.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D })
        #expect(stream.written.contains("news\\r\\nforged"))
        #expect(stream.written.contains("failed\\n2026-01-01T00:00:00Z critical forged \\x1b[2J"))
    }
}
