import Foundation
import Testing
import TestSupport

/// `feedd parse FILE|-`, run as the built executable.
@Suite struct ParseCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func feedd(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Fixtures.feeddExecutable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func aFeedFilePrintsJSONFeedWithTheFormatExtension() throws {
        let run = try Self.feedd(["parse", Fixtures.url("seed/feed.xml").path])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("{\n  \"version\": \"https://jsonfeed.org/version/1.1\""))
        #expect(run.stdout.contains("\"format\": \"rss2.0\""))
        #expect(run.stderr.isEmpty)
    }

    @Test func standardInputIsReadForADash() throws {
        let run = try Self.feedd(["parse", "-"], stdin: try Fixtures.data("real/youtube.xml"))
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"format\": \"atom1.0\""))
    }

    @Test func aMissingFileExitsTwoWithOneLineNamingIt() throws {
        let run = try Self.feedd(["parse", "/nonexistent/feed.xml"])
        #expect(run.status == 2)
        #expect(run.stderr == "feedd parse: /nonexistent/feed.xml: cannot read: no such file\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func aFolderExitsTwoWithOneLineSayingSo() throws {
        let run = try Self.feedd(["parse", "/tmp"])
        #expect(run.status == 2)
        #expect(run.stderr == "feedd parse: /tmp: cannot read: is a directory\n")
    }

    @Test func aFileThatIsNoFeedExitsTwoWithOneLineNamingTheCause() throws {
        let path = Fixtures.url("misc/html-page.html").path
        let run = try Self.feedd(["parse", path])
        #expect(run.status == 2)
        #expect(run.stderr == "feedd parse: \(path): parse: not a feed (root element <html>)\n")
    }
}
