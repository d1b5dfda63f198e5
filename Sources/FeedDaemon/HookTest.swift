import FeedFetcher
import FeedModel
import FeedNotifier
import Foundation

/// `feedd hooks test NAME`: sends one sample `new` event to one hook, now, outside the outbox, so a
/// user can see that a hook is wired up (and what it answers) before a real article arrives.
public enum HookTest {
    /// Why a test could not be sent.
    public struct UnknownHook: Error, CustomStringConvertible {
        public var name: String
        public var known: [String]
        public var description: String {
            "no hook named \"\(name)\"" + (known.isEmpty ? " (the config has none)" : " (configured: \(known.joined(separator: ", ")))")
        }
    }

    /// The sample article: clearly a test, with a URL that leads nowhere.
    static func sampleEntry(now: Date) -> Entry {
        Entry(guid: "feedd-test-\(Int(now.timeIntervalSince1970))", url: "https://example.org/feedd-test",
              title: "feedd test event", contentHTML: "<p>A test from <code>feedd hooks test</code>.</p>",
              published: now)
    }

    /// Sends the sample event to the hook called `name`; the outcome says whether it was taken.
    public static func send(hookNamed name: String, config: Config, now: Date = Date()) async throws(UnknownHook) -> HookOutcome {
        guard let hook = config.hooks.first(where: { $0.name == name }) else {
            throw UnknownHook(name: name, known: config.hooks.map(\.name))
        }
        let feed = config.feeds.first { hook.matches($0) }
        let feedName = feed?.name ?? "feedd-test", feedURL = feed?.urlText ?? "https://example.org/feed"
        let entry = sampleEntry(now: now)
        let deliveryID = "test-" + UUID().uuidString.lowercased()
        let json = HookPayload.make(event: "new", deliveryID: deliveryID, feedName: feedName, feedURL: feedURL,
                                    feedTitle: feed?.name, entry: entry, article: nil)
        let message = NotificationMessage(event: "new", feedName: feedName, title: entry.title ?? "feedd test event",
                                          text: "A test from feedd hooks test.", url: entry.url)
        switch Runtime.hookDefinition(hook).target {
        case .exec(let exec):
            let variables = HookEnvironment.variables(event: "new", deliveryID: deliveryID, feedName: feedName,
                                                      feedURL: feedURL, itemURL: entry.url)
            return await exec.run(payload: HookPayload.body(json), variables: variables)
        case .webhook(let webhook):
            let fetcher = Fetcher(options: Runtime.fetcherOptions(config.daemon))
            defer { fetcher.shutdown() }
            return await webhook.deliver(payload: json, message: message, event: "new", deliveryID: deliveryID, using: fetcher)
        case .http(let delivery):
            let fetcher = Fetcher(options: Runtime.fetcherOptions(config.daemon))
            defer { fetcher.shutdown() }
            return await delivery.deliver(message, payload: json, deliveryID: deliveryID, using: fetcher)
        case .email(let email):
            return await email.deliver(message, payload: json, deliveryID: deliveryID)
        }
    }
}
