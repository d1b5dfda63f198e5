import Foundation
import Testing
@testable import FeedNotifier

/// The MIME message an `email` hook sends.
@Suite struct MailComposerTests {
    static let message = NotificationMessage(event: "new", feedName: "news", title: String(repeating: "Grüße ", count: 20),
                                             text: "Text", url: "https://example.org/a")

    private func compose() -> String {
        let data = MailComposer.compose(subject: MailComposer.subject(Self.message), text: Self.message.plainBody,
                                        html: MailComposer.html(Self.message), from: "f@example.org", to: ["t@example.org"],
                                        deliveryID: "0123abcd", date: Date(timeIntervalSince1970: 0))
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyLineIsASCIIAndShorterThan78Characters() {
        let lines = compose().components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 && $0.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test func aLongSubjectIsFoldedIntoEncodedWords() {
        let text = compose()
        #expect(text.contains("Subject: =?UTF-8?B?"))
        #expect(text.contains("?=\r\n =?UTF-8?B?"))
    }

    @Test func theMessageIDAndDateAreDerivedFromTheDeliveryAndTheSender() {
        let text = compose()
        #expect(text.contains("\r\nMessage-ID: <feedd.0123abcd@example.org>\r\n"))
        #expect(text.contains("\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
    }
}
