import Foundation
import Testing
import TestSupport

/// `feedd check-config` through the real binary: it refuses what would trap or fail later, with
/// file, line and key, and exit status 2.
///
/// The tests run as root, for whom permission bits are no obstacle; the database and program
/// checks therefore use situations root cannot bypass: a path under a regular file, a folder
/// that does not exist, a file without any execute bit.

private func checkConfig(_ text: String, in folder: TemporaryDirectory,
                         environment extra: [String: String] = [:]) throws -> CommandResult {
    let path = folder.path("feedd.toml")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment["FEEDD_DATABASE"] = nil
    environment.merge(extra) { _, new in new }
    return try CommandRunner.run(Fixtures.feeddExecutable, ["check-config", "--config", path], environment: environment,
                                 timeout: 60)
}

@Test(arguments: ["timeout", "connect_timeout", "host_delay"])
func checkConfigRefusesAHugeDaemonDurationWithExitTwo(_ key: String) throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[daemon]\n\(key) = \"9999999999999999s\"\n", in: folder)
    #expect(result.status == 2)
    #expect(!result.wasSignaled)
    #expect(result.stderr.contains("\(folder.path("feedd.toml")):2: key '\(key)' in [daemon]"), "\(result.stderr)")
}

@Test func checkConfigRefusesAHugeHookTimeoutWithExitTwo() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[[hook]]\nname = \"h\"\nexec = [\"/bin/true\"]\ntimeout = \"9999999999999999s\"\n", in: folder)
    #expect(result.status == 2)
    #expect(result.stderr.contains(":4: key 'timeout' in [[hook]] #1"), "\(result.stderr)")
}

@Test func checkConfigRefusesDeeplyNestedArraysWithoutCrashing() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("x = " + String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000), in: folder)
    #expect(!result.wasSignaled)
    #expect(result.status == 2)
    #expect(result.stderr.contains("nest more than"), "\(result.stderr)")
}

@Test func checkConfigAcceptsAGoodConfig() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[[hook]]\nname = \"h\"\nexec = [\"/bin/true\"]\n", in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains(": ok (0 feeds, 1 hooks"))
}

@Test func checkConfigRefusesAHookProgramThatDoesNotExist() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("\n[[hook]]\nname = \"h\"\nexec = [\"hooks/missing\"]\n", in: folder)
    #expect(result.status == 2)
    #expect(result.stderr.contains(":4: key 'exec' in [[hook]] #1: \(folder.path("hooks/missing")) does not exist"),
            "\(result.stderr)")
}

@Test func checkConfigRefusesAHookProgramThatIsNotExecutable() throws {
    let folder = try TemporaryDirectory()
    let program = folder.path("notify")
    try "#!/bin/sh\n".write(toFile: program, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: program)
    let result = try checkConfig("[[hook]]\nname = \"h\"\nexec = [\"\(program)\"]\n", in: folder)
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(program) is not executable"), "\(result.stderr)")
}

@Test func checkConfigRefusesABareProgramNameNotInPath() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[[hook]]\nname = \"h\"\nexec = [\"feedd-no-such-program\"]\n", in: folder,
                                 environment: ["PATH": "/usr/bin:/bin"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\"feedd-no-such-program\" is not an executable file in any folder of $PATH"),
            "\(result.stderr)")
}

@Test func checkConfigRefusesADatabaseUnderARegularFile() throws {
    let folder = try TemporaryDirectory()
    try "x".write(toFile: folder.path("plain"), atomically: true, encoding: .utf8)
    let result = try checkConfig("[daemon]\ndatabase = \"plain/feedd.sqlite\"\n", in: folder)
    #expect(result.status == 2)
    #expect(result.stderr.contains(":2: key 'database' in [daemon]: \(folder.path("plain/feedd.sqlite")) cannot be created: not a directory"),
            "\(result.stderr)")
}

@Test func checkConfigRefusesADatabaseInAFolderThatDoesNotExist() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[daemon]\ndatabase = \"state/feedd.sqlite\"\n", in: folder)
    #expect(result.status == 2)
    #expect(result.stderr.contains("the folder \(folder.path("state")) does not exist"), "\(result.stderr)")
}

@Test func checkConfigNamesFeeddDatabaseWhenTheVariableSetTheDatabase() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("", in: folder, environment: ["FEEDD_DATABASE": folder.path("none/feedd.sqlite")])
    #expect(result.status == 2)
    #expect(result.stderr.contains("(from FEEDD_DATABASE)"), "\(result.stderr)")
}

@Test func checkConfigCreatesNoDatabase() throws {
    let folder = try TemporaryDirectory()
    _ = try checkConfig("", in: folder)
    #expect(!FileManager.default.fileExists(atPath: folder.path("feedd.sqlite")))
}

@Test func checkConfigWarnsWhenAHookMayOutlastTheServicesStopTimeout() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[[hook]]\nname = \"slow\"\nexec = [\"/bin/true\"]\ntimeout = \"10m\"\n", in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("warning: "), "\(result.stderr)")
    #expect(result.stderr.contains("key 'timeout' in [[hook]] #1: 10m plus 5s"), "\(result.stderr)")
}

@Test func checkConfigReadsTheSecretFileAndRefusesAMissingOne() throws {
    let folder = try TemporaryDirectory()
    let result = try checkConfig("[[hook]]\nname = \"w\"\nwebhook = \"https://h.example/\"\nsecret_file = \"absent\"\n", in: folder)
    #expect(result.status == 2)
    #expect(result.stderr.contains(":4: key 'secret_file' in [[hook]] #1: cannot read \(folder.path("absent"))"), "\(result.stderr)")
}

@Test func fetchWithAHugeConnectTimeoutExitsTwoInsteadOfTrapping() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("feedd.toml")
    try "[daemon]\nconnect_timeout = \"9999999999999999s\"\n[[feed]]\nurl = \"http://127.0.0.1:9/feed\"\n"
        .write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(Fixtures.feeddExecutable, ["fetch", "--config", path], timeout: 60)
    #expect(!result.wasSignaled)
    #expect(result.status == 2)
    #expect(result.stderr.contains(":2: key 'connect_timeout' in [daemon]"), "\(result.stderr)")
}
