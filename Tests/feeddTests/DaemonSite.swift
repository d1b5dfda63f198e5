import Foundation
import TestSupport

/// One daemon test's world: a feed server, a temporary folder with the config, the store and hook
/// programs, and what those programs recorded.
final class DaemonSite {
    let server: FeedServer
    let directory: TemporaryDirectory
    var configPath: String { directory.path("feedd.toml") }
    var databasePath: String { directory.path("feedd.sqlite") }

    /// Poll every second: a new item is seen within a second or two of being served.
    static let fastDaemon = """
    [daemon]
    database = "feedd.sqlite"
    interval = "1s"
    min_interval = "1s"
    """

    init() throws {
        server = try FeedServer()
        directory = try TemporaryDirectory(prefix: "feedd-daemon")
    }

    deinit { server.stop() }

    /// Writes the config: `fastDaemon` (or `daemon`) followed by `tables`.
    func writeConfig(_ tables: String, daemon: String = DaemonSite.fastDaemon) throws {
        try (daemon + "\n\n" + tables + "\n").write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// A `[[feed]]` table for `path` on the server.
    func feedTable(_ name: String, path: String, _ extra: String = "") -> String {
        """
        [[feed]]
        name = "\(name)"
        url = "\(server.url(path))"
        \(extra)

        """
    }

    /// A `[[hook]]` table running the recorder into its own folder (see `deliveries(of:)`).
    func recorderTable(_ name: String, sleep: String? = nil, _ extra: String = "") throws -> String {
        let folder = directory.path("out-" + name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return """
        [[hook]]
        name = "\(name)"
        exec = ["\(try recorder(sleep: sleep))", "\(folder)"]
        \(extra)

        """
    }

    /// Writes an executable `/bin/sh` script of the test's own (no item text ever goes in one).
    func script(_ name: String, _ body: String) throws -> String {
        let path = directory.path(name)
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// A hook program that stores its stdin as one file in the folder `$1`, renamed into place so a
    /// reader never sees half a delivery; with `sleep`, it first waits that long.
    private func recorder(sleep: String?) throws -> String {
        try script("record" + (sleep.map { "-sleep-" + $0 } ?? ""), """
        set -e
        \(sleep.map { "sleep " + $0 } ?? "")
        t=$(mktemp "$1/.partial.XXXXXX")
        cat > "$t"
        mv "$t" "$1/delivery.${t##*.}"
        """)
    }

    /// What the recorder of hook `name` received, as decoded JSON objects, in no particular order.
    func deliveries(of name: String) throws -> [HookDelivery] {
        let folder = directory.url.appendingPathComponent("out-" + name)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("delivery.") }
        return try names.map { try HookDelivery(raw: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// The number of deliveries hook `name` recorded (0 while its folder is missing).
    func deliveryCount(of name: String) -> Int {
        (try? deliveries(of: name).count) ?? 0
    }

    /// Starts `feedd run` on this site's config.
    func startDaemon(environment: [String: String] = [:]) throws -> DaemonProcess {
        try DaemonProcess(configPath: configPath, environment: environment)
    }

    /// Runs another `feedd` command on this site's config.
    func feedd(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(Fixtures.feeddExecutable, arguments + ["--config", configPath], timeout: 30)
    }
}

/// One JSON object a hook received.
struct HookDelivery {
    let raw: Data
    let payload: [String: Any]

    init(raw: Data) throws {
        self.raw = raw
        payload = try JSONSerialization.jsonObject(with: raw) as? [String: Any] ?? [:]
    }

    var event: String? { payload["event"] as? String }
    var deliveryID: String? { payload["delivery_id"] as? String }
    var item: [String: Any] { payload["item"] as? [String: Any] ?? [:] }
    var article: [String: Any]? { payload["article"] as? [String: Any] }
}
