import Foundation
import Testing
@testable import FeedDaemon

/// Config strings that end up in a request header, a URL, a log line, a hook's argv or environment
/// cannot carry control characters there: a CRLF in `user_agent` would add request headers, a NUL
/// would cut a path or an environment value short. Each is a config error with line and key.

private func configError(_ text: String) -> ConfigError? {
    do {
        _ = try ConfigLoader.parse(text: text, path: "/etc/feedd/feedd.toml", environment: [:])
        return nil
    } catch {
        return error
    }
}

private let feed = "[[feed]]\nurl = \"https://a.example/feed\"\n"

@Test func userAgentWithACRLFIsAnError() {
    let error = configError(#"[daemon]"# + "\n" + #"user_agent = "feedd\r\nX-Injected: yes""#)
    #expect(error?.line == 2)
    #expect(error?.key == "user_agent")
    #expect(error?.message.contains("U+000D") == true)
}

@Test func userAgentWithATabIsAnError() {
    #expect(configError(#"[daemon]"# + "\n" + #"user_agent = "a\tb""#)?.key == "user_agent")
}

@Test func userAgentWithADELIsAnError() {
    #expect(configError(#"[daemon]"# + "\n" + #"user_agent = "a\u007Fb""#)?.key == "user_agent")
}

@Test func feedURLWithACRLFIsAnError() {
    let error = configError("[[feed]]\n" + #"url = "https://a.example/feed\r\nHost: evil.example""#)
    #expect(error?.line == 2)
    #expect(error?.key == "url")
    #expect(error?.message.contains(#"\u{D}"#) == true, "the URL is shown on one line")
}

@Test func feedURLWithASpaceInsideIsAnError() {
    let error = configError("[[feed]]\nurl = \"https://a.example/my feed.xml\"")
    #expect(error?.key == "url")
    #expect(error?.message.contains("contains a space") == true)
}

@Test func feedURLWithSurroundingSpacesIsStillAccepted() throws {
    let config = try ConfigLoader.parse(text: "[[feed]]\nurl = \"  https://a.example/feed \"", path: "/f.toml",
                                        environment: [:])
    #expect(config.feeds.first?.url.absoluteString == "https://a.example/feed")
}

@Test func webhookURLWithALineFeedIsAnError() {
    let error = configError("[[hook]]\nname = \"w\"\n" + #"webhook = "https://h.example/x\nX: y""#)
    #expect(error?.line == 3)
    #expect(error?.key == "webhook")
}

@Test func feedNameWithALineFeedIsAnError() {
    let error = configError(feed + #"name = "two\nlines""#)
    #expect(error?.line == 3)
    #expect(error?.key == "name")
}

@Test func tagWithAControlCharacterIsAnError() {
    #expect(configError(feed + #"tags = ["a\u0007"]"#)?.key == "tags")
}

@Test func hookNameWithACarriageReturnIsAnError() {
    #expect(configError("[[hook]]\n" + #"name = "h\r""# + "\nexec = [\"/bin/true\"]")?.key == "name")
}

@Test func hookEnvironmentValueWithANULIsAnError() {
    let error = configError("[[hook]]\nname = \"h\"\nexec = [\"/bin/true\"]\n" + #"env = { TOKEN = "a\u0000b" }"#)
    #expect(error?.line == 4)
    #expect(error?.key == "env.TOKEN")
}

@Test func hookArgumentWithANULIsAnError() {
    let error = configError("[[hook]]\nname = \"h\"\n" + #"exec = ["/bin/echo", "a\u0000b"]"#)
    #expect(error?.line == 3)
    #expect(error?.key == "exec")
}

@Test func databasePathWithANULIsAnError() {
    let error = configError("[daemon]\n" + #"database = "/var/lib/feedd/x.sqlite\u0000.txt""#)
    #expect(error?.key == "database")
}

@Test func controlCharactersInAnEchoedValueStayEscaped() {
    let error = configError("[daemon]\n" + #"timeout = "5s\nINJECTED""#)
    #expect(error?.description.contains("\n") == false)
}

@Test func aQuotedKeyWithALineBreakIsShownEscapedInTheError() {
    let error = configError("[daemon]\n\"x\\nFAKE: line\" = 1")
    #expect(error?.description == #"config: /etc/feedd/feedd.toml:2: key 'x\u{A}FAKE: line' in [daemon]: unknown key"#)
}
