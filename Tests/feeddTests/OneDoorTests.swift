import Foundation
import Testing
import TestSupport

/// The executable only wires and prints: every pipeline stage is reached through FeedDaemon, so a
/// `feedd` source file importing FeedStore, FeedFetcher, FeedParser, FeedModel or Logging (or the
/// manifest naming them for the `feedd` target) means a command went around the door.
struct OneDoorTests {
    /// The modules a file of the executable may import.
    static let allowedImports: Set<String> = ["ArgumentParser", "FeedDaemon", "Foundation", "Glibc"]

    @Test func executableImportsOnlyFeedDaemon() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("Sources/feedd")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        var strays: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                // `import X`, `@testable import X`, `@_exported import X`, `import struct X.Y`: the module is the last word's first part.
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                      words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                let module = String(words[words.count - 1].split(separator: ".")[0])
                if !Self.allowedImports.contains(module) || line.contains("@_exported") { strays.append("\(file): \(line)") }
            }
        }
        #expect(strays == [])
    }

    @Test func manifestGivesTheExecutableFeedDaemonAndArgumentParserOnly() throws {
        let manifest = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let start = try #require(manifest.range(of: ".executableTarget(name: \"feedd\","))
        let end = try #require(manifest.range(of: "]),", range: start.upperBound..<manifest.endIndex))
        let dependencies = manifest[start.upperBound..<end.lowerBound]
        let named = dependencies.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(named == ["FeedDaemon", "ArgumentParser", "swift-argument-parser"])
    }
}
