import Foundation
import Testing
@testable import FeedDaemon

/// Every number of the config has bounds: a value beyond them is an error naming file, line and
/// key, not a trap later in libcurl's millisecond timeouts, the scheduler or a hook's timer.

private let file = "/etc/feedd/feedd.toml"

private func configError(_ text: String) -> ConfigError? {
    do {
        _ = try ConfigLoader.parse(text: text, path: file, environment: [:])
        return nil
    } catch {
        return error
    }
}

/// `[daemon]`, one `[[feed]]` and one `[[hook]]`, with `line` (a `key = value`) added to `table`.
private func config(setting line: String, in table: String) -> (text: String, line: Int) {
    var daemon = ["[daemon]"], feed = ["[[feed]]", "url = \"https://a.example/feed\""]
    var hook = ["[[hook]]", "name = \"h\"", "exec = [\"/bin/true\"]"]
    switch table {
    case "daemon": daemon.append(line)
    case "feed": feed.append(line)
    default: hook.append(line)
    }
    let lines = daemon + feed + hook
    let number = (lines.firstIndex(of: line) ?? 0) + 1
    return (lines.joined(separator: "\n"), number)
}

private let durationKeys: [(table: String, key: String)] = [
    ("daemon", "interval"), ("daemon", "min_interval"), ("daemon", "max_interval"), ("daemon", "host_delay"),
    ("daemon", "timeout"), ("daemon", "connect_timeout"), ("daemon", "keep"),
    ("feed", "interval"), ("feed", "comments_window"), ("feed", "keep"),
    ("hook", "timeout"), ("hook", "retry_base"),
]

private let integerKeys: [(table: String, key: String)] = [
    ("daemon", "concurrency"), ("daemon", "per_host"), ("daemon", "max_items"), ("daemon", "hook_concurrency"),
    ("feed", "max_items"), ("hook", "max_attempts"),
]

@Test(arguments: durationKeys.map { "\($0.table).\($0.key)" })
func aHugeDurationIsAnErrorNamingLineAndKey(_ where: String) throws {
    let parts = `where`.split(separator: ".").map(String.init)
    let (text, line) = config(setting: "\(parts[1]) = \"9999999999999999s\"", in: parts[0])
    let error = try #require(configError(text))
    #expect(error.line == line)
    #expect(error.key == parts[1])
    #expect(error.message.contains("is longer than the maximum"), "\(error)")
}

@Test(arguments: durationKeys.map { "\($0.table).\($0.key)" })
func aHugeDurationInSecondsIsAnErrorNamingLineAndKey(_ where: String) throws {
    let parts = `where`.split(separator: ".").map(String.init)
    let (text, line) = config(setting: "\(parts[1]) = 9223372036854775807", in: parts[0])
    let error = try #require(configError(text))
    #expect(error.line == line)
    #expect(error.key == parts[1])
}

@Test(arguments: integerKeys.map { "\($0.table).\($0.key)" })
func aHugeIntegerIsAnErrorNamingLineAndKey(_ where: String) throws {
    let parts = `where`.split(separator: ".").map(String.init)
    let (text, line) = config(setting: "\(parts[1]) = 9223372036854775807", in: parts[0])
    let error = try #require(configError(text))
    #expect(error.line == line)
    #expect(error.key == parts[1])
    #expect(error.message.contains("out of range"), "\(error)")
}

@Test func aDurationWhoseUnitMultiplicationOverflowsIsTooLongNotInvalid() {
    let error = configError("[daemon]\ntimeout = \"9999999999999999w\"")
    #expect(error?.description == #"config: /etc/feedd/feedd.toml:2: key 'timeout' in [daemon]: "9999999999999999w" is longer than the maximum 1h"#)
}

@Test func aDurationOfMoreDigitsThanSixtyFourBitsHoldIsTooLong() {
    let error = configError("[daemon]\nkeep = \"99999999999999999999999999s\"")
    #expect(error?.key == "keep")
    #expect(error?.message.contains("longer than the maximum") == true)
}

@Test func aNegativeDurationInSecondsIsAnError() {
    let error = configError("[daemon]\nhost_delay = -5")
    #expect(error?.line == 2)
    #expect(error?.message == "-5 is negative; a duration is 0 or more seconds")
}

@Test func aZeroTimeoutIsAnError() {
    #expect(configError("[daemon]\ntimeout = \"0s\"")?.message == "must be longer than 0s")
}

@Test func aHugeBodySizeIsAnErrorNamingLineAndKey() {
    let error = configError("[daemon]\n\nmax_body_size = \"9999999999999GiB\"")
    #expect(error?.line == 3)
    #expect(error?.key == "max_body_size")
    #expect(error?.message == #""9999999999999GiB" is larger than the maximum 1GiB"#)
}

@Test func aBodySizeAboveTheMaximumIsAnError() {
    #expect(configError("[daemon]\nmax_body_size = \"2GiB\"")?.message == "2GiB is larger than the maximum 1GiB")
}

@Test func aBodySizeInBytesBelowTheMinimumIsAnError() {
    #expect(configError("[daemon]\nmax_body_size = 10")?.message == "10B is smaller than the minimum 1KiB")
}

@Test func aNegativeBodySizeIsAnError() {
    #expect(configError("[daemon]\nmax_body_size = -1")?.key == "max_body_size")
}

@Test func valuesAtTheirUpperBoundsAreAccepted() throws {
    let config = try ConfigLoader.parse(text: """
    [daemon]
    interval = "365d"
    max_interval = "365d"
    timeout = "1h"
    connect_timeout = "10m"
    host_delay = "1h"
    keep = "36500d"
    max_body_size = "1GiB"
    max_items = 100000000
    [[hook]]
    name = "h"
    exec = ["/bin/true"]
    timeout = "1h"
    retry_base = "6h"
    max_attempts = 1000
    """, path: file, environment: [:])
    #expect(config.daemon.timeout == .seconds(3600))
    #expect(config.hooks.first?.retryBase == .seconds(6 * 3600))
}

@Test func everyTimeoutTheConfigAllowsFitsTheFetchersMillisecondCounts() {
    // libcurl takes timeouts as a long of milliseconds; the largest allowed value must fit.
    for range in [ConfigLimits.transferTimeout, ConfigLimits.connectTimeout, ConfigLimits.hookTimeout] {
        #expect(range.upperBound.timeInterval * 1000 < Double(Int32.max))
    }
}

@Test func aConfigThatNeverEndsIsAnErrorNotAMemoryExhaustion() {
    do {
        _ = try ConfigLoader.load(path: "/dev/zero", environment: [:])
        Issue.record("no error")
    } catch {
        #expect(error.description == "config: /dev/zero: the file is larger than 64MiB")
    }
}

@Test func aFolderGivenAsConfigIsNamedAsSuch() {
    do {
        _ = try ConfigLoader.load(path: "/", environment: [:])
        Issue.record("no error")
    } catch {
        #expect(error.description == "config: /: cannot read the file: it is a folder")
    }
}

@Test func aFeedIntervalLongerThanMaxIntervalIsAnError() {
    let error = configError("[daemon]\nmax_interval = \"1d\"\n[[feed]]\nurl = \"https://a.example/feed\"\ninterval = \"2d\"")
    #expect(error?.description
        == "config: /etc/feedd/feedd.toml:5: key 'interval' in [[feed]] #1: 2d is longer than max_interval (1d in [daemon]), which would cut it short")
}
