import Foundation

/// DESIGN.md's `feedd parse` target: the whole process (start, read, parse, JSON out) costs at
/// most 2× `xmllint --stream` reading the same file, both as child processes with stdout to
/// /dev/null, interleaved so both see the same machine.
enum ParseCommandBenchmark {
    static let runs = 7
    static let targetRatio = 2.0

    static func run() -> Bool {
        guard let feedd = FeeddBinary.path else {
            print("parsecommand: \(FeeddBinary.missing)")
            return false
        }
        guard let xmllint = ["/usr/bin/xmllint", "/bin/xmllint"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("parsecommand: xmllint is not installed (Debian package libxml2-utils; `make bench` installs it)")
            return false
        }
        guard let scratch = ScratchFolder("parsecommand") else {
            print("parsecommand: cannot create a scratch folder")
            return false
        }
        defer { scratch.remove() }
        let bytes = ProcessInfo.processInfo.environment["FEEDD_BENCH_PARSER_BYTES"].flatMap { Int($0) } ?? ParserBenchmark.targetBytes
        let feed = ParserBenchmark.generateRSS(approximateBytes: bytes)
        let path = scratch.file("feed.xml")
        guard FileManager.default.createFile(atPath: path, contents: feed.data) else {
            print("parsecommand: cannot write \(path)")
            return false
        }
        let tinyPath = scratch.file("tiny.xml")
        guard FileManager.default.createFile(atPath: tinyPath, contents: Data(tinyFeed.utf8)) else {
            print("parsecommand: cannot write \(tinyPath)")
            return false
        }
        let feeddCommand = [feedd, "parse", path]
        let baselineCommand = [xmllint, "--stream", "--noout", path]
        // What the process costs before any parsing: loading, linking, argument parsing, a one-item feed.
        let startUpCommand = [feedd, "parse", tinyPath]
        // Warm up: page in both binaries, their libraries and the file.
        _ = ChildProcess.run(feeddCommand, timeout: 120)
        _ = ChildProcess.run(baselineCommand, timeout: 120)

        var feeddRuns: [ChildProcess.Usage] = []
        var baselineRuns: [ChildProcess.Usage] = []
        var startUpRuns: [ChildProcess.Usage] = []
        for _ in 0..<runs {
            guard let baseline = ChildProcess.run(baselineCommand, timeout: 120),
                  let ours = ChildProcess.run(feeddCommand, timeout: 120),
                  let startUp = ChildProcess.run(startUpCommand, timeout: 120) else {
                print("parsecommand: could not start a child process")
                return false
            }
            guard ours.exitStatus == 0, baseline.exitStatus == 0, startUp.exitStatus == 0 else {
                print("parsecommand: exit status feedd \(ours.exitStatus), xmllint \(baseline.exitStatus), "
                    + "feedd on a one-item feed \(startUp.exitStatus)")
                return false
            }
            feeddRuns.append(ours)
            baselineRuns.append(baseline)
            startUpRuns.append(startUp)
        }
        let feeddWall = Timing.median(feeddRuns.map(\.wallSeconds))
        let baselineWall = Timing.median(baselineRuns.map(\.wallSeconds))
        let megabytes = Double(feed.data.count) / 1e6
        print("parsecommand: \(Timing.format(megabytes)) MB RSS 2.0, \(feed.items) items, median of \(runs) interleaved runs; "
            + "whole process, stdout to /dev/null")
        print("parsecommand: xmllint --stream \(Timing.format(baselineWall, decimals: 3)) s "
            + "(\(Timing.format(megabytes / baselineWall)) MB/s), feedd parse \(Timing.format(feeddWall, decimals: 3)) s "
            + "(\(Timing.format(megabytes / feeddWall)) MB/s, CPU \(Timing.format(Timing.median(feeddRuns.map(\.cpuSeconds)), decimals: 3)) s, "
            + "peak RSS \(Timing.format(Timing.median(feeddRuns.map { Double($0.maxRSSKiB) }) / 1024)) MiB), "
            + "ratio \(Timing.format(feeddWall / baselineWall, decimals: 2))× (target <= \(Timing.format(targetRatio))×)")
        print("parsecommand: of which start-up (feedd parse of a one-item feed) \(Timing.format(Timing.median(startUpRuns.map(\.wallSeconds)), decimals: 3)) s")
        return true
    }

    /// The smallest RSS feed `feedd parse` reads: what remains of its time is the process itself.
    static let tinyFeed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Start-up</title><link>https://example.org/</link>
        <item><title>One</title><link>https://example.org/1</link></item></channel></rss>

        """
}
