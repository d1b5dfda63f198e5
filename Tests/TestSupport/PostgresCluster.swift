import Foundation
import Synchronization

/// A private PostgreSQL server for one test run: `initdb` in a temporary folder, listening on
/// 127.0.0.1 on a free port and on a Unix socket in that folder, stopped and removed at the end.
///
/// PostgreSQL refuses to run as root, so as root (CI, this machine) the cluster belongs to the
/// `postgres` system user that Debian's `postgresql` package creates, and its programs run
/// through `runuser`. Authentication is `trust` for the one role `feedd` on loopback only.
public final class PostgresCluster: Sendable {
    public let directory: String
    public let port: Int
    public let binaries: String
    public static let role = "feedd"
    /// A role that must give a password (scram-sha-256) on loopback, for tests of authentication;
    /// tests create it with `CREATE ROLE … PASSWORD`.
    public static let passwordRole = "feedd_pw"
    private let owner: String?
    private let isStopped = Mutex(false)

    /// Why no cluster could be started: PostgreSQL is not installed, or a step failed (its output).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts a new cluster; `make test` installs the `postgresql` package that provides `initdb`.
    public init() throws {
        guard let binaries = Self.findBinaries() else {
            throw Failure(description: "postgres: no /usr/lib/postgresql/*/bin/initdb (install the postgresql package)")
        }
        self.binaries = binaries
        owner = geteuid() == 0 ? "postgres" : nil
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        if let owner { try Self.run("/bin/chown", [owner, directory]) }
        try runAsOwner("initdb", ["-D", directory + "/data", "-U", Self.role, "-A", "trust", "-E", "UTF8",
                                  "--locale=C.UTF-8", "--no-sync", "--no-instructions"])
        try Self.requirePassword(for: Self.passwordRole, in: directory + "/data/pg_hba.conf")
        try startServer()
    }

    /// Starts the server on the cluster's data (again, after `stopServer`).
    public func startServer() throws {
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off"
        try runAsOwner("pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-o", options, "-w", "-t", "60", "start"])
    }

    /// Stops the server and keeps its data, as a restart of the database does; `startServer` brings it back.
    public func stopServer() throws {
        try runAsOwner("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "stop"])
    }

    deinit { stop() }

    /// Puts a rule before initdb's `trust` ones: `role` connects over loopback TCP with a password only.
    private static func requirePassword(for role: String, in hbaFile: String) throws {
        let rules = try String(contentsOfFile: hbaFile, encoding: .utf8)
        try ("host all \(role) 127.0.0.1/32 scram-sha-256\n" + rules).write(toFile: hbaFile, atomically: false, encoding: .utf8)
    }

    /// One cluster for the whole test process, started on first use and stopped when the process
    /// exits (each test takes its own database with `createDatabase()`); nil with the reason when
    /// it could not start.
    public static let shared: Result<PostgresCluster, Failure> = {
        do {
            let cluster = try PostgresCluster()
            atexit { if case .success(let cluster) = PostgresCluster.shared { cluster.stop() } }
            return .success(cluster)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(description: "postgres: \(error)"))
        }
    }()

    /// The server's main process (the first line of `postmaster.pid`), for benchmarks that count its CPU.
    public var postmasterPID: pid_t? {
        guard let text = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { pid_t($0) }
    }

    /// A libpq connection URI for `database` over TCP on loopback.
    public func uri(database: String = "postgres") -> String {
        "postgresql://\(Self.role)@127.0.0.1:\(port)/\(database)"
    }

    /// Creates a fresh database (one per test keeps tests independent) and returns its URI.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try runAsOwner("createdb", ["-h", directory, "-p", String(port), "-U", Self.role, name])
        return uri(database: name)
    }

    /// Stops the server at once (tests need no checkpoint) and removes its folder.
    public func stop() {
        let wasStopped = isStopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        try? runAsOwner("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func runAsOwner(_ program: String, _ arguments: [String]) throws {
        let path = binaries + "/" + program
        if let owner {
            try Self.run("/usr/sbin/runuser", ["-u", owner, "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    /// Runs a PostgreSQL program to completion (at most two minutes), its output to a file.
    ///
    /// Spawned by hand, not with `Process`: `pg_ctl start` leaves the server running with every
    /// descriptor it inherited, and a pipe (Foundation watches its children through one, and so do
    /// other tests' output pipes) would then never reach end-of-file. So the child gets /dev/null,
    /// the output file, and nothing else (`closefrom(3)` in the spawn).
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-pg-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let closeFrom = closeFromFunction { _ = closeFrom(&actions, 3) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "postgres: cannot start \(executable): errno \(spawned)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(120)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(20_000)
        }
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw Failure(description: "postgres: \(executable) \(arguments.joined(separator: " ")) failed "
                + "(wait status \(status)): \(text)")
        }
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, looked up at run time because the
    /// Glibc module does not declare it.
    private static let closeFromFunction: CloseFrom? = {
        // RTLD_DEFAULT is the null handle on glibc.
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// The newest installed server's programs.
    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    /// A TCP port nobody listens on now: bind port 0 on loopback and read what the kernel chose.
    private static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "postgres: socket: errno \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "postgres: cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
