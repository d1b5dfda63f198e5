import Foundation
import TestSupport

/// The WordPress seed site of `Tests/Fixtures/seed/`, served on 127.0.0.1 with its URLs rewritten
/// to the local address, and a config + hook that record every delivery to a folder.
final class SeedSite {
    static let origin = "https://www.it-boltwise.de"
    static let seedArticle = "/neue-verhandlungsrunde-zwischen-usa-und-ukraine-hoffnung-auf-friedensgespraeche.html"
    static let otherArticles = ["/ki-agenten-im-buero-wie-unternehmen-routinearbeit-automatisieren.html",
                                "/quantencomputer-muenchner-forscher-melden-durchbruch-bei-fehlerkorrektur.html",
                                "/rohstoffabkommen-washington-und-kiew-verhandeln-erneut.html"]

    let server: StaticSiteServer
    let directory: TemporaryDirectory
    var configPath: String { directory.path("feedd.toml") }
    var databasePath: String { directory.path("feedd.sqlite") }
    var hookOutput: URL { directory.url.appendingPathComponent("deliveries") }

    init(extraConfig: String = "") throws {
        server = try StaticSiteServer()
        directory = try TemporaryDirectory(prefix: "feedd-seed")
        try FileManager.default.createDirectory(at: hookOutput, withIntermediateDirectories: true)
        let hook = directory.url.appendingPathComponent("record-hook")
        try """
        #!/bin/sh
        # Records one delivery: the JSON on stdin, and the event from the environment.
        f=$(mktemp "$HOOK_OUT/delivery.XXXXXX")
        cat > "$f"
        echo "$FEEDD_EVENT" > "$f.event"
        """.write(to: hook, atomically: true, encoding: .utf8)
        chmod(hook.path, 0o755)
        try """
        [daemon]
        database = "feedd.sqlite"
        interval = "15m"
        min_interval = "1m"

        [[feed]]
        url = "\(server.url("/feed"))"
        name = "boltwise"
        comments_window = "3000d"
        \(extraConfig)

        [[hook]]
        name = "recorder"
        exec = ["\(hook.path)"]
        events = ["new", "comment"]
        env = { HOOK_OUT = "\(hookOutput.path)" }
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        for article in SeedSite.otherArticles { server.set(article + "/feed", text: try emptyCommentFeed()) }
    }

    deinit { server.stop() }

    /// Serves a seed file at `path`, with the site's origin replaced by the loopback server's.
    func serve(_ fixture: String, at path: String) throws {
        let text = String(decoding: try Fixtures.data("seed/" + fixture), as: UTF8.self)
        server.set(path, text: text.replacingOccurrences(of: SeedSite.origin, with: server.baseURL),
                   contentType: "application/rss+xml; charset=UTF-8")
    }

    /// What WordPress serves for an article nobody has commented on yet.
    func emptyCommentFeed() throws -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kommentare</title>
        <link>\(server.baseURL)</link><description>none yet</description></channel></rss>
        """
    }

    /// Runs the real `feedd` binary with this site's config.
    func feedd(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(Fixtures.feeddExecutable, arguments + ["--config", configPath])
    }

    /// The recorded deliveries: (event, JSON payload) in no particular order.
    func deliveries() throws -> [(event: String, payload: [String: Any])] {
        let files = try FileManager.default.contentsOfDirectory(atPath: hookOutput.path).filter { !$0.hasSuffix(".event") }
        return try files.map { name in
            let url = hookOutput.appendingPathComponent(name)
            let event = try String(contentsOf: url.appendingPathExtension("event"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let payload = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
            return (event, payload)
        }
    }
}
