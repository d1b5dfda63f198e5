import Foundation

/// The cold-cycle corpus of issue 12 as files for nginx: `sites` sites in four shapes (WordPress
/// RSS 2.0, Atom, RSS 1.0/RDF, RSS 2.0 in ISO-8859-1), `itemsPerSite` articles each (~6 KB of
/// HTML), every article with its own comment feed of 8–22 comments. At 2,000 sites that is about
/// 200 MB of main feeds and 700 MB of comment feeds, 32,000 URLs and 480,000 items.
///
/// Written once into `/tmp/feedd-bench-corpus-v<version>-<sites>` and reused while the stamp file
/// there says the same generator version wrote all of it. Deterministic: dates are fixed (the
/// benchmark's `comments_window` covers them), so a reused corpus reads the same as a fresh one.
struct ColdCycleCorpus {
    /// Bump when the generated files change, so an old corpus in /tmp is written again.
    static let generatorVersion = 3
    static let itemsPerSite = 15
    static let shapes = ["wordpress-rss", "atom", "rdf", "latin1-rss"]

    let sites: Int
    let root: String
    /// Paths (under `root`, starting with "/") of the main feeds, in order.
    let mainPaths: [String]
    /// Paths of the comment feeds, in order.
    let commentPaths: [String]

    init(sites: Int) {
        self.sites = sites
        root = "/tmp/feedd-bench-corpus-v\(Self.generatorVersion)-\(sites)"
        mainPaths = (0..<sites).map { Self.mainPath(site: $0) }
        commentPaths = (0..<sites).flatMap { site in (0..<Self.itemsPerSite).map { Self.commentPath(site: site, item: $0) } }
    }

    static func mainPath(site: Int) -> String {
        "/site/\(site)/" + (site % 4 == 1 ? "atom.xml" : site % 4 == 2 ? "index.rdf" : "feed.xml")
    }

    static func commentPath(site: Int, item: Int) -> String { "/site/\(site)/post-\(item)/comments.xml" }

    /// Comments in the comment feed of `item` of `site`.
    static func commentCount(site: Int, item: Int) -> Int { 8 + (site * 31 + item * 7) % 15 }

    private var stampPath: String { root + "/generator-version" }
    private var stamp: String { "feedd-bench cold-cycle corpus v\(Self.generatorVersion), \(sites) sites\n" }

    /// True when a complete corpus of this version is already there.
    var isPresent: Bool { (try? String(contentsOfFile: stampPath, encoding: .utf8)) == stamp }

    /// Writes the corpus unless it is present; the stamp is written last, so a run cut short starts over.
    func prepare() throws {
        guard !isPresent else { return }
        try? FileManager.default.removeItem(atPath: root)
        for site in 0..<sites {
            for item in 0..<Self.itemsPerSite {
                try write(Self.commentFeed(site: site, item: item), to: Self.commentPath(site: site, item: item))
            }
            try write(Self.mainFeed(site: site), to: Self.mainPath(site: site))
        }
        try Data(stamp.utf8).write(to: URL(fileURLWithPath: stampPath))
    }

    /// Bytes of all main feeds and of all comment feeds on disk.
    func bytes() -> (main: Int, comments: Int) {
        func size(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: root + path))?[.size] as? Int) ?? 0
        }
        return (mainPaths.reduce(0) { $0 + size($1) }, commentPaths.reduce(0) { $0 + size($1) })
    }

    private func write(_ body: Data, to path: String) throws {
        let url = URL(fileURLWithPath: root + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try body.write(to: url)
    }

    // MARK: Text

    /// Comment feeds are named by absolute paths, which resolve against the URL of the feed that
    /// names them, whatever port nginx got.
    private static let paragraph = "Die Forschung an künstlicher Intelligenz in München, Zürich und Wien geht weiter; "
        + "the model was trained on open data &amp; evaluated by the team, résumé included. "

    private static let baseDate = 1_790_000_000.0

    static func published(site: Int, item: Int) -> Date {
        Date(timeIntervalSince1970: baseDate - Double(item * 7_200 + site * 13))
    }

    private static func articleHTML(site: Int, item: Int) -> String {
        var html = ""
        var words = WordSource(seed: UInt64(site * 1_000 + item))
        for number in 0..<11 {
            html += "<p>\(words.sentence(28))<a href=\"/site/\(site)/post-\(item)/#p\(number)\">Abschnitt \(number)</a> "
                + "<em>\(words.sentence(12))</em> \(words.sentence(24))</p>\n"
        }
        return html
    }

    static func mainFeed(site: Int) -> Data {
        switch site % 4 {
        case 1: return Data(atomFeed(site: site).utf8)
        case 2: return Data(rdfFeed(site: site).utf8)
        case 3: return rssFeed(site: site, latin1: true)
        default: return rssFeed(site: site, latin1: false)
        }
    }

    private static func rssFeed(site: Int, latin1: Bool) -> Data {
        var xml = """
            <?xml version="1.0" encoding="\(latin1 ? "ISO-8859-1" : "UTF-8")"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
            <channel>
            <title>Seite \(site) – Nachrichten</title>
            <link>http://site\(site).example/</link>
            <description>Generated for feedd-bench</description>
            <language>de-DE</language>

            """
        for item in 0..<itemsPerSite {
            let article = "/site/\(site)/post-\(item)/"
            xml += """
                <item>
                <title>Artikel \(item) von Seite \(site): Straße &amp; Zukunft</title>
                <link>http://site\(site).example\(article)</link>
                <comments>http://site\(site).example\(article)#respond</comments>
                <dc:creator><![CDATA[Autorin \(site % 13)]]></dc:creator>
                <pubDate>\(PollCycleSite.rfc822(published(site: site, item: item)))</pubDate>
                <category><![CDATA[KI]]></category>
                <guid isPermaLink="false">http://site\(site).example/?p=\(site * 100 + item)</guid>
                <description><![CDATA[<p>\(paragraph)[…]</p>]]></description>
                <content:encoded><![CDATA[\(articleHTML(site: site, item: item))]]></content:encoded>
                <wfw:commentRss>\(commentPath(site: site, item: item))</wfw:commentRss>
                <slash:comments>\(commentCount(site: site, item: item))</slash:comments>
                </item>

                """
        }
        xml += "</channel>\n</rss>\n"
        guard latin1 else { return Data(xml.utf8) }
        // The dash and the ellipsis are the only characters above outside Latin-1.
        let text = xml.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "…", with: "...")
        return text.data(using: .isoLatin1) ?? Data(text.utf8)
    }

    private static func atomFeed(site: Int) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
            <title>Seite \(site) – Nachrichten</title>
            <id>tag:site\(site).example,2026:feed</id>
            <link rel="alternate" href="http://site\(site).example/"/>
            <updated>\(RFC3339Text.format(published(site: site, item: 0)))</updated>

            """
        for item in 0..<itemsPerSite {
            let date = RFC3339Text.format(published(site: site, item: item))
            xml += """
                <entry>
                <title type="html">Artikel \(item) von Seite \(site): Straße &amp;amp; Zukunft</title>
                <id>tag:site\(site).example,2026:post-\(item)</id>
                <link rel="alternate" type="text/html" href="http://site\(site).example/site/\(site)/post-\(item)/"/>
                <link rel="replies" type="application/atom+xml" href="\(commentPath(site: site, item: item))" thr:count="\(commentCount(site: site, item: item))"/>
                <author><name>Autorin \(site % 13)</name></author>
                <published>\(date)</published>
                <updated>\(date)</updated>
                <summary type="html">&lt;p&gt;\(paragraph)&lt;/p&gt;</summary>
                <content type="html"><![CDATA[\(articleHTML(site: site, item: item))]]></content>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    private static func rdfFeed(site: Int) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:wfw="http://wellformedweb.org/CommentAPI/">
            <channel rdf:about="http://site\(site).example/">
            <title>Seite \(site) – Nachrichten</title>
            <link>http://site\(site).example/</link>
            <description>Generated for feedd-bench</description>
            </channel>

            """
        for item in 0..<itemsPerSite {
            let link = "http://site\(site).example/site/\(site)/post-\(item)/"
            xml += """
                <item rdf:about="\(link)">
                <title>Artikel \(item) von Seite \(site): Straße &amp; Zukunft</title>
                <link>\(link)</link>
                <dc:creator>Autorin \(site % 13)</dc:creator>
                <dc:date>\(RFC3339Text.format(published(site: site, item: item)))</dc:date>
                <description>\(paragraph)</description>
                <content:encoded><![CDATA[\(articleHTML(site: site, item: item))]]></content:encoded>
                <wfw:commentRss>\(commentPath(site: site, item: item))</wfw:commentRss>
                </item>

                """
        }
        return xml + "</rdf:RDF>\n"
    }

    /// A WordPress comment feed (RSS 2.0) of `commentCount` comments.
    static func commentFeed(site: Int, item: Int) -> Data {
        let article = "http://site\(site).example/site/\(site)/post-\(item)/"
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel>
            <title>Kommentare zu: Artikel \(item) von Seite \(site)</title>
            <link>\(article)</link>
            <description>Kommentare</description>

            """
        let published = published(site: site, item: item)
        var words = WordSource(seed: UInt64(site * 1_000 + item) | 1 << 40)
        for comment in 0..<commentCount(site: site, item: item) {
            xml += """
                <item>
                <title>Von: Leser \(comment)</title>
                <link>\(article)#comment-\(comment + 1)</link>
                <dc:creator><![CDATA[Leser \(comment)]]></dc:creator>
                <pubDate>\(PollCycleSite.rfc822(published.addingTimeInterval(Double(300 * (comment + 1)))))</pubDate>
                <guid isPermaLink="false">\(article)#comment-\(comment + 1)</guid>
                <description><![CDATA[Danke für den Artikel! \(paragraph)]]></description>
                <content:encoded><![CDATA[<p>Danke für den Artikel, Kommentar \(comment + 1)!</p><p>\(words.sentence(50))</p><p>\(words.sentence(50))</p><p>\(words.sentence(30))</p>]]></content:encoded>
                </item>

                """
        }
        return Data((xml + "</channel>\n</rss>\n").utf8)
    }
}

/// Deterministic running text from a fixed vocabulary (German and English, with diacritics and
/// entities), so the corpus compresses about as well as real articles do (3–4x), not 50x as one
/// repeated paragraph would: curl's and nginx's share of the work depends on it.
struct WordSource {
    private static let words = """
        die der und forschung künstlicher intelligenz münchen zürich wien geht weiter the model was trained on open data \
        evaluated by team résumé included über straße größe präsident regierung wirtschaft nachrichten bericht zeitung \
        heute morgen gestern woche jahr stadt land europa welt politik kultur sport wissenschaft technik software \
        hardware netzwerk server client protokoll datenbank abfrage index suche ergebnis analyse studie universität \
        professor studentin labor experiment messung wert zahl prozent million milliarde euro franken kosten preis \
        markt börse aktie unternehmen gründer mitarbeiter kunden produkt dienst angebot nachfrage energie strom \
        wind sonne wasser klima wetter regen schnee temperatur grad sommer winter frühling herbst reise bahn zug \
        flug auto fahrrad straßenbahn verkehr city council announced plans for new library park school hospital \
        people said would could should however therefore because although while during after before between \
        within without against among through across toward upon &amp; &quot;zitat&quot; café naïve coöperation
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }

    mutating func next() -> String {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Self.words[Int((state >> 33) % UInt64(Self.words.count))]
    }

    mutating func sentence(_ count: Int) -> String {
        var text = next().capitalized
        for _ in 1..<count { text += " " + next() }
        return text + "."
    }
}

/// RFC 3339 in UTC for the generated Atom and RDF dates.
enum RFC3339Text {
    static func format(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
