import Foundation
import Testing
import FeedModel
@testable import FeedNotifier

@Test func payloadKeysComeInTheDocumentedOrder() {
    let entry = Entry(guid: "c-1", url: "https://example.org/a#comment-1", title: "Re: hello", contentHTML: "<p>hi</p>")
    let article = Entry(guid: "a-1", url: "https://example.org/a", title: "Hello", commentsFeedURL: "https://example.org/a/feed")
    let payload = HookPayload.make(event: "comment", deliveryID: "d-1", feedName: "blog", feedURL: "https://example.org/feed",
                                   feedTitle: "Blog", entry: entry, article: article)
    #expect(payload.serialized() == #"{"event":"comment","delivery_id":"d-1","feed":{"name":"blog","url":"https://example.org/feed","title":"Blog"},"#
        + #""item":{"id":"c-1","url":"https://example.org/a#comment-1","title":"Re: hello","content_html":"<p>hi</p>","_feedd":{"guid":"c-1"}},"#
        + #""article":{"id":"a-1","url":"https://example.org/a","title":"Hello","_feedd":{"guid":"a-1","comments_feed_url":"https://example.org/a/feed"}}}"#)
}

@Test func payloadForANewArticleHasNoArticleAndNoAbsentFeedTitle() {
    let payload = HookPayload.make(event: "new", deliveryID: "d-2", feedName: "blog", feedURL: "https://example.org/feed",
                                   feedTitle: nil, entry: Entry(url: "https://example.org/b"), article: nil)
    #expect(payload.serialized() == #"{"event":"new","delivery_id":"d-2","feed":{"name":"blog","url":"https://example.org/feed"},"#
        + #""item":{"id":"https://example.org/b","url":"https://example.org/b"}}"#)
}

@Test func payloadBodyRoundTripsHostileTextThroughAJSONParser() throws {
    let entry = Entry(guid: "x", title: hostileTitle)
    let body = HookPayload.body(HookPayload.make(event: "new", deliveryID: "d", feedName: "f", feedURL: "u",
                                                 feedTitle: "Ünïcödé", entry: entry, article: nil))
    let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    let item = try #require(object["item"] as? [String: Any])
    #expect(item["title"] as? String == hostileTitle)
}
