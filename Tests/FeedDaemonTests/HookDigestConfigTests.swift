import FeedNotifier
import Foundation
import Testing
@testable import FeedDaemon

/// `digest` on a `[[hook]]`: a bounded duration or a daily local time; anything else is a config error.
@Suite struct HookDigestConfigTests {
    static func hook(_ digest: String) -> String {
        "[[feed]]\nurl = \"https://example.org/feed\"\n\n[[hook]]\nname = \"morning\"\nexec = [\"/bin/true\"]\ndigest = \(digest)\n"
    }

    @Test func aDurationDigestIsAnIntervalSchedule() throws {
        let config = try ConfigLoader.parse(text: Self.hook("\"1h\""), path: "/etc/feedd/feedd.toml")
        #expect(config.hooks.first?.digest == .every(seconds: 3600))
    }

    @Test func aDailyDigestUsesTheLocalZone() throws {
        let config = try ConfigLoader.parse(text: Self.hook("\"daily 08:00\""), path: "/etc/feedd/feedd.toml")
        #expect(config.hooks.first?.digest == .daily(hour: 8, minute: 0, timeZone: .current))
    }

    @Test(arguments: ["\"daily 8am\"", "\"32d\"", "\"soon\"", "\"0s\""])
    func aBadDigestIsAConfigErrorWithLineAndKey(_ value: String) {
        do throws(ConfigError) {
            _ = try ConfigLoader.parse(text: Self.hook(value), path: "/etc/feedd/feedd.toml")
            Issue.record("expected a config error for \(value)")
        } catch {
            #expect(error.key == "digest")
            #expect(error.line == 7)
        }
    }
}
