import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// The example config that `feedd init` writes is the one in the repository, with its feed commented out.
struct ExampleConfigTests {
    @Test func theEmbeddedExampleIsTheRepositorysFile() throws {
        let file = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("config/feedd.toml"), encoding: .utf8)
        #expect(ExampleConfig.reference == file)
    }

    @Test func theInitConfigLoadsWithNoFeeds() throws {
        let config = try ConfigLoader.parse(text: ExampleConfig.forInit, path: "/tmp/feedd-init/feedd.toml")
        #expect(config.feeds.isEmpty)
    }

    @Test func theReferenceConfigNamesItsFeed() throws {
        let config = try ConfigLoader.parse(text: ExampleConfig.reference, path: "/tmp/feedd-init/feedd.toml")
        #expect(config.feeds.map(\.name) == ["boltwise"])
    }
}
