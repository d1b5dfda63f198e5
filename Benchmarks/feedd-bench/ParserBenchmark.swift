import CLibXML2
import FeedModel
import FeedParser
import Foundation

/// DESIGN.md's parser target: parsing a feed into `Feed` values costs at most 2× a bare libxml2
/// streaming pass over the same bytes.
enum ParserBenchmark {
    static let targetBytes = 20_000_000
    static let runs = 7
    static let targetRatio = 2.0

    static func run() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        let bytes = environment["FEEDD_BENCH_PARSER_BYTES"].flatMap { Int($0) } ?? targetBytes
        let feed = generateRSS(approximateBytes: bytes)
        // For profilers (`valgrind --tool=callgrind`, `perf record`): passes of one side only
        // (FEEDD_BENCH_PARSER_REPEAT of them, default 1), no timing.
        if let only = environment["FEEDD_BENCH_PARSER_ONLY"] {
            let repeats = environment["FEEDD_BENCH_PARSER_REPEAT"].flatMap { Int($0) } ?? 1
            for _ in 0..<max(1, min(repeats, 1000)) {
                switch only {
                case "bare": print("parse: bare pass checksum \(bareReaderPass(feed.data) ?? -1)")
                case "feedd": print("parse: feedd read \((try? FeedParser.parse(feed.data))?.entries.count ?? -1) entries")
                default: print("parse: FEEDD_BENCH_PARSER_ONLY must be bare or feedd"); return false
                }
            }
            return true
        }
        print("parse: generated RSS 2.0 feed of \(Timing.format(Double(feed.data.count) / 1e6)) MB, \(feed.items) items; "
            + "median of \(runs) interleaved runs each")

        // Warm both paths up (page in the bytes, fault in libxml2's and Swift's allocations).
        guard bareReaderPass(feed.data) != nil else {
            print("parse: libxml2 could not read the generated feed")
            return false
        }
        do {
            _ = try FeedParser.parse(feed.data)
        } catch {
            let seconds = Timing.median((0..<runs).map { _ in Timing.seconds { _ = bareReaderPass(feed.data) } })
            print("parse: bare libxml2 \(Timing.format(Timing.megabytesPerSecond(bytes: feed.data.count, seconds: seconds))) MB/s, "
                + "feedd could not parse the generated feed: \(error)")
            return false
        }

        var bareSeconds: [Double] = []
        var feeddSeconds: [Double] = []
        var entries = 0
        for _ in 0..<runs {
            bareSeconds.append(Timing.seconds { _ = bareReaderPass(feed.data) })
            feeddSeconds.append(Timing.seconds { entries = (try? FeedParser.parse(feed.data))?.entries.count ?? -1 })
        }
        if entries != feed.items {
            print("parse: warning: feedd read \(entries) entries of \(feed.items)")
        }
        let bare = Timing.megabytesPerSecond(bytes: feed.data.count, seconds: Timing.median(bareSeconds))
        let feedd = Timing.megabytesPerSecond(bytes: feed.data.count, seconds: Timing.median(feeddSeconds))
        let ratio = bare / feedd
        print("parse: bare libxml2 \(Timing.format(bare)) MB/s, feedd \(Timing.format(feedd)) MB/s, "
            + "ratio \(Timing.format(ratio, decimals: 2))× (target <= \(Timing.format(targetRatio, decimals: 0))×)")
        return true
    }

    /// The baseline: libxml2's reader walks every node and we look at each name and value pointer,
    /// building no Swift values. The sum only keeps the optimiser from dropping the loop; `nil` when
    /// libxml2 reports the document broken.
    static func bareReaderPass(_ data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress,
                  let reader = xmlReaderForMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil,
                                                  Int32(XML_PARSE_NONET.rawValue)) else { return nil }
            defer { xmlFreeTextReader(reader) }
            var checksum = 0
            var status = xmlTextReaderRead(reader)
            while status == 1 {
                if let name = xmlTextReaderConstLocalName(reader) { checksum &+= Int(name.pointee) }
                if let uri = xmlTextReaderConstNamespaceUri(reader) { checksum &+= Int(uri.pointee) }
                if let value = xmlTextReaderConstValue(reader) { checksum &+= Int(value.pointee) }
                status = xmlTextReaderRead(reader)
            }
            return status == 0 ? checksum : nil
        }
    }

    /// A WordPress-shaped RSS 2.0 feed of about `approximateBytes`: every item has a title with
    /// entities, link, comments, dc:creator, pubDate, categories, a guid, a description and
    /// content:encoded in CDATA with HTML, wfw:commentRss and slash:comments. Deterministic.
    static func generateRSS(approximateBytes: Int) -> (data: Data, items: Int) {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
             xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
            <channel>
            <title>Benchmark News &#8211; Künstliche Intelligenz</title>
            <atom:link href="https://news.example.org/feed" rel="self" type="application/rss+xml" />
            <link>https://news.example.org</link>
            <description>Generated for feedd-bench</description>
            <lastBuildDate>Wed, 05 Mar 2025 06:45:12 +0000</lastBuildDate>
            <language>de-DE</language>
            <sy:updatePeriod>hourly</sy:updatePeriod>
            <sy:updateFrequency>1</sy:updateFrequency>

            """
        xml.reserveCapacity(approximateBytes + 16_384)
        var words = WordSource()
        var items = 0
        while xml.utf8.count < approximateBytes {
            xml += item(number: items, words: &words)
            items += 1
        }
        xml += "</channel>\n</rss>\n"
        return (Data(xml.utf8), items)
    }

    private static func item(number: Int, words: inout WordSource) -> String {
        let slug = "artikel-\(number)-" + words.next(3).replacingOccurrences(of: " ", with: "-")
        let url = "https://news.example.org/2025/03/\(slug).html"
        let day = 1 + number % 28
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var paragraphs = ""
        for paragraph in 0..<6 {
            paragraphs += "<p>\(words.next(40)) <a href=\"https://example.com/\(number)/\(paragraph)\">\(words.next(3))</a> "
                + "&amp; <strong>\(words.next(5))</strong> \(words.next(30)).</p>\n"
        }
        return """
            <item>
            <title>\(words.next(6).capitalized) &amp; \(words.next(3)) &#8220;\(words.next(2))&#8221;</title>
            <link>\(url)</link>
            <comments>\(url)#respond</comments>
            <dc:creator><![CDATA[\(words.next(2).capitalized)]]></dc:creator>
            <pubDate>\(weekdays[day % 7]), \(day < 10 ? "0" : "")\(day) Mar 2025 \(10 + number % 13):\(10 + number % 49):\(10 + number % 47) +0000</pubDate>
            <category><![CDATA[\(words.next(1).capitalized)]]></category>
            <category><![CDATA[\(words.next(1).capitalized)]]></category>
            <category><![CDATA[KI]]></category>
            <guid isPermaLink="false">https://news.example.org/?p=\(100_000 + number)</guid>
            <description><![CDATA[<p>\(words.next(45)) [&#8230;]</p>]]></description>
            <content:encoded><![CDATA[\(paragraphs)<figure><img src="https://news.example.org/img/\(number).jpg" alt="\(words.next(4))" /></figure>]]></content:encoded>
            <wfw:commentRss>\(url)/feed</wfw:commentRss>
            <slash:comments>\(number % 17)</slash:comments>
            </item>

            """
    }

    /// German and English words in a fixed pseudo-random order, so every run parses the same bytes.
    private struct WordSource {
        static let vocabulary = ["die", "der", "und", "künstliche", "Intelligenz", "model", "Forschung", "data",
                                 "Verhandlungsrunde", "Sprachmodell", "open", "source", "Rechenzentrum", "Zukunft",
                                 "München", "security", "Straße", "analysis", "Gesellschaft", "the", "of", "neural",
                                 "network", "Grafikkarte", "Entwicklung", "market", "Ukraine", "policy", "Berlin"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D

        mutating func next(_ count: Int) -> String {
            var result: [String] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                result.append(WordSource.vocabulary[Int(state % UInt64(WordSource.vocabulary.count))])
            }
            return result.joined(separator: " ")
        }
    }
}
