import Foundation

/// Paths inside the repository, found from this source file so tests never depend on the working directory.
public enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<relativePath>`.
    public static func url(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
    }

    /// The bytes of `Tests/Fixtures/<relativePath>`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The built `feedd` executable next to the test bundle (debug or release, whichever is running).
    public static var feeddExecutable: URL {
        let candidates = [
            repositoryRoot.appendingPathComponent(".build/debug/feedd"),
            repositoryRoot.appendingPathComponent(".build/release/feedd"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}
