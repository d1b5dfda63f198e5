import Foundation
import Glibc

/// Debian's nginx serving a folder on 127.0.0.1, with gzip and ETags, as the cold-cycle benchmarks'
/// web: a real server in its own process, so its CPU never counts against the client measured.
///
/// Runs as a child (`daemon off`) with its own config, pid file, logs and temp paths in a scratch
/// folder, so it needs no root and touches nothing of a system nginx; `stop()` ends it and its workers.
struct NginxServer {
    static let candidates = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
    /// How long nginx may take to accept connections after it starts.
    static let startupSeconds = 10.0

    let port: Int
    private let process: ChildProcess

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts nginx over `root`; nil with the reason when it is missing or does not come up.
    static func start(root: String, scratch: ScratchFolder) -> Result<NginxServer, NginxFailure> {
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .failure(NginxFailure("nginx is not installed (`make bench` installs nginx-light)"))
        }
        guard let port = freePort() else { return .failure(NginxFailure("no free port on 127.0.0.1")) }
        let config = scratch.file("nginx.conf")
        guard (try? Data(configText(root: root, port: port, scratch: scratch).utf8).write(to: URL(fileURLWithPath: config))) != nil
        else { return .failure(NginxFailure("cannot write \(config)")) }
        // -e: the error log before the config is read (the compiled-in one may not be writable).
        guard let process = ChildProcess.spawn([binary, "-c", config, "-p", scratch.path, "-e", scratch.file("error.log")],
                                               stderr: scratch.file("nginx-stderr.log")) else {
            return .failure(NginxFailure("cannot start \(binary)"))
        }
        let server = NginxServer(port: port, process: process)
        while process.elapsedSeconds < startupSeconds {
            if accepts(port: port) { return .success(server) }
            if process.memory() == nil { break }  // exited
            usleep(20_000)
        }
        _ = process.stop(grace: 1)
        let log = (try? String(contentsOfFile: scratch.file("nginx-stderr.log"), encoding: .utf8)) ?? ""
        return .failure(NginxFailure("nginx did not start: " + (log.split(separator: "\n").first.map(String.init) ?? "no message")))
    }

    /// SIGTERM: nginx's fast shutdown, in which the master stops its workers before it exits
    /// (SIGKILL to the master alone left the workers running); SIGKILL after `stopSeconds`.
    func stop() {
        _ = process.stop(grace: Self.stopSeconds)
    }

    static let stopSeconds = 5.0

    /// The ETag nginx sends for a file: hex mtime and size, quoted (weak `W/` when gzipped, which
    /// `If-None-Match` compares weakly, so the strong form matches both).
    static func etag(ofFileAt path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\"" + String(info.st_mtim.tv_sec, radix: 16) + "-" + String(info.st_size, radix: 16) + "\""
    }

    private static func configText(root: String, port: Int, scratch: ScratchFolder) -> String {
        let temp = scratch.path
        return """
            daemon off;
            worker_processes 2;
            pid \(temp)/nginx.pid;
            error_log \(temp)/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(temp)/client_body;
                proxy_temp_path \(temp)/proxy;
                fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi;
                scgi_temp_path \(temp)/scgi;
                types { application/rss+xml xml; application/atom+xml atom; application/rdf+xml rdf; }
                default_type application/xml;
                sendfile on;
                etag on;
                gzip on;
                gzip_types application/rss+xml application/atom+xml application/rdf+xml application/xml;
                keepalive_requests 100000;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root);
                }
            }

            """
    }

    /// A port nothing listens on now (bound to 0, read, closed; nginx binds it a moment later).
    private static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// Why nginx could not serve the benchmark.
struct NginxFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
