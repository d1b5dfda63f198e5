import FeedFetcher
import Foundation
import Testing
@testable import FeedNotifier

/// What each built-in target puts on the wire for one message, without a network.
@Suite struct TargetRequestTests {
    static let message = NotificationMessage(event: "new", feedName: "news", title: "A < B & \"C\"",
                                             text: "Erste Zeile", url: "https://example.org/a?x=1&y=2")

    private func json(_ request: TargetRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    }

    @Test func matrixTransactionIDIsTheSameForEveryAttemptOfADelivery() {
        let target = MatrixTarget(homeserverURL: "https://m.example.org/", room: "!r:example.org", accessToken: "t")
        let first = target.request(for: Self.message, deliveryID: "abc123")
        #expect(first.url == "https://m.example.org/_matrix/client/v3/rooms/%21r%3Aexample.org/send/m.room.message/feedd-abc123")
        #expect(first.method == "PUT")
        #expect(target.request(for: Self.message, deliveryID: "abc123") == first)
    }

    @Test func telegramEscapesTheTitleInItsHTML() throws {
        let request = TelegramTarget(token: "1:A", chatID: "5", apiURL: "http://127.0.0.1:1")
            .request(for: Self.message, deliveryID: "d")
        let text = try #require(try json(request)["text"] as? String)
        #expect(text == "<b>news</b>\n<a href=\"https://example.org/a?x=1&amp;y=2\">A &lt; B &amp; &quot;C&quot;</a>\nErste Zeile")
    }

    @Test func slackEscapesItsControlCharactersInTheLink() throws {
        let request = SlackTarget(webhookURL: "https://hooks.slack.com/services/a/b/c").request(for: Self.message, deliveryID: "d")
        #expect(try json(request)["text"] as? String
                == "*news*: <https://example.org/a?x=1&amp;y=2|A &lt; B &amp; \"C\">\nErste Zeile")
    }

    @Test func discordSwitchesMentionsOff() throws {
        let request = DiscordTarget(webhookURL: "https://discord.com/api/webhooks/1/t").request(for: Self.message, deliveryID: "d")
        let mentions = try #require(try json(request)["allowed_mentions"] as? [String: Any])
        #expect((mentions["parse"] as? [Any])?.isEmpty == true)
    }

    @Test func ntfyEncodesANonASCIITitleAsAnRFC2047Word() {
        let message = NotificationMessage(event: "new", feedName: "news", title: "Grüße", text: "t", url: nil)
        let request = NtfyTarget(topicURL: "https://ntfy.sh/x").request(for: message, deliveryID: "d")
        #expect(request.headers["Title"] == "=?UTF-8?B?" + Data("news: Grüße".utf8).base64EncodedString() + "?=")
    }

    @Test func aTelegramErrorNamesTheURLWithTheTokenRedacted() {
        let target = TelegramTarget(token: "123:SECRET", chatID: "5", apiURL: "http://127.0.0.1:1")
        let reason = target.redacting("telegram: fetch: http://127.0.0.1:1/bot123:SECRET/sendMessage: HTTP 500")
        #expect(reason == "telegram: fetch: http://127.0.0.1:1/bot<redacted>/sendMessage: HTTP 500")
    }

    @Test func discordAndSlackTreatTheLastPathSegmentAsTheSecret() {
        #expect(DiscordTarget(webhookURL: "https://discord.com/api/webhooks/1/tok").secrets == ["tok"])
        #expect(SlackTarget(webhookURL: "https://hooks.slack.com/services/T/B/xyz").secrets == ["xyz"])
    }
}

@Suite struct EncodedWordTests {
    @Test func plainASCIIStaysAsItIs() {
        #expect(EncodedWord.encode("Hello, world") == "Hello, world")
    }

    @Test func longTextIsSplitIntoWordsOfAtMost75CharactersBetweenCharacters() throws {
        let text = String(repeating: "ü€", count: 40)
        let words = EncodedWord.encode(text).split(separator: " ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= EncodedWord.maxWordLength })
        let decoded = try words.map { word in
            try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
        }
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) }.joined() == text)
    }
}

@Suite struct NotificationMessageTests {
    @Test func longTextIsCutAtAWordWithAnEllipsis() {
        let text = String(repeating: "word ", count: 100)
        let excerpt = NotificationMessage.excerpt(text)
        #expect(excerpt.hasSuffix("word…"))
        #expect(excerpt.count <= NotificationMessage.maxTextCharacters + 1)
    }

    @Test func onlyTheFirstLinesAreKept() {
        let excerpt = NotificationMessage.excerpt("1\n2\n\n3\n4\n5\n6")
        #expect(excerpt == "1\n2\n3\n4…")
    }

    @Test func aCommentIsHeadedWithItsArticlesTitle() {
        let message = NotificationMessage(event: "comment", feedName: "blog", title: "Re: yes", text: "", url: nil,
                                          articleTitle: "The article")
        #expect(message.heading == "Comment on The article: Re: yes")
    }
}
