import FeedStore
import FeedNotifier
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

private let etc = "/etc/feedd/feedd.toml"

private func load(_ text: String, path: String = etc) throws(ConfigError) -> Config {
    try ConfigLoader.parse(text: text, path: path)
}

private func configError(_ text: String, path: String = etc) -> ConfigError? {
    do {
        _ = try load(text, path: path)
        return nil
    } catch {
        return error
    }
}

private let oneFeed = """
[[feed]]
url = "https://www.it-boltwise.de/feed"
name = "boltwise"
"""

// MARK: - The example and the defaults

@Test func exampleConfigInTheRepositoryLoads() throws {
    let path = Fixtures.repositoryRoot.appendingPathComponent("config/feedd.toml").path
    let config = try ConfigLoader.load(path: path)
    #expect(config.feeds.map(\.name) == ["boltwise"])
    #expect(config.feeds.first?.url.absoluteString == "https://www.it-boltwise.de/feed")
    #expect(config.feeds.first?.tags == ["news", "ki"])
    #expect(config.daemon.database == Fixtures.repositoryRoot.appendingPathComponent("config/feedd.sqlite").path)
    #expect(config.hooks.isEmpty)
    #expect(config.sourcePath == path)
}

@Test func commentedOutHooksOfTheExampleAreValidWhenEnabled() throws {
    let path = Fixtures.repositoryRoot.appendingPathComponent("config/feedd.toml").path
    let whole = try String(contentsOfFile: path, encoding: .utf8)
    // The built-in targets' examples are checked by HookTargetConfigTests.
    let text = whole.range(of: "# Built-in targets").map { String(whole[..<$0.lowerBound]) } ?? whole
    let enabled = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.hasPrefix("# [[hook]]") || line.hasPrefix("# name") || line.hasPrefix("# exec") || line.hasPrefix("# events")
            || line.hasPrefix("# feeds") || line.hasPrefix("# timeout") || line.hasPrefix("# max_attempts")
            || line.hasPrefix("# retry_base") || line.hasPrefix("# digest")
            || line.hasPrefix("# env") || line.hasPrefix("# webhook") || line.hasPrefix("# secret")
            ? String(line.dropFirst(2)) : String(line)
    }.joined(separator: "\n")
    let config = try ConfigLoader.parse(text: enabled, path: path)
    #expect(config.hooks.map(\.name) == ["desktop", "morning", "email", "chat"])
    #expect(config.hooks[1].digest == .daily(hour: 8, minute: 0, timeZone: .current))
    let folder = Fixtures.repositoryRoot.appendingPathComponent("config").path
    #expect(config.hooks[0].action == .exec(arguments: [folder + "/hooks/notify-desktop"]))
}

@Test func missingKeysTakeTheirDefaults() throws {
    let config = try load(oneFeed)
    let daemon = config.daemon
    #expect(daemon.database == "/etc/feedd/feedd.sqlite")
    #expect(daemon.interval == .seconds(900))
    #expect(daemon.minInterval == .seconds(300))
    #expect(daemon.maxInterval == .seconds(86_400))
    #expect(daemon.concurrency == 16)
    #expect(daemon.perHost == 2)
    #expect(daemon.hostDelay == .zero)
    #expect(daemon.timeout == .seconds(60))
    #expect(daemon.connectTimeout == .seconds(10))
    #expect(daemon.maxBodySize == 16 << 20)
    #expect(daemon.userAgent == "feedd/0.1.0 (+https://example.org/feedd)")
    #expect(daemon.logLevel == .info)
    #expect(daemon.keep == nil)
    #expect(daemon.maxItems == nil)
    #expect(daemon.hookConcurrency == 4)
    let feed = try #require(config.feeds.first)
    #expect(feed.interval == nil)
    #expect(feed.tags == [])
    #expect(feed.followComments)
    #expect(feed.commentsWindow == .seconds(7 * 86_400))
    #expect(!feed.notifyBacklog)
    #expect(config.interval(of: feed) == .seconds(900))
}

@Test func anEmptyFileIsAConfigWithoutFeeds() throws {
    let config = try load("")
    #expect(config.feeds.isEmpty)
    #expect(config.hooks.isEmpty)
}

@Test func feedNameDefaultsToTheHost() throws {
    let config = try load("[[feed]]\nurl = \"https://blog.example.org/feed/\"")
    #expect(config.feeds.first?.name == "blog.example.org")
}

@Test func relativeDatabaseResolvesAgainstTheConfigFolder() throws {
    let config = try load("[daemon]\ndatabase = \"state/../data/feedd.sqlite\"", path: "/srv/feedd/feedd.toml")
    #expect(config.daemon.database == "/srv/feedd/data/feedd.sqlite")
}

@Test func relativeConfigPathResolvesAgainstTheWorkingDirectory() throws {
    let config = try load("", path: "config/feedd.toml")
    let expected = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("config/feedd.sqlite").standardizedFileURL.path
    #expect(config.daemon.database == expected)
}

@Test func absoluteDatabaseIsKept() throws {
    let config = try load("[daemon]\ndatabase = \"/var/lib/feedd/feedd.sqlite\"")
    #expect(config.daemon.database == "/var/lib/feedd/feedd.sqlite")
}

@Test func everyDaemonKeyIsRead() throws {
    let config = try load("""
    [daemon]
    interval = "1h30m"
    min_interval = 120
    max_interval = "2d"
    concurrency = 32
    per_host = 4
    host_delay = "2s"
    timeout = "90s"
    connect_timeout = "5s"
    max_body_size = "512KiB"
    user_agent = "me"
    log_level = "debug"
    keep = "180d"
    max_items = 500
    hook_concurrency = 2
    """)
    let daemon = config.daemon
    #expect(daemon.interval == .seconds(5400))
    #expect(daemon.minInterval == .seconds(120))
    #expect(daemon.maxInterval == .seconds(2 * 86_400))
    #expect(daemon.concurrency == 32)
    #expect(daemon.perHost == 4)
    #expect(daemon.hostDelay == .seconds(2))
    #expect(daemon.timeout == .seconds(90))
    #expect(daemon.connectTimeout == .seconds(5))
    #expect(daemon.maxBodySize == 512 * 1024)
    #expect(daemon.userAgent == "me")
    #expect(daemon.logLevel == .debug)
    #expect(daemon.keep == .seconds(180 * 86_400))
    #expect(daemon.maxItems == 500)
    #expect(daemon.hookConcurrency == 2)
}

@Test func everyFeedKeyIsRead() throws {
    let config = try load("""
    [[feed]]
    url = "https://www.it-boltwise.de/feed"
    name = "boltwise"
    interval = "10m"
    tags = ["news", "ki"]
    follow_comments = false
    comments_window = "3d"
    notify_backlog = true
    keep = "30d"
    max_items = 100
    """)
    let feed = try #require(config.feeds.first)
    #expect(feed.interval == .seconds(600))
    #expect(feed.tags == ["news", "ki"])
    #expect(!feed.followComments)
    #expect(feed.commentsWindow == .seconds(3 * 86_400))
    #expect(feed.notifyBacklog)
    #expect(feed.keep == .seconds(30 * 86_400))
    #expect(feed.maxItems == 100)
    #expect(feed.line == 1)
}

@Test func everyHookKeyIsRead() throws {
    let config = try load(oneFeed + """

    [[hook]]
    name = "desktop"
    exec = ["/usr/local/bin/notify-article", "--urgent"]
    events = ["new", "updated"]
    feeds = ["boltwise"]
    timeout = "10s"
    max_attempts = 3
    retry_base = "2s"
    env = { LANG = "C.UTF-8" }

    [[hook]]
    name = "chat"
    webhook = "https://hooks.example.org/xyz"
    secret = "s3cret"
    """)
    #expect(config.hooks.count == 2)
    let desktop = config.hooks[0]
    #expect(desktop.action == .exec(arguments: ["/usr/local/bin/notify-article", "--urgent"]))
    #expect(desktop.events == [.new, .updated])
    #expect(desktop.feeds == ["boltwise"])
    #expect(desktop.timeout == .seconds(10))
    #expect(desktop.maxAttempts == 3)
    #expect(desktop.retryBase == .seconds(2))
    #expect(desktop.env == ["LANG": "C.UTF-8"])
    let chat = config.hooks[1]
    #expect(chat.action == .webhook(url: URL(string: "https://hooks.example.org/xyz")!, secret: "s3cret"))
    #expect(chat.events == [.new, .comment])
    #expect(chat.feeds == nil)
    #expect(chat.timeout == .seconds(30))
    #expect(chat.maxAttempts == 8)
    #expect(chat.retryBase == .seconds(30))
}

@Test func retryBaseReachesTheNotifiersRetryPolicy() throws {
    let config = try load(oneFeed + "\n[[hook]]\nname = \"fast\"\nexec = [\"/bin/true\"]\nretry_base = \"1s\"\nmax_attempts = 3")
    let hook = try #require(config.hooks.first)
    let definition = Runtime.hookDefinition(hook)
    #expect(definition.retry.base == 1)
    #expect(definition.retry.maxAttempts == 3)
}

@Test func relativeHookProgramResolvesAgainstTheConfigFolderAndBareNamesAreLeftToPath() throws {
    let config = try load("[[hook]]\nname = \"a\"\nexec = [\"hooks/notify\"]\n[[hook]]\nname = \"b\"\nexec = [\"notify-send\"]",
                          path: "/srv/feedd/feedd.toml")
    #expect(config.hooks.map(\.action) == [.exec(arguments: ["/srv/feedd/hooks/notify"]),
                                            .exec(arguments: ["notify-send"])])
}

// MARK: - Durations and sizes

@Test func durationsInEveryUnitAndCombined() {
    #expect(ConfigDuration.parse("30s") == .seconds(30))
    #expect(ConfigDuration.parse("15m") == .seconds(900))
    #expect(ConfigDuration.parse("2h") == .seconds(7200))
    #expect(ConfigDuration.parse("7d") == .seconds(604_800))
    #expect(ConfigDuration.parse("1h30m") == .seconds(5400))
    #expect(ConfigDuration.parse("15 minutes") == nil)
    #expect(ConfigDuration.parse("") == nil)
    #expect(ConfigDuration.parse("10") == nil)
    #expect(ConfigDuration.parse("99999999999999999999d") == nil)
}

@Test func durationsAreAcceptedExactlyWhenTheyAreDigitsAndUnitGroups() {
    let samples = ["1s", "1h30m", "0s", "007d", "2w3d", "s", "1", "1x", "1hm", "h1", "1h 30m", " 1h", "1h\n", "1S",
                   "١٢m", "1h٣m", "１m", "\r\n", "-1h", "+1h", "1.5h"]
    for text in samples {
        let byRegex = text.wholeMatch(of: /(\d+[smhdw])+/) != nil
        #expect((ConfigDuration.parse(text) != nil) == byRegex, "\(text)")
    }
}

@Test func durationsFormatBackToTheirShortestSpelling() {
    #expect(ConfigDuration.format(.seconds(5400)) == "1h30m")
    #expect(ConfigDuration.format(.seconds(604_800)) == "7d")
    #expect(ConfigDuration.format(.zero) == "0s")
}

@Test func byteSizesInBinaryAndDecimalUnits() {
    #expect(ConfigByteSize.parse("16MiB") == 16 << 20)
    #expect(ConfigByteSize.parse("512KiB") == 512 << 10)
    #expect(ConfigByteSize.parse("1GiB") == 1 << 30)
    #expect(ConfigByteSize.parse("10MB") == 10_000_000)
    #expect(ConfigByteSize.parse("100B") == 100)
    #expect(ConfigByteSize.parse("16 megabytes") == nil)
    #expect(ConfigByteSize.parse("16 MiB") == 16 << 20)
    #expect(ConfigByteSize.parse("16Ki") == nil)
    #expect(ConfigByteSize.parse("MiB") == nil)
    #expect(ConfigByteSize.parse("١٦MiB") == nil)  // Arabic-Indic digits are not a size
    #expect(ConfigByteSize.parse("99999999999GiB") == nil)
    #expect(ConfigByteSize.isWellFormed("99999999999GiB"))
    #expect(!ConfigByteSize.isWellFormed("١٦MiB"))
}

// MARK: - Errors name the file, the line and the key

@Test func invalidDurationNamesFileLineKeyAndFeed() {
    let text = """
    [[feed]]
    url = "https://a.example/feed"

    [[feed]]
    url = "https://b.example/feed"

    [[feed]]
    url = "https://c.example/feed"
    name = "c"
    tags = ["x"]
    # poll slower
    interval = "15 minutes"
    """
    #expect(configError(text)?.description
        == #"config: /etc/feedd/feedd.toml:12: key 'interval' in [[feed]] #3: invalid duration "15 minutes" (use 30s, 15m, 2h, 7d)"#)
}

@Test func unknownKeySuggestsTheClosestKnownOne() {
    let error = configError(oneFeed + "\nfollow_coments = false")
    #expect(error?.description
        == "config: /etc/feedd/feedd.toml:4: key 'follow_coments' in [[feed]] #1: unknown key; did you mean 'follow_comments'?")
}

@Test func unknownKeyWithoutACloseOneHasNoSuggestion() {
    let error = configError("[daemon]\ncolour = \"blue\"")
    #expect(error?.description == "config: /etc/feedd/feedd.toml:2: key 'colour' in [daemon]: unknown key")
}

@Test func unknownTopLevelTableIsReported() {
    let error = configError("[feeds]\nurl = \"https://a.example/\"")
    #expect(error?.line == 1)
    #expect(error?.key == "feeds")
    #expect(error?.message.hasSuffix("did you mean 'feed'?") == true)
}

@Test func singleFeedTableInsteadOfAnArrayIsExplained() {
    let error = configError("[feed]\nurl = \"https://a.example/\"")
    #expect(error?.description == "config: /etc/feedd/feedd.toml:1: key 'feed': write [[feed]] (one per feed), not [feed]")
}

@Test func wrongTypeNamesWhatWasExpectedAndFound() {
    let error = configError("[daemon]\nconcurrency = \"16\"")
    #expect(error?.description
        == #"config: /etc/feedd/feedd.toml:2: key 'concurrency' in [daemon]: expected an integer, found a string ("16")"#)
}

@Test func wrongTypeForABooleanIsReported() {
    let error = configError(oneFeed + "\nnotify_backlog = \"yes\"")
    #expect(error?.line == 4)
    #expect(error?.key == "notify_backlog")
    #expect(error?.message == #"expected true or false, found a string ("yes")"#)
}

@Test func datetimeWhereAStringBelongsIsAWrongType() {
    let error = configError("[daemon]\nuser_agent = 1979-05-27")
    #expect(error?.message == "expected a string, found a datetime")
}

@Test func outOfRangeIntegerIsReported() {
    let error = configError("[daemon]\nconcurrency = 0")
    #expect(error?.summary == "config: /etc/feedd/feedd.toml:2: key 'concurrency' in [daemon]: 0 is out of range (1…4096)")
}

@Test func invalidSizeIsReported() {
    let error = configError("[daemon]\n\nmax_body_size = \"lots\"")
    #expect(error?.line == 3)
    #expect(error?.message == #"invalid size "lots" (use 16MiB, 512KiB, 1GiB or a number of bytes)"#)
}

@Test func unknownLogLevelSuggestsOne() {
    let error = configError("[daemon]\nlog_level = \"warn\"")
    #expect(error?.line == 2)
    #expect(error?.message
        == #"unknown level "warn" (one of trace, debug, info, notice, warning, error, critical); did you mean 'warning'?"#)
}

@Test func missingURLNamesTheFeedsHeaderLine() {
    let error = configError(oneFeed + "\n\n[[feed]]\nname = \"nourl\"")
    #expect(error?.description
        == "config: /etc/feedd/feedd.toml:5: key 'url' in [[feed]] #2: missing; every [[feed]] needs url = \"https://…\"")
}

@Test func unsupportedSchemeIsRejected() {
    let error = configError("[[feed]]\nurl = \"ftp://example.org/feed.xml\"")
    #expect(error?.description
        == #"config: /etc/feedd/feedd.toml:2: key 'url' in [[feed]] #1: unsupported scheme 'ftp' in "ftp://example.org/feed.xml" (only http and https)"#)
}

@Test func fileURLIsRejected() {
    #expect(configError("[[feed]]\nurl = \"file:///tmp/feed.xml\"")?.message.contains("unsupported scheme 'file'") == true)
}

@Test func duplicateFeedNameNamesBothLines() {
    let error = configError(oneFeed + "\n\n[[feed]]\nurl = \"https://other.example/feed\"\nname = \"boltwise\"")
    #expect(error?.description
        == #"config: /etc/feedd/feedd.toml:7: key 'name' in [[feed]] #2: "boltwise" is already the name of the [[feed]] at line 1"#)
}

@Test func duplicateDefaultNameSuggestsGivingANameToo() {
    let error = configError("[[feed]]\nurl = \"https://a.example/one\"\n[[feed]]\nurl = \"https://a.example/two\"")
    #expect(error?.line == 3)
    #expect(error?.message.contains("give one of them a distinct name") == true)
}

@Test func duplicateFeedURLNamesBothLinesIgnoringTheCaseOfTheHost() {
    let error = configError(oneFeed + "\n[[feed]]\nurl = \"https://WWW.it-boltwise.de/feed\"\nname = \"again\"")
    #expect(error?.line == 5)
    #expect(error?.key == "url")
    #expect(error?.message == #""https://WWW.it-boltwise.de/feed" is already configured by the [[feed]] at line 1"#)
}

@Test func feedIntervalBelowTheMinimumIsAnError() {
    let error = configError(oneFeed + "\ninterval = \"1m\"")
    #expect(error?.description
        == "config: /etc/feedd/feedd.toml:4: key 'interval' in [[feed]] #1: 1m is shorter than min_interval (5m in [daemon])")
}

@Test func daemonIntervalBelowTheMinimumIsAnError() {
    let error = configError("[daemon]\ninterval = \"1m\"\nmin_interval = \"2m\"")
    #expect(error?.line == 2)
    #expect(error?.key == "interval")
}

@Test func hookFeedFilterNamingNoFeedOrTagIsAnError() {
    let error = configError(oneFeed + "\ntags = [\"news\"]\n\n[[hook]]\nname = \"d\"\nexec = [\"/bin/true\"]\nfeeds = [\n  \"news\",\n  \"boltwsie\",\n]")
    #expect(error?.description
        == #"config: /etc/feedd/feedd.toml:11: key 'feeds' in [[hook]] #1: no feed or tag is named "boltwsie"; did you mean 'boltwise'?"#)
}

@Test func hookWithExecAndWebhookIsAnError() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = [\"/bin/true\"]\nwebhook = \"https://h.example/\"")
    #expect(error?.description
        == "config: /etc/feedd/feedd.toml:4: key 'webhook' in [[hook]] #1: a hook has exec or webhook, not both ('exec' at line 3)")
}

@Test func hookWithNeitherExecNorWebhookIsAnError() {
    let error = configError("[[hook]]\nname = \"x\"")
    #expect(error?.summary
        == "config: /etc/feedd/feedd.toml:1: key 'exec' in [[hook]] #1: a hook needs exec = [\"/path/to/program\", …], "
        + "webhook = \"https://…\" or a target (ntfy, gotify, telegram, matrix, discord, slack, email)")
}

@Test func hookWithEmptyExecIsAnError() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = []")
    #expect(error?.line == 3)
    #expect(error?.key == "exec")
}

@Test func execMustBeAnArrayNotAShellCommand() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = \"notify-send hi\"")
    #expect(error?.message == #"expected an array of strings, found a string ("notify-send hi")"#)
}

@Test func secretWithoutWebhookIsAnError() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = [\"/bin/true\"]\nsecret = \"s\"")
    #expect(error?.line == 4)
    #expect(error?.key == "secret")
}

@Test func hookWebhookMustBeHTTP() {
    let error = configError("[[hook]]\nname = \"x\"\nwebhook = \"mailto:me@example.org\"")
    #expect(error?.key == "webhook")
    #expect(error?.message.contains("unsupported scheme 'mailto'") == true)
}

@Test func unknownHookEventSuggestsOne() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = [\"/bin/true\"]\nevents = [\"new\", \"comments\"]")
    #expect(error?.description
        == #"config: /etc/feedd/feedd.toml:4: key 'events' in [[hook]] #1: unknown event "comments" (one of new, updated, comment); did you mean 'comment'?"#)
}

@Test func duplicateHookNameNamesBothLines() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = [\"/bin/true\"]\n[[hook]]\nname = \"x\"\nexec = [\"/bin/false\"]")
    #expect(error?.line == 5)
    #expect(error?.message == #""x" is already the name of the [[hook]] at line 1"#)
}

@Test func missingHookNameIsAnError() {
    let error = configError("[[hook]]\nexec = [\"/bin/true\"]")
    #expect(error?.line == 1)
    #expect(error?.key == "name")
}

@Test func nonStringEnvironmentValueNamesTheNestedKey() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = [\"/bin/true\"]\nenv = { RETRIES = 3 }")
    #expect(error?.key == "env.RETRIES")
    #expect(error?.line == 4)
}

@Test func everyProblemIsReportedInLineOrder() {
    let error = configError("""
    [daemon]
    concurrency = "many"
    [[feed]]
    url = "https://a.example/"
    intervall = "5m"
    [[feed]]
    name = "b"
    """)
    #expect(error?.all.map(\.line) == [2, 5, 6])
    #expect(error?.description.split(separator: "\n").count == 3)
}

@Test func tomlSyntaxErrorKeepsItsColumn() {
    let error = configError("[daemon]\ninterval = 15m")
    #expect(error?.description
        == #"config: /etc/feedd/feedd.toml:2:12: invalid number '15m' (durations and sizes are strings: "15m")"#)
}

@Test func missingFileIsNamed() {
    #expect(throws: ConfigError.self) { try ConfigLoader.load(path: "/nonexistent/feedd.toml") }
    do {
        _ = try ConfigLoader.load(path: "/nonexistent/feedd.toml")
    } catch {
        #expect(error.description == "config: /nonexistent/feedd.toml: cannot read the file: no such file")
    }
}

// MARK: - Default path

@Test func defaultPathForRootIsInEtc() {
    #expect(ConfigLoader.defaultPath(environment: ["HOME": "/root"], userID: 0) == "/etc/feedd/feedd.toml")
}

@Test func defaultPathForAUserFollowsXDG() {
    let environment = ["XDG_CONFIG_HOME": "/home/ann/.cfg", "HOME": "/home/ann"]
    #expect(ConfigLoader.defaultPath(environment: environment, userID: 1000) == "/home/ann/.cfg/feedd/feedd.toml")
}

@Test func defaultPathForAUserFallsBackToDotConfig() {
    #expect(ConfigLoader.defaultPath(environment: ["HOME": "/home/ann"], userID: 1000)
        == "/home/ann/.config/feedd/feedd.toml")
}

@Test func defaultPathWithoutAHomeIsInEtc() {
    #expect(ConfigLoader.defaultPath(environment: [:], userID: 61_234) == "/etc/feedd/feedd.toml")
}

// MARK: - Hooks for a feed

private let filteredHooks = """
[[feed]]
url = "https://a.example/feed"
name = "a"
tags = ["news"]
[[feed]]
url = "https://b.example/feed"
name = "b"
[[hook]]
name = "all"
exec = ["/bin/true"]
[[hook]]
name = "by-name"
exec = ["/bin/true"]
feeds = ["b"]
[[hook]]
name = "by-tag"
webhook = "https://h.example/"
feeds = ["news"]
"""

@Test func hooksForAFeedMatchByName() throws {
    let config = try load(filteredHooks)
    let b = try #require(config.feed(named: "b"))
    #expect(config.hooks(for: b).map(\.name) == ["all", "by-name"])
}

@Test func hooksForAFeedMatchByTag() throws {
    let config = try load(filteredHooks)
    let a = try #require(config.feed(named: "a"))
    #expect(config.hooks(for: a).map(\.name) == ["all", "by-tag"])
}

@Test func emptyHookFeedFilterIsAnError() {
    let error = configError("[[hook]]\nname = \"x\"\nexec = [\"/bin/true\"]\nfeeds = []")
    #expect(error?.line == 4)
    #expect(error?.key == "feeds")
}

@Test func retentionOfAFeedFallsBackToTheDaemons() throws {
    let config = try load("[daemon]\nkeep = \"180d\"\nmax_items = 50\n" + oneFeed + "\nmax_items = 10")
    let feed = try #require(config.feeds.first)
    #expect(config.keep(of: feed) == .seconds(180 * 86_400))
    #expect(config.maxItems(of: feed) == 10)
}

@Test func feeddDatabaseVariableReplacesTheConfiguredDatabase() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path("feedd.toml")
    try "[daemon]\ndatabase = \"local.sqlite\"\n".write(toFile: path, atomically: true, encoding: .utf8)
    let config = try ConfigLoader.load(path: path, environment: ["FEEDD_DATABASE": "/var/lib/feedd/feedd.sqlite"])
    #expect(config.daemon.database == "/var/lib/feedd/feedd.sqlite")
    let plain = try ConfigLoader.load(path: path, environment: [:])
    #expect(plain.daemon.database == directory.path("local.sqlite"))
}

@Test func aFeedKeepsItsURLAsTextAndParsesItWhenAsked() throws {
    var feed = FeedConfig(url: try #require(URL(string: "https://blog.example/feed?a=1")))
    #expect(feed.urlText == "https://blog.example/feed?a=1")
    #expect(feed.url.host() == "blog.example" && feed.url.query() == "a=1")
    feed.url = try #require(URL(string: "http://other.example/x"))
    #expect(feed.urlText == "http://other.example/x")
    #expect(feed == FeedConfig(url: try #require(URL(string: "http://other.example/x")), name: "blog.example"))
}
