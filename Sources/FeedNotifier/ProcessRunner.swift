import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one program to completion with `posix_spawn`: argv as given (never a shell), bytes on its
/// stdin, a clean environment, its own process group, and a timeout that kills that whole group;
/// when the program ends, in time or not, whatever it left running in its group is ended too.
///
/// `run(input:)` blocks its thread; `ExecHook` calls it off the cooperative pool. Everything is
/// driven by one `poll` loop, so a program that never reads its stdin, or fills its stdout, can
/// neither deadlock us nor kill us with SIGPIPE.
struct ProcessRunner: Sendable {
    /// argv[0] is looked up in `PATH` when it has no slash.
    var arguments: [String]
    /// Entries `KEY=value`; nothing else of our environment reaches the program.
    var environment: [String]
    var timeout: Duration
    /// Time between SIGTERM and SIGKILL when the timeout hits.
    var killGrace: Duration
    /// How many bytes of stdout and of stderr are kept for the error message.
    var tailLimit: Int = 4096

    /// Chunk size of one `write` to the program's stdin and one `read` of its output.
    static let chunkSize = 64 * 1024
    /// How often the child is checked when the kernel offers no pidfd (before Linux 5.3, or seccomp).
    static let fallbackTick: Duration = .milliseconds(50)
    /// How often the hook's process group is checked for members left after SIGTERM.
    static let groupPollTick: Duration = .milliseconds(10)

    func run(input: [UInt8]) -> ProcessResult {
        var result = ProcessResult(termination: .failedToStart(errno: EINVAL),
                                   standardOutput: OutputTail(limit: tailLimit),
                                   standardError: OutputTail(limit: tailLimit))
        guard !arguments.isEmpty else { return result }
        let sigpipeGuard = SIGPIPEGuard()
        defer { sigpipeGuard.restore() }

        guard let stdinPipe = Pipe.make(), let stdoutPipe = Pipe.make(), let stderrPipe = Pipe.make() else {
            result.termination = .failedToStart(errno: errno)
            return result
        }
        let spawned = spawn(stdin: stdinPipe.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        for fd in [stdinPipe.read, stdoutPipe.write, stderrPipe.write] { close(fd) }
        guard case .success(let pid) = spawned else {
            if case .failure(let error) = spawned { result.termination = .failedToStart(errno: error.code) }
            for fd in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] { close(fd) }
            return result
        }

        var session = ChildSession(pid: pid, input: input, stdin: stdinPipe.write,
                                   stdout: stdoutPipe.read, stderr: stderrPipe.read,
                                   tails: (result.standardOutput, result.standardError))
        let deadline = ContinuousClock.now + timeout
        let exitedInTime = session.pump(until: deadline)
        // Also when the hook exited in time: a background child it left must not outlive the delivery.
        let status = session.endGroup(grace: killGrace)
        session.drainOutput()
        session.closeAll()
        (result.standardOutput, result.standardError) = session.tails
        result.termination = exitedInTime ? ProcessTermination(waitStatus: status) : .timedOut
        return result
    }

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) -> Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Sockets and database files opened without O_CLOEXEC by a library must not leak into hooks.
        GNULibC.addCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        // Ignored signals survive exec: a daemon that ignores SIGPIPE must not hand that to its hooks.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = CStringArray(arguments)
        let envp = CStringArray(environment)
        defer { argv.free(); envp.free() }
        var pid: pid_t = 0
        let code = posix_spawnp(&pid, argv.pointers[0]!, &actions, &attributes, argv.pointers, envp.pointers)
        guard code == 0 else { return .failure(SpawnError(code: code)) }
        return .success(pid)
    }
}

/// The error number `posix_spawn` returned.
private struct SpawnError: Error {
    let code: Int32
}

extension ProcessTermination {
    /// Decodes a `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros are not visible from Swift).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited(status: (status >> 8) & 0xff) : .signaled(signal: signal)
    }
}

/// A pipe whose both ends are close-on-exec; the child gets its end through `dup2`, which clears the flag.
private struct Pipe {
    let read: Int32
    let write: Int32

    static func make() -> Pipe? {
        var fds: [Int32] = [-1, -1]
        guard GNULibC.pipe2(&fds, O_CLOEXEC) == 0 else { return nil }
        return Pipe(read: fds[0], write: fds[1])
    }
}

/// A NULL-terminated `char *[]` for `posix_spawn`, freed by its owner.
private struct CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func free() { for pointer in pointers { Glibc.free(pointer) } }
}

/// Blocks SIGPIPE on the calling thread while we write to a hook's stdin, and swallows the one a
/// closed pipe raised, so a hook that exits without reading its input cannot kill the daemon —
/// without changing the process-wide disposition that other code may rely on.
private struct SIGPIPEGuard {
    private var previous = sigset_t()

    init() {
        var block = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &block, &previous)
    }

    func restore() {
        var pipeOnly = sigset_t()
        sigemptyset(&pipeOnly)
        sigaddset(&pipeOnly, SIGPIPE)
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeOnly, nil, &zero)
        }
        var previous = self.previous
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
