import Foundation
import TestSupport

/// The generated web of the poll-cycle benchmark: `feeds` WordPress-shaped RSS 2.0 main feeds of
/// `itemsPerFeed` items (~1.5 KB of HTML each, so a main feed is ~20 KB), every item with a
/// `wfw:commentRss` to its own comment feed of 0–3 comments. Articles are from the last days, so
/// they are inside the comment window and their comment feeds are followed. Deterministic.
struct PollCycleSite {
    let feeds: Int
    let itemsPerFeed: Int
    /// Every main feed URL, in order.
    private(set) var mainURLs: [String] = []
    /// Every comment feed URL, in order.
    private(set) var commentURLs: [String] = []
    private(set) var bytes = 0
    private(set) var comments = 0

    /// Generates the site and puts every file on `site`.
    init(feeds: Int, itemsPerFeed: Int, on site: StaticSiteServer, now: Date = Date()) {
        self.feeds = feeds
        self.itemsPerFeed = itemsPerFeed
        let base = site.baseURL
        for feed in 0..<feeds {
            var items = ""
            for item in 0..<itemsPerFeed {
                let article = "\(base)/site/\(feed)/post-\(item)/"
                let published = now.addingTimeInterval(-Double((feed * 7 + item * 3_600) % (4 * 86_400)) - 600)
                let count = (feed * 31 + item * 7) % 4
                let commentFeed = article + "feed/"
                let commentBody = Self.commentFeed(article: article, feed: feed, item: item, count: count, after: published)
                site.set("/site/\(feed)/post-\(item)/feed/", body: commentBody, contentType: "application/rss+xml")
                commentURLs.append(commentFeed)
                bytes += commentBody.count
                comments += count
                items += Self.item(article: article, commentFeed: commentFeed, feed: feed, item: item,
                                   published: published, comments: count)
            }
            let body = Data(("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
                <channel>
                <title>Site \(feed) &#8211; Nachrichten</title>
                <link>\(base)/site/\(feed)/</link>
                <description>Generated for feedd-bench</description>
                <language>de-DE</language>

                """ + items + "</channel>\n</rss>\n").utf8)
            site.set("/site/\(feed)/feed/", body: body, contentType: "application/rss+xml")
            mainURLs.append("\(base)/site/\(feed)/feed/")
            bytes += body.count
        }
    }

    private static let paragraph = "Die Forschung an künstlicher Intelligenz in München und Berlin geht weiter; "
        + "the model was trained on open data &amp; evaluated by the team. "

    private static func item(article: String, commentFeed: String, feed: Int, item: Int, published: Date,
                             comments: Int) -> String {
        var html = ""
        for number in 0..<6 {
            html += "<p>\(paragraph)<a href=\"\(article)#p\(number)\">Abschnitt \(number)</a> \(paragraph)</p>\n"
        }
        return """
            <item>
            <title>Artikel \(item) von Seite \(feed): Straße &amp; Zukunft</title>
            <link>\(article)</link>
            <comments>\(article)#respond</comments>
            <dc:creator><![CDATA[Autorin \(feed % 13)]]></dc:creator>
            <pubDate>\(rfc822(published))</pubDate>
            <category><![CDATA[KI]]></category>
            <guid isPermaLink="false">\(article)?p=\(feed * 100 + item)</guid>
            <description><![CDATA[<p>\(paragraph)[&#8230;]</p>]]></description>
            <content:encoded><![CDATA[\(html)]]></content:encoded>
            <wfw:commentRss>\(commentFeed)</wfw:commentRss>
            <slash:comments>\(comments)</slash:comments>
            </item>

            """
    }

    private static func commentFeed(article: String, feed: Int, item: Int, count: Int, after published: Date) -> Data {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>Kommentare zu: Artikel \(item) von Seite \(feed)</title>
            <link>\(article)</link>
            <description>Kommentare</description>

            """
        for comment in 0..<count {
            xml += """
                <item>
                <title>Von: Leser \(comment)</title>
                <link>\(article)#comment-\(comment + 1)</link>
                <dc:creator><![CDATA[Leser \(comment)]]></dc:creator>
                <pubDate>\(rfc822(published.addingTimeInterval(Double(300 * (comment + 1)))))</pubDate>
                <guid isPermaLink="false">\(article)#comment-\(comment + 1)</guid>
                <description><![CDATA[<p>Danke für den Artikel! \(paragraph)</p>]]></description>
                </item>

                """
        }
        return Data((xml + "</channel>\n</rss>\n").utf8)
    }

    /// An RFC 822 date in GMT, the way WordPress writes it.
    static func rfc822(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clock = String(format: "%02d:%02d:%02d", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return days[Int(parts.tm_wday)] + ", " + String(format: "%02d", Int(parts.tm_mday)) + " " + months[Int(parts.tm_mon)]
            + " \(Int(parts.tm_year) + 1900) " + clock + " +0000"
    }
}
