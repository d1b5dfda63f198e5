import FeedModel
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// `block` / `allow` rules (`FIELD:REGEX`): what they admit, and how a bad rule is reported.
@Suite struct ItemRulesTests {
    static let sponsored = Entry(url: "https://example.org/ad", title: "Sponsored: buy now", tags: ["ads"])
    static let article = Entry(url: "https://example.org/swift", title: "Swift 6.3 released", tags: ["swift"])

    private func rules(block: [String] = [], allow: [String] = []) throws -> ItemRules {
        ItemRules(block: try block.map { try ItemRules.rule($0).get() }, allow: try allow.map { try ItemRules.rule($0).get() })
    }

    @Test func aMatchingBlockRuleRefusesTheItem() throws {
        let rules = try rules(block: ["title:^Sponsored"])
        #expect(!rules.admits(Self.sponsored))
        #expect(rules.admits(Self.article))
    }

    @Test func withAllowRulesOnlyAMatchingItemIsAdmitted() throws {
        let rules = try rules(allow: ["tag:^swift$"])
        #expect(rules.admits(Self.article))
        #expect(!rules.admits(Self.sponsored))
    }

    @Test func blockWinsOverAllow() throws {
        let rules = try rules(block: ["url:/swift"], allow: ["any:(?i)SWIFT"])
        #expect(!rules.admits(Self.article))
    }

    @Test func anyLooksAtEveryField() throws {
        #expect(!(try rules(block: ["any:^ads$"])).admits(Self.sponsored))
    }

    @Test func anInvalidRegexIsRefusedWithTheRule() {
        guard case .failure(let error) = ItemRules.rule("title:(unclosed") else {
            Issue.record("expected an error")
            return
        }
        #expect(error.message == "invalid regex \"(unclosed\" in \"title:(unclosed\"")
    }

    @Test func anUnknownFieldIsRefused() {
        guard case .failure(let error) = ItemRules.rule("subject:x") else {
            Issue.record("expected an error")
            return
        }
        #expect(error.message.hasPrefix("unknown field \"subject\""))
    }

    @Test func anInvalidRegexInAFeedIsAConfigErrorWithLineAndKey() throws {
        let text = "[[feed]]\nurl = \"https://example.org/feed\"\nblock = [\n  \"title:ok\",\n  \"content:[\",\n]"
        do throws(ConfigError) {
            _ = try ConfigLoader.parse(text: text, path: "/etc/feedd/feedd.toml")
            Issue.record("expected a config error")
        } catch {
            #expect(error.key == "block")
            #expect(error.line == 5)
            #expect(error.message.contains("invalid regex"))
        }
    }

    @Test func hookAndFeedRulesTogetherMustBothAdmit() throws {
        let predicate = ItemRules.predicate([try rules(allow: ["title:Swift"]), try rules(block: ["title:6\\.3"])])
        #expect(!predicate.admits(Self.article))
        #expect(ItemRules.predicate([ItemRules(), ItemRules()]) == .all)
    }
}
