// swift-tools-version:5.4
// A separate package because SwiftPM ≥ 5.5 links executables with `--defsym main=…`, which clashes
// with libFuzzer's own `main`. Build and run it with `make fuzz` (see the README, "Fuzzing").
import PackageDescription

let package = Package(
    name: "FeedParserFuzz",
    dependencies: [
        .package(name: "feedd", path: ".."),
    ],
    targets: [
        .executableTarget(name: "FuzzFeedParser", dependencies: [.product(name: "FeedParser", package: "feedd")]),
    ]
)
