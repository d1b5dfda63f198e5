import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// `[[hook]]` tables naming a built-in target: what they read into, and the mistakes they report
/// with line and key.
@Suite struct HookTargetConfigTests {
    private func load(_ keys: String, in folder: TemporaryDirectory, environment: [String: String] = [:]) throws(ConfigError) -> Config {
        try ConfigLoader.parse(text: "[[hook]]\nname = \"phone\"\n" + keys, path: folder.path("feedd.toml"), environment: environment)
    }

    private func target(_ keys: String, in folder: TemporaryDirectory? = nil) throws -> HookTarget? {
        let config = try load(keys, in: folder ?? TemporaryDirectory())
        guard case .target(let target)? = config.hooks.first?.action else { return nil }
        return target
    }

    private func error(_ keys: String, in folder: TemporaryDirectory? = nil) throws -> ConfigError? {
        let folder = try folder ?? TemporaryDirectory()
        do throws(ConfigError) {
            _ = try load(keys, in: folder)
            return nil
        } catch {
            return error
        }
    }

    @Test func ntfyReadsTheTopicURLAndAnOptionalToken() throws {
        #expect(try target("ntfy = \"https://ntfy.sh/news\"\ntoken = \"tk\"")
                == .ntfy(topic: try #require(URL(string: "https://ntfy.sh/news")), token: "tk"))
        #expect(try target("ntfy = \"https://ntfy.sh/news\"") == .ntfy(topic: try #require(URL(string: "https://ntfy.sh/news")), token: nil))
    }

    @Test func ntfyWithoutATopicIsAnError() throws {
        let error = try #require(try error("ntfy = \"https://ntfy.sh/\""))
        #expect(error.key == "ntfy")
        #expect(error.message.contains("needs the topic"))
    }

    @Test func gotifyNeedsAToken() throws {
        let error = try #require(try error("gotify = \"https://gotify.example.org\""))
        #expect(error.key == "token")
        #expect(error.message.hasPrefix("missing"))
    }

    @Test func gotifyPriorityOutsideZeroToTenIsAnError() throws {
        let error = try #require(try error("gotify = \"https://g.example.org\"\ntoken = \"t\"\npriority = 11"))
        #expect(error.key == "priority")
        #expect(error.line == 5)
    }

    @Test func telegramTakesANumericChatIDAndTheTokenFromAFile() throws {
        let folder = try TemporaryDirectory()
        try "123:ABC\n".write(toFile: folder.path("bot-token"), atomically: true, encoding: .utf8)
        #expect(try target("telegram_file = \"bot-token\"\nchat_id = -100123", in: folder)
                == .telegram(token: "123:ABC", chatID: "-100123", apiURL: nil))
    }

    @Test func telegramTokenAndTelegramFileTogetherAreAnError() throws {
        let folder = try TemporaryDirectory()
        try "123:ABC".write(toFile: folder.path("bot-token"), atomically: true, encoding: .utf8)
        let error = try #require(try error("telegram = \"1:A\"\ntelegram_file = \"bot-token\"\nchat_id = 1", in: folder))
        #expect(error.message == "a hook has telegram or telegram_file, not both ('telegram' at line 3)")
    }

    @Test func matrixReadsRoomAndAccessTokenFromAFile() throws {
        let folder = try TemporaryDirectory()
        try "syt_x\n".write(toFile: folder.path("matrix-token"), atomically: true, encoding: .utf8)
        #expect(try target("matrix = \"https://matrix.example.org\"\nroom = \"!r:example.org\"\n"
                           + "access_token_file = \"matrix-token\"", in: folder)
                == .matrix(homeserver: try #require(URL(string: "https://matrix.example.org")), room: "!r:example.org",
                           accessToken: "syt_x"))
    }

    @Test func matrixRoomAliasIsAnErrorAskingForTheRoomID() throws {
        let error = try #require(try error("matrix = \"https://m.example.org\"\nroom = \"#news:example.org\"\naccess_token = \"t\""))
        #expect(error.key == "room")
        #expect(error.message.contains("not a room id"))
    }

    @Test func discordURLMayComeFromAFile() throws {
        let folder = try TemporaryDirectory()
        try "https://discord.com/api/webhooks/1/secret\n".write(toFile: folder.path("discord-url"), atomically: true, encoding: .utf8)
        #expect(try target("discord_file = \"discord-url\"", in: folder)
                == .discord(webhook: try #require(URL(string: "https://discord.com/api/webhooks/1/secret"))))
    }

    @Test func aKeyOfAnotherTargetIsAnError() throws {
        let error = try #require(try error("ntfy = \"https://ntfy.sh/news\"\nchat_id = 5"))
        #expect(error.key == "chat_id")
        #expect(error.line == 4)
        #expect(error.message == "is a key of a telegram hook, and this one is ntfy")
    }

    @Test func twoTargetsOnOneHookAreAnError() throws {
        let error = try #require(try error("slack = \"https://hooks.slack.com/services/a/b/c\"\nntfy = \"https://ntfy.sh/x\""))
        #expect(error.key == "ntfy")
        #expect(error.message == "a hook has one action ('slack' at line 3)")
    }

    @Test func aTokenWithALineBreakIsAnErrorThatDoesNotShowIt() throws {
        let error = try #require(try error("ntfy = \"https://ntfy.sh/x\"\ntoken = \"abc\\r\\nX-Injected: 1\""))
        #expect(error.key == "token")
        #expect(!error.message.contains("Injected"))
    }

    @Test func emailReadsServerAddressesAndAPasswordFile() throws {
        let folder = try TemporaryDirectory()
        try "pw\n".write(toFile: folder.path("smtp-password"), atomically: true, encoding: .utf8)
        #expect(try target("email = \"smtps://mail.example.org:465\"\nfrom = \"f@example.org\"\nto = \"t@example.org\"\n"
                           + "username = \"u\"\npassword_file = \"smtp-password\"", in: folder)
                == .email(server: try #require(URL(string: "smtps://mail.example.org:465")), from: "f@example.org",
                          to: ["t@example.org"], username: "u", password: "pw"))
    }

    @Test func emailWithAnHTTPURLIsAnError() throws {
        let error = try #require(try error("email = \"https://mail.example.org\"\nfrom = \"f@example.org\"\nto = \"t@example.org\""))
        #expect(error.key == "email")
        #expect(error.message.contains("not an SMTP server URL"))
    }

    @Test func aRecipientThatIsNotAnAddressIsAnError() throws {
        let error = try #require(try error("email = \"smtp://m.example.org\"\nfrom = \"f@example.org\"\n"
                                           + "to = [\"a@example.org\", \"b@example.org>\\r\\nBcc: x\"]"))
        #expect(error.key == "to")
        #expect(error.line == 5)
    }

    @Test func aTemplateErrorIsAConfigErrorWithLineAndKey() throws {
        let error = try #require(try error("ntfy = \"https://ntfy.sh/x\"\ntemplate = \"{{#item}}{{title}}\""))
        #expect(error.key == "template")
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("template line 1, column"))
    }

    @Test func aWebhookTemplateComesWithItsContentType() throws {
        let config = try load("webhook = \"https://h.example.org/x\"\ntemplate = \"{{item.title}}\"\ncontent_type = \"text/plain\"",
                              in: TemporaryDirectory())
        #expect(config.hooks.first?.templates == HookTemplates(template: "{{item.title}}", contentType: "text/plain"))
    }

    @Test func contentTypeWithoutATemplateIsAnError() throws {
        let error = try #require(try error("webhook = \"https://h.example.org/x\"\ncontent_type = \"text/plain\""))
        #expect(error.key == "content_type")
    }

    @Test func aTemplateOnAnExecHookIsAnError() throws {
        let error = try #require(try error("exec = [\"/bin/true\"]\ntemplate = \"x\""))
        #expect(error.key == "template")
    }

    @Test func anEmailHookTakesSubjectAndBodyTemplatesNotTemplate() throws {
        let error = try #require(try error("email = \"smtp://m.example.org\"\nfrom = \"f@example.org\"\nto = \"t@example.org\"\n"
                                           + "template = \"x\""))
        #expect(error.key == "template")
    }

    @Test func theTargetExamplesOfTheExampleConfigAreValidWhenEnabled() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("config/feedd.toml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "# Built-in targets"))
        let setting = try NSRegularExpression(pattern: "^# (\\[\\[hook\\]\\]|[a-z_]+ = )")
        let enabled = text[start.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            return setting.firstMatch(in: line, range: range) == nil ? line : String(line.dropFirst(2))
        }.joined(separator: "\n")
        let credentials = try TemporaryDirectory()
        for name in ["ntfy-token", "gotify-token", "telegram-bot-token", "matrix-token", "smtp-password"] {
            try "secret-\(name)\n".write(toFile: credentials.path(name), atomically: true, encoding: .utf8)
        }
        try "https://discord.com/api/webhooks/1/t\n".write(toFile: credentials.path("discord-webhook-url"), atomically: true, encoding: .utf8)
        try "https://hooks.slack.com/services/T/B/x\n".write(toFile: credentials.path("slack-webhook-url"), atomically: true, encoding: .utf8)
        let config = try ConfigLoader.parse(text: enabled, path: path, environment: ["CREDENTIALS_DIRECTORY": credentials.path("")])
        #expect(config.hooks.map(\.name) == ["phone", "gotify", "telegram", "matrix", "discord", "slack", "mail"])
        #expect(config.hooks.allSatisfy { if case .target = $0.action { true } else { false } })
    }
}
