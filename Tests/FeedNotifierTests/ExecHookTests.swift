import Foundation
import Testing
import TestSupport
@testable import FeedNotifier
#if canImport(Glibc)
import Glibc
#endif

/// Text that would do damage if it ever reached a shell: it must arrive as plain bytes.
let hostileTitle = "Héllo $(rm -rf /) `reboot` \"quoted\" 'single' \\ back\nnew line; | & > < * ? 🎉 -n"

private func shellHook(_ script: String, _ arguments: [String] = [], timeout: Duration = .seconds(30),
                       killGrace: Duration = .seconds(5), environment: [String: String] = [:],
                       inherited: [String: String] = ProcessInfo.processInfo.environment) -> ExecHook {
    // The script is the test's own, fixed text; hook input only ever travels on stdin.
    ExecHook(argv: ["/bin/sh", "-c", script, "hook"] + arguments, timeout: timeout, environment: environment,
             killGrace: killGrace, inheritedEnvironment: inherited)
}

private let sampleVariables = HookEnvironment.variables(
    event: "new", deliveryID: "delivery-42", feedName: "boltwise",
    feedURL: "https://example.org/feed", itemURL: "https://example.org/a?x=1&y=$(id)")

@Test func hookReceivesThePayloadOnStdinByteForByte() async throws {
    let folder = try TemporaryDirectory()
    let received = folder.path("stdin")
    let payload = Data("{\"title\":\"\(hostileTitle)\"}\u{0}\u{FF}".utf8) + Data([0xff, 0x00, 0x0a])
    let outcome = await shellHook(#"cat > "$1""#, [received]).run(payload: payload, variables: sampleVariables)
    #expect(outcome == .delivered)
    #expect(try Data(contentsOf: URL(fileURLWithPath: received)) == payload)
}

@Test func hookSeesTheFeeddVariablesAndConfiguredEnvironment() async throws {
    let folder = try TemporaryDirectory()
    let dump = folder.path("env")
    let hook = shellHook(#"env > "$1""#, [dump], environment: ["MAIL_TO": "me@example.org"],
                         inherited: ["PATH": "/usr/bin:/bin", "HOME": "/root", "NOTIFY_SOCKET": "/run/x", "SECRET": "s3cr3t"])
    #expect(await hook.run(payload: Data(), variables: sampleVariables) == .delivered)
    let lines = Set(try String(contentsOfFile: dump, encoding: .utf8).split(separator: "\n").map(String.init))
    #expect(lines.contains("FEEDD_EVENT=new"))
    #expect(lines.contains("FEEDD_DELIVERY_ID=delivery-42"))
    #expect(lines.contains("FEEDD_FEED_NAME=boltwise"))
    #expect(lines.contains("FEEDD_FEED_URL=https://example.org/feed"))
    #expect(lines.contains("FEEDD_ITEM_URL=https://example.org/a?x=1&y=$(id)"))
    #expect(lines.contains("MAIL_TO=me@example.org"))
    #expect(lines.contains("HOME=/root"))
    #expect(!lines.contains { $0.hasPrefix("NOTIFY_SOCKET=") || $0.hasPrefix("SECRET=") })
}

@Test func exitStatusZeroIsDelivered() async {
    #expect(await shellHook("exit 0").run(payload: Data("{}".utf8), variables: sampleVariables) == .delivered)
}

@Test func nonZeroExitFailsWithTheStatusAndTheEndOfStderr() async {
    let outcome = await shellHook("echo starting; echo 'smtp: connection refused' >&2; exit 3")
        .run(payload: Data("{}".utf8), variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /bin/sh exited with status 3; stderr: smtp: connection refused"))
}

@Test func hookKilledBySignalFailsNamingTheSignal() async {
    let outcome = await shellHook("kill -SEGV $$").run(payload: Data(), variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /bin/sh was killed by signal 11 (SIGSEGV)"))
}

@Test func missingProgramFailsToStart() async {
    let hook = ExecHook(argv: ["/nonexistent/feedd-hook"], inheritedEnvironment: [:])
    let outcome = await hook.run(payload: Data("{}".utf8), variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /nonexistent/feedd-hook could not be started: No such file or directory"))
}

@Test func hookThatNeverReadsAOneMegabytePayloadDoesNotHangUs() async {
    let payload = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
    #expect(await shellHook("exit 0").run(payload: payload, variables: sampleVariables) == .delivered)
    let outcome = await shellHook("sleep 0.2; exit 4").run(payload: payload, variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /bin/sh exited with status 4"))
}

@Test func hookThatReadsALargePayloadWhileWritingLotsOfOutputCompletes() async throws {
    let folder = try TemporaryDirectory()
    let payload = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) })
    let hook = shellHook(#"tee "$1"; seq 1 200000 >&2"#, [folder.path("copy")])
    #expect(await hook.run(payload: payload, variables: sampleVariables) == .delivered)
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("copy"))) == payload)
}

/// Whether `pid` is gone: no process, or only a zombie waiting for its (re)parent to reap it.
private func isGone(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    guard let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(close, offsetBy: 2)] == "Z"
}

private func waitUntil(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<200 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return condition()
}

@Test func hangingHookIsKilledAtItsTimeoutWithItsWholeProcessGroup() async throws {
    let folder = try TemporaryDirectory()
    let pids = folder.path("pids")
    let hook = shellHook(#"sleep 100 & echo $! > "$1.tmp"; mv "$1.tmp" "$1"; sleep 100"#, [pids],
                         timeout: .seconds(1), killGrace: .milliseconds(500))
    let outcome = await hook.run(payload: Data("{}".utf8), variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /bin/sh timed out after 1s"))
    let grandchild = try #require(pid_t(try String(contentsOfFile: pids, encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(await waitUntil { isGone(grandchild) })
}

@Test func hookThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() async throws {
    let folder = try TemporaryDirectory()
    let pids = folder.path("pids")
    let hook = shellHook(#"trap '' TERM; sleep 100 & echo $! > "$1.tmp"; mv "$1.tmp" "$1"; wait"#, [pids],
                         timeout: .milliseconds(800), killGrace: .milliseconds(300))
    let outcome = await hook.run(payload: Data(), variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /bin/sh timed out after 800ms"))
    let grandchild = try #require(pid_t(try String(contentsOfFile: pids, encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(await waitUntil { isGone(grandchild) })
}

@Test func hookEnvironmentDropsEntriesACEnvironmentCannotHold() {
    let entries = HookEnvironment.entries(inherited: ["PATH": "/bin"], configured: ["A=B": "x", "": "y", "OK": "1"],
                                          variables: ["FEEDD_EVENT": "new", "FEEDD_ITEM_URL": "a\u{0}b"])
    #expect(entries == ["FEEDD_EVENT=new", "OK=1", "PATH=/bin"])
}

@Test func feeddVariablesWinOverConfiguredOnes() {
    let entries = HookEnvironment.entries(inherited: [:], configured: ["FEEDD_EVENT": "forged"],
                                          variables: ["FEEDD_EVENT": "comment"])
    #expect(entries == ["FEEDD_EVENT=comment", "PATH=\(HookEnvironment.defaultPath)"])
}

@Test func backgroundChildOfAHookThatExitedInTimeIsEnded() async throws {
    let folder = try TemporaryDirectory()
    let pids = folder.path("pids")
    let hook = shellHook(#"sleep 300 & echo $! > "$1.tmp"; mv "$1.tmp" "$1"; exit 0"#, [pids],
                         timeout: .seconds(30), killGrace: .seconds(5))
    let outcome = await hook.run(payload: Data(), variables: sampleVariables)
    #expect(outcome == .delivered)
    let child = try #require(pid_t(try String(contentsOfFile: pids, encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(await waitUntil { isGone(child) })
}

@Test func backgroundChildThatIgnoresSIGTERMIsKilledAfterTheGrace() async throws {
    let folder = try TemporaryDirectory()
    let pids = folder.path("pids")
    let hook = shellHook(#"trap '' TERM; sleep 300 & echo $! > "$1.tmp"; mv "$1.tmp" "$1"; exit 3"#, [pids],
                         timeout: .seconds(30), killGrace: .milliseconds(300))
    let outcome = await hook.run(payload: Data(), variables: sampleVariables)
    #expect(outcome == .failed(reason: "hook: /bin/sh exited with status 3"))
    let child = try #require(pid_t(try String(contentsOfFile: pids, encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(await waitUntil { isGone(child) })
}

@Test func aHookWithAnEnormousTimeoutRunsWithoutOverflow() async {
    let hook = shellHook("exit 0", timeout: .seconds(Int64.max), killGrace: .seconds(Int64.max))
    #expect(await hook.run(payload: Data("{}".utf8), variables: sampleVariables) == .delivered)
}

@Test(arguments: [(Duration.seconds(30), "30s"), (.milliseconds(800), "800ms"), (.milliseconds(1500), "1500ms"),
                  (.seconds(Int64.max) + .milliseconds(5), "\(Int64.max)s")])
func aTimeoutIsWrittenInTheConfigurationsStyle(_ duration: Duration, _ text: String) {
    #expect(ExecHook.format(duration) == text)
}
