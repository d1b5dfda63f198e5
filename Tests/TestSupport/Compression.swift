import Foundation

/// Compressed test bodies made at test time with the system's tools (Foundation on Linux has no zlib API):
/// `gzip` for gzip, the same stream re-framed for zlib "deflate", and Debian's `brotli` CLI for br.
public enum Compression {
    /// Why a tool could not produce the bytes.
    public struct ToolError: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// `gzip -n -9` of `data`.
    public static func gzip(_ data: Data) throws -> Data {
        try run(["gzip", "-c", "-n", "-9"], input: data)
    }

    /// The zlib-wrapped deflate stream (RFC 1950), which HTTP's `deflate` coding means:
    /// the raw deflate from inside a gzip member, with a zlib header and an Adler-32 trailer.
    public static func zlibDeflate(_ data: Data) throws -> Data {
        let member = try gzip(data)
        // gzip -n writes a 10-byte header without optional fields and an 8-byte trailer.
        guard member.count > 18, member[member.startIndex + 3] == 0 else {
            throw ToolError(description: "compression: gzip wrote an unexpected header")
        }
        var wrapped = Data([0x78, 0xDA])
        wrapped.append(member.subdata(in: member.startIndex + 10 ..< member.endIndex - 8))
        let checksum = adler32(data)
        wrapped.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: checksum >> $0) })
        return wrapped
    }

    /// `brotli` of `data` (Debian package `brotli`, installed by `make deps`).
    public static func brotli(_ data: Data) throws -> Data {
        try run(["brotli", "-c", "-q", "9"], input: data)
    }

    /// `count` zero bytes through `gzip -9` (about 1:1000): a small body that decodes to a huge one.
    public static func gzipBomb(zeroBytes count: Int) throws -> Data {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-zeros-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: input) }
        guard FileManager.default.createFile(atPath: input.path, contents: nil) else {
            throw ToolError(description: "compression: cannot create \(input.path)")
        }
        let handle = try FileHandle(forWritingTo: input)
        try handle.truncate(atOffset: UInt64(count))  // a sparse file of zeros: nothing is written
        try handle.close()
        return try run(["gzip", "-c", "-n", "-9", input.path], input: nil)
    }

    private static func adler32(_ data: Data) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    /// Runs a tool with files for stdin and stdout, so large data cannot fill a pipe and hang.
    private static func run(_ arguments: [String], input: Data?) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-compress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputURL = folder.appendingPathComponent("in"), outputURL = folder.appendingPathComponent("out")
        try (input ?? Data()).write(to: inputURL)
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw ToolError(description: "compression: cannot create \(outputURL.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolError(description: "compression: \(arguments[0]) exited with \(process.terminationStatus) (is it installed? `make deps`)")
        }
        return try Data(contentsOf: outputURL)
    }
}
