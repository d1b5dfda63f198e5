import Foundation
import Glibc

/// A program the benchmark runs as a child process, measured by the kernel: `wait4` hands back the
/// child's own user and system CPU time and its peak resident set, so the in-process loopback
/// server's share never counts against the client.
struct ChildProcess {
    /// What `wait4` reported for one finished child.
    struct Usage {
        var wallSeconds: Double
        var cpuSeconds: Double
        /// Peak resident set of the child (VmHWM, sampled while it ran), in KiB.
        var maxRSSKiB: Int
        /// The exit status, or 128 + the signal that ended it.
        var exitStatus: Int32
    }

    let pid: pid_t
    let started: ContinuousClock.Instant

    /// Starts `arguments[0]` (a path) with `arguments`, stdout and stderr appended to the given files
    /// (or /dev/null). `nil` when `posix_spawn` refuses.
    static func spawn(_ arguments: [String], stdout: String = "/dev/null", stderr: String = "/dev/null") -> ChildProcess? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return nil }
        return ChildProcess(pid: pid, started: started)
    }

    /// Runs to completion; killed with SIGKILL after `timeout` seconds so no benchmark can hang.
    static func run(_ arguments: [String], timeout: Double, stdout: String = "/dev/null",
                    stderr: String = "/dev/null") -> Usage? {
        spawn(arguments, stdout: stdout, stderr: stderr)?.wait(timeout: timeout)
    }

    /// Waits until the child exits (SIGKILL after `timeout` seconds) and returns its usage.
    ///
    /// The peak memory is the child's VmHWM, read from /proc every few milliseconds while it runs:
    /// `ru_maxrss` cannot be used, because Linux records the high-water mark of the address space that
    /// `exec` replaces, which after `posix_spawn`'s vfork is this (large) benchmark process.
    func wait(timeout: Double) -> Usage {
        var status: Int32 = 0
        var usage = rusage()
        var peakKiB = 0
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            if let sample = memory() { peakKiB = max(peakKiB, sample.peakKiB) }
            if elapsedSeconds > timeout {
                kill(pid, SIGKILL)
                while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
                break
            }
            usleep(5_000)
        }
        let signal = status & 0x7f
        return Usage(wallSeconds: elapsedSeconds,
                     cpuSeconds: ChildProcess.seconds(usage.ru_utime) + ChildProcess.seconds(usage.ru_stime),
                     maxRSSKiB: peakKiB, exitStatus: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
    }

    /// SIGTERM, then SIGKILL if it is still there after `grace` more seconds; returns its usage.
    func stop(grace: Double = 10) -> Usage {
        kill(pid, SIGTERM)
        return wait(timeout: elapsedSeconds + grace)
    }

    /// VmRSS and VmHWM of the running child from /proc, in KiB, with the resident anonymous
    /// memory (heaps, stacks) apart from the resident pages of files (the binary, its libraries).
    func memory() -> (rssKiB: Int, peakKiB: Int, anonKiB: Int, fileKiB: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        return (rss, peak, field("RssAnon") ?? 0, field("RssFile") ?? 0)
    }

    /// The seconds in the process's lifetime so far.
    var elapsedSeconds: Double {
        let elapsed = started.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
}

/// Where the release `feedd` binary is: beside `feedd-bench`, since `make bench` builds both.
enum FeeddBinary {
    static var path: String? {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let candidate = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("feedd").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    static let missing = "the feedd binary is not beside feedd-bench; build it with `swift build -c release --product feedd` "
        + "(`make bench` does)"
}

/// A scratch folder for one benchmark, removed at the end.
struct ScratchFolder {
    let path: String

    init?(_ name: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("feedd-bench-\(name)-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)) != nil else { return nil }
        path = base.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
