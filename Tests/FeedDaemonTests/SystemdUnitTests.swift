import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// `systemd-analyze` from Debian's `systemd` package, which `make deps` installs.
private let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

private let unitNames = ["feedd.service", "feedd-fetch.service", "feedd-fetch.timer"]

private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

private func unitText(_ name: String) throws -> String {
    try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("systemd/\(name)"), encoding: .utf8)
}

@Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is missing: `make deps` installs Debian's systemd package"))
func systemdAnalyzeVerifyFindsNothingWrongWithTheUnits() throws {
    // verify insists that ExecStart's binary exists; the installed feedd is not there in a test,
    // so the units are checked as copies that start /bin/true instead.
    let folder = try TemporaryDirectory()
    var paths: [String] = []
    for name in unitNames {
        let text = try unitText(name).replacingOccurrences(of: "/usr/local/bin/feedd", with: "/bin/true")
        try text.write(toFile: folder.path(name), atomically: true, encoding: .utf8)
        paths.append(folder.path(name))
    }
    let result = try run(try #require(systemdAnalyze), ["verify", "--man=no"] + paths)
    let complaints = result.output.split(separator: "\n").filter { $0.contains("feedd") || $0.contains(folder.url.path) }
    #expect(complaints.isEmpty, "\(result.output)")
    #expect(result.status == 0, "\(result.output)")
}

@Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is missing: `make deps` installs Debian's systemd package"))
func serviceExposureStaysAtOrBelowTwo() throws {
    for name in ["feedd.service", "feedd-fetch.service"] {
        let path = Fixtures.repositoryRoot.appendingPathComponent("systemd/\(name)").path
        let result = try run(try #require(systemdAnalyze), ["security", "--offline=yes", "--threshold=20", "--no-pager", path])
        let verdict = result.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
        #expect(result.status == 0, "\(name): \(verdict ?? Substring(result.output))")
    }
}

@Test func serviceIsANotifyServiceWithWatchdogAndReload() throws {
    let lines = Set(try unitText("feedd.service").split(separator: "\n").map(String.init))
    for expected in ["Type=notify", "WatchdogSec=120", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
                     "StateDirectory=feedd", "DynamicUser=yes", "ExecStart=/usr/local/bin/feedd run --config /etc/feedd/feedd.toml",
                     "Environment=FEEDD_DATABASE=/var/lib/feedd/feedd.sqlite"] {
        #expect(lines.contains(expected), "feedd.service lacks \(expected)")
    }
}

@Test func timerStartsTheOneShotFetchEveryFifteenMinutes() throws {
    let timer = Set(try unitText("feedd-fetch.timer").split(separator: "\n").map(String.init))
    #expect(timer.isSuperset(of: ["OnUnitActiveSec=15min", "Persistent=true"]))
    let service = Set(try unitText("feedd-fetch.service").split(separator: "\n").map(String.init))
    #expect(service.isSuperset(of: ["Type=oneshot", "ExecStart=/usr/local/bin/feedd fetch --config /etc/feedd/feedd.toml"]))
}

@Test func serviceStopTimeoutIsTheOneCheckConfigKnows() throws {
    let lines = try unitText("feedd.service").split(separator: "\n").map(String.init)
    let seconds = ServiceUnit.stopTimeout.components.seconds
    #expect(lines.contains("TimeoutStopSec=\(seconds)"), "check-config's ServiceUnit.stopTimeout and the unit differ")
}

@Test func serviceStopTimeoutCoversTheDefaultHookTimeoutPlusGraceAndTheTransferTimeout() {
    let hook = HookConfig(name: "h", action: .exec(arguments: ["/bin/true"]))
    #expect(ConfigPreflight.stopTimeoutWarning(hook) == nil)
    #expect(ConfigPreflight.transferStopWarning(DaemonConfig(configFolder: "/etc/feedd").timeout) == nil)
}

@Test func bothServicesShowHowToLoadACredential() throws {
    for name in ["feedd.service", "feedd-fetch.service"] {
        let lines = try unitText(name).split(separator: "\n").map(String.init)
        #expect(lines.contains("#LoadCredential=webhook-secret:/etc/feedd/webhook-secret"), "\(name)")
    }
}
