// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "feedd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedd", targets: ["feedd"]),
        // Exported so the fuzzing package in Fuzz/ can link the parser.
        .library(name: "FeedParser", targets: ["FeedParser"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Hook message templates: a maintained Mustache implementation, not a hand-written one.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries at the edge: a module map and a shim.h of static inline wrappers each.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // One module per pipeline stage.
        .target(name: "FeedModel", dependencies: ["CCrypto"]),
        .target(name: "FeedParser", dependencies: ["CLibXML2", "FeedModel"]),
        .target(name: "FeedFetcher", dependencies: ["CCurl"]),
        .target(name: "FeedStore", dependencies: ["CSQLite", "FeedModel"]),
        // The PostgreSQL store, for installations several daemons share (libpq, the reference client).
        .target(name: "FeedStorePostgres", dependencies: ["CPostgres", "FeedModel", "FeedStore"]),
        .target(name: "FeedNotifier", dependencies: ["FeedStore", "FeedFetcher", "FeedModel",
                                                     .product(name: "Logging", package: "swift-log"),
                                                     .product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "FeedDaemon", dependencies: ["FeedModel", "FeedParser", "FeedFetcher", "FeedStore", "FeedStorePostgres", "FeedNotifier",
                                                   .product(name: "Logging", package: "swift-log")]),
        // The executable only wires and prints: FeedDaemon is its one door to the pipeline.
        .executableTarget(name: "feedd", dependencies: ["FeedDaemon",
                                                        .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // `make bench`: plain executables that time feedd against a baseline in the same run.
        .executableTarget(name: "feedd-bench", dependencies: ["FeedParser", "FeedFetcher", "FeedStore", "FeedDaemon", "FeedModel", "CLibXML2", "TestSupport"],
                          path: "Benchmarks/feedd-bench"),

        // Test-only helpers: a loopback HTTP server, fixture paths, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FeedModelTests", dependencies: ["FeedModel", "TestSupport"]),
        .testTarget(name: "FeedParserTests", dependencies: ["FeedParser", "FeedModel", "TestSupport"]),
        .testTarget(name: "FeedFetcherTests", dependencies: ["FeedFetcher", "TestSupport"]),
        .testTarget(name: "FeedStoreTests", dependencies: ["FeedStore", "FeedModel", "TestSupport", "FeedDaemon"]),
        .testTarget(name: "FeedStorePostgresTests", dependencies: ["FeedStorePostgres", "TestSupport"]),
        .testTarget(name: "StoreContractTests", dependencies: ["FeedStore", "FeedStorePostgres", "FeedModel", "TestSupport", "FeedDaemon"]),
        .testTarget(name: "FeedNotifierTests", dependencies: ["FeedNotifier", "FeedStore", "FeedModel", "TestSupport", "FeedDaemon"]),
        .testTarget(name: "FeedDaemonTests", dependencies: ["FeedDaemon", "FeedStore", "FeedModel", "TestSupport"]),
        .testTarget(name: "feeddTests", dependencies: ["FeedStore", "FeedStorePostgres", "FeedModel", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
