import FeedDaemon
import Foundation
import Testing
import TestSupport

/// `feedd parse FILE` maps the file with its pages populated; what it reads is the file, and what
/// it cannot read is said in a few words.
@Suite struct MappedFileTests {
    @Test func aFileIsReadWhole() throws {
        let directory = try TemporaryDirectory()
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: directory.path("feed.xml")))
        #expect(try MappedFile.read(directory.path("feed.xml")) == bytes)
    }

    @Test func anEmptyFileIsNoBytes() throws {
        let directory = try TemporaryDirectory()
        FileManager.default.createFile(atPath: directory.path("empty.xml"), contents: Data())
        #expect(try MappedFile.read(directory.path("empty.xml")).isEmpty)
    }

    @Test func aMissingFileAndAFolderAreSaidSo() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: MappedFile.ReadError.self) { try MappedFile.read(directory.path("absent.xml")) }
        do {
            _ = try MappedFile.read(directory.path("absent.xml"))
        } catch let error as MappedFile.ReadError {
            #expect(error.description == "no such file")
        }
        do {
            _ = try MappedFile.read(directory.url.path)
            Issue.record("a folder was read")
        } catch let error as MappedFile.ReadError {
            #expect(error.description == "is a directory")
        }
    }

    /// A named pipe has no size to map: it is read to its end like standard input.
    @Test func aNamedPipeIsReadAsAStream() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("pipe")
        try #require(mkfifo(path, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: path)
            handle?.write(Data("<rss/>".utf8))
            try? handle?.close()
        }
        writer.start()
        #expect(try MappedFile.read(path) == Data("<rss/>".utf8))
    }
}
