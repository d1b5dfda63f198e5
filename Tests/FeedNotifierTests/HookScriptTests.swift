import Foundation
import Testing
import TestSupport
import FeedModel
@testable import FeedNotifier

/// The shipped hook programs in `config/hooks/`, run through `ExecHook` exactly as feedd runs
/// them, with stand-ins for `notify-send` and `sendmail` first in `PATH` that record their argv
/// and stdin.
private struct HookScriptRig {
    let folder: TemporaryDirectory
    var stubs: String { folder.path("bin") }

    /// Installs stand-ins for `names` that record into `<name>.argv.json` / `<name>.stdin` and exit with `status`.
    init(standIns names: [String], status: Int = 0) throws {
        folder = try TemporaryDirectory(prefix: "feedd-hook-script")
        try FileManager.default.createDirectory(atPath: folder.path("bin"), withIntermediateDirectories: true)
        for name in names {
            let record = folder.path(name)
            let script = """
            #!/usr/bin/env python3
            import json, sys
            with open(\(quoted(record + ".argv.json")), "w") as f: json.dump(sys.argv[1:], f)
            with open(\(quoted(record + ".stdin")), "wb") as f: f.write(sys.stdin.buffer.read())
            sys.exit(\(status))

            """
            let path = folder.path("bin/\(name)")
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    func run(_ hook: String, _ arguments: [String] = [], payload: JSONValue,
             environment: [String: String] = [:]) async -> HookOutcome {
        let program = Fixtures.repositoryRoot.appendingPathComponent("config/hooks/\(hook)").path
        let path = stubs + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? HookEnvironment.defaultPath)
        let exec = ExecHook(argv: [program] + arguments, environment: environment.merging(["PATH": path]) { $1 })
        return await exec.run(payload: HookPayload.body(payload), variables: [:])
    }

    func recordedArguments(_ name: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.path(name + ".argv.json")))
        return try JSONDecoder().decode([String].self, from: data)
    }

    func recordedInput(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: folder.path(name + ".stdin")))
    }
}

/// `path` as a Python string literal.
private func quoted(_ path: String) -> String {
    "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

private let nastyTitle = "-u critical $(rm -rf /) `reboot` \"double\" 'single' & <b>\nline 2 Jörg 🎉"
private let nastyTitleOneLine = "-u critical $(rm -rf /) `reboot` \"double\" 'single' & <b> line 2 Jörg 🎉"
private let articleURL = "https://example.org/2024/05/ki?a=1&b=$(id)"

private func newArticlePayload() -> JSONValue {
    let entry = Entry(guid: "post-1", url: articleURL, title: nastyTitle,
                      contentHTML: "<p>Grüße aus <b>München</b> &amp; 🎉</p><script>alert(1)</script><p>Zweiter Absatz</p>",
                      published: Date(timeIntervalSince1970: 1_714_557_600))
    return HookPayload.make(event: "new", deliveryID: "delivery-7", feedName: "Boltwise News",
                            feedURL: "https://example.org/feed", feedTitle: "IT BOLTWISE® – KI", entry: entry, article: nil)
}

private func commentPayload() -> JSONValue {
    let comment = Entry(guid: "c-9", url: articleURL + "#comment-9", title: "By: Jörg",
                        contentText: "Stimmt nicht.\n`rm -rf ~`", authors: [Author(name: "Jörg \"J\" O'Neil")])
    let article = Entry(guid: "post-1", url: articleURL, title: "Künstliche \"Intelligenz\"")
    return HookPayload.make(event: "comment", deliveryID: "delivery-8", feedName: "boltwise",
                            feedURL: "https://example.org/post-1/feed", feedTitle: "IT BOLTWISE® – KI",
                            entry: comment, article: article)
}

@Test func notifyDesktopPassesUntrustedTextAsArgumentsAfterADoubleDash() async throws {
    let rig = try HookScriptRig(standIns: ["notify-send"])
    #expect(await rig.run("notify-desktop", ["--urgency=low"], payload: newArticlePayload()) == .delivered)
    #expect(try rig.recordedArguments("notify-send") == [
        "--app-name=feedd", "--urgency=low", "--", "IT BOLTWISE® – KI",
        "-u critical $(rm -rf /) `reboot` \"double\" 'single' &amp; &lt;b&gt; line 2 Jörg 🎉\n" + articleURL.replacingOccurrences(of: "&", with: "&amp;"),
    ])
}

@Test func notifyDesktopNamesTheArticleOfAComment() async throws {
    let rig = try HookScriptRig(standIns: ["notify-send"])
    #expect(await rig.run("notify-desktop", payload: commentPayload()) == .delivered)
    let arguments = try rig.recordedArguments("notify-send")
    #expect(arguments.last == "New comment on “Künstliche \"Intelligenz\"”\nBy: Jörg\n"
        + (articleURL + "#comment-9").replacingOccurrences(of: "&", with: "&amp;"))
}

@Test func notifyDesktopFailsWhenNotifySendFails() async throws {
    let rig = try HookScriptRig(standIns: ["notify-send"], status: 1)
    let outcome = await rig.run("notify-desktop", payload: newArticlePayload())
    #expect(outcome == .failed(reason: "hook: \(Fixtures.repositoryRoot.path)/config/hooks/notify-desktop exited with status 1"))
}

/// What Python's own email parser makes of the message sendmail received.
private struct ParsedMail: Decodable {
    var rawSubject: String
    var subject: String
    var from: String
    var to: String
    var messageID: String
    var listID: String
    var date: String
    var contentType: String
    var parts: [String]
    var text: String
    var html: String
}

private func parseMail(_ bytes: Data, in folder: TemporaryDirectory) throws -> ParsedMail {
    let mailPath = folder.path("mail.eml")
    try bytes.write(to: URL(fileURLWithPath: mailPath))
    let parser = """
    import email, email.policy, json, sys
    raw = open(sys.argv[1], "rb").read()
    compat = email.message_from_bytes(raw)
    m = email.message_from_bytes(raw, policy=email.policy.default)
    print(json.dumps({"rawSubject": compat["Subject"], "subject": str(m["Subject"]), "from": str(m["From"]),
        "to": str(m["To"]), "messageID": m["Message-ID"], "listID": m["List-Id"], "date": m["Date"],
        "contentType": m.get_content_type(), "parts": [p.get_content_type() for p in m.iter_parts()],
        "text": m.get_body(("plain",)).get_content(), "html": m.get_body(("html",)).get_content()}))
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", parser, mailPath]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return try JSONDecoder().decode(ParsedMail.self, from: data)
}

@Test func emailArticleHandsAMIMEMessageToSendmail() async throws {
    let rig = try HookScriptRig(standIns: ["sendmail"])
    let outcome = await rig.run("email-article", ["--to", "reader@example.org"], payload: newArticlePayload(),
                                environment: ["FEEDD_MAIL_FROM": "feedd@example.org"])
    #expect(outcome == .delivered)
    #expect(try rig.recordedArguments("sendmail") == ["-t", "-oi"])
    let mail = try parseMail(try rig.recordedInput("sendmail"), in: rig.folder)
    #expect(mail.subject == nastyTitleOneLine)
    #expect(mail.rawSubject.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(mail.rawSubject.contains("=?utf-8?"))
    #expect(mail.from == "IT BOLTWISE® – KI <feedd@example.org>")
    #expect(mail.to == "reader@example.org")
    #expect(mail.messageID == "<\(SHA256.hex(Array("delivery-7".utf8)).prefix(40))@feedd.invalid>")
    #expect(mail.listID == "boltwise-news <boltwise-news.feedd.invalid>")
    #expect(mail.date == "Wed, 01 May 2024 10:00:00 +0000")
    #expect(mail.contentType == "multipart/alternative")
    #expect(mail.parts == ["text/plain", "text/html"])
    #expect(mail.text == "\(nastyTitleOneLine)\n\(articleURL)\n\nGrüße aus München & 🎉\n\nZweiter Absatz\n")
    #expect(mail.html.contains("<a href=\"https://example.org/2024/05/ki?a=1&amp;b=$(id)\">"))
    #expect(mail.html.contains("<p>Grüße aus <b>München</b> &amp; 🎉</p>"))
}

@Test func emailArticleSubjectOfACommentNamesTheArticle() async throws {
    let rig = try HookScriptRig(standIns: ["sendmail"])
    let outcome = await rig.run("email-article", payload: commentPayload(),
                                environment: ["FEEDD_MAIL_TO": "a@example.org, b@example.org", "FEEDD_MAIL_FROM": "feedd@example.org"])
    #expect(outcome == .delivered)
    let mail = try parseMail(try rig.recordedInput("sendmail"), in: rig.folder)
    #expect(mail.subject == "Comment on “Künstliche \"Intelligenz\"” by Jörg \"J\" O'Neil")
    #expect(mail.to == "a@example.org, b@example.org")
    #expect(mail.text.contains("Stimmt nicht.\n`rm -rf ~`"))
}

@Test func emailArticleFailsWhenSendmailFails() async throws {
    let rig = try HookScriptRig(standIns: ["sendmail"], status: 75)
    let outcome = await rig.run("email-article", ["--to", "reader@example.org", "--from", "feedd@example.org"],
                                payload: newArticlePayload())
    guard case .failed(let reason) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
    #expect(reason.contains("exited with status 75"))
    #expect(reason.contains("sendmail exited with status 75"))
}

@Test func emailArticleWithoutARecipientFailsWithoutSending() async throws {
    let rig = try HookScriptRig(standIns: ["sendmail"])
    let outcome = await rig.run("email-article", payload: newArticlePayload())
    guard case .failed(let reason) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
    #expect(reason.contains("no recipient"))
    #expect(!FileManager.default.fileExists(atPath: rig.folder.path("sendmail.stdin")))
}
