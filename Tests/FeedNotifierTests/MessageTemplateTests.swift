import FeedModel
import Foundation
import Testing
@testable import FeedNotifier

/// Mustache templates over the event's JSON, escaped for where the text goes.
@Suite struct MessageTemplateTests {
    static let payload = JSONValue.object([
        ("event", .string("new")),
        ("feed", .object([("name", .string("news"))])),
        ("item", .object([("title", .string("A \"quoted\" <b>title</b>")), ("url", .string("https://example.org/a"))])),
    ])

    @Test func jsonEscapingKeepsTheBodyValidJSON() throws {
        let template = try MessageTemplate(#"{"t": "{{item.title}}", "f": "{{feed.name}}"}"#, escaping: .json)
        let rendered = template.render(Self.payload)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: String])
        #expect(object == ["t": "A \"quoted\" <b>title</b>", "f": "news"])
    }

    @Test func htmlEscapingEscapesTheTitleButNotTheTemplate() throws {
        let template = try MessageTemplate("<a href=\"{{item.url}}\">{{item.title}}</a>", escaping: .html)
        #expect(template.render(Self.payload) == "<a href=\"https://example.org/a\">A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;</a>")
    }

    @Test func textEscapingInsertsTheValueAsItIs() throws {
        let template = try MessageTemplate("{{feed.name}}: {{item.title}}{{#article}} ({{article.title}}){{/article}}", escaping: .text)
        #expect(template.render(Self.payload) == "news: A \"quoted\" <b>title</b>")
    }

    @Test func anUnclosedSectionIsAnErrorNamingItsLine() {
        #expect(throws: MessageTemplateError.self) { try MessageTemplate("line one\n{{#item}}{{title}}", escaping: .text) }
        do {
            _ = try MessageTemplate("ok\n{{item.title", escaping: .text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("template line 2, column"))
        }
    }

    @Test func theContextAddsHeadingAndText() throws {
        let message = NotificationMessage(event: "new", feedName: "news", title: "T", text: "excerpt", url: nil)
        let template = try MessageTemplate("{{heading}}|{{text}}", escaping: .text)
        #expect(template.render(MessageTemplate.context(payload: Self.payload, message: message)) == "T|excerpt")
    }
}
