import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parent's side of one running hook: its pid, our ends of its three pipes, and the input left
/// to write. Owned by the one thread that runs the hook; never shared.
struct ChildSession {
    let pid: pid_t
    private let input: [UInt8]
    private var written = 0
    private var stdin: Int32
    private var stdout: Int32
    private var stderr: Int32
    /// A descriptor that becomes readable when the child exits, or -1 (then we check on a tick).
    private var exitDescriptor: Int32
    var tails: (OutputTail, OutputTail)

    init(pid: pid_t, input: [UInt8], stdin: Int32, stdout: Int32, stderr: Int32, tails: (OutputTail, OutputTail)) {
        self.pid = pid
        self.input = input
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.tails = tails
        self.exitDescriptor = GNULibC.pidfdOpen(pid)
        for fd in [stdin, stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        if input.isEmpty { closeStdin() }
    }

    /// Feeds stdin and collects output until the child exits (true) or `deadline` passes (false).
    /// The child is not reaped here, so its pid (and process group id) stays reserved for `endGroup`.
    mutating func pump(until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            if hasExited() { return true }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return false }
            var fds: [pollfd] = []
            if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if stdout >= 0 { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            if exitDescriptor >= 0 { fds.append(pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)) }
            let wait = exitDescriptor >= 0 ? remaining : min(remaining, ProcessRunner.fallbackTick)
            let ready = poll(&fds, nfds_t(fds.count), Self.milliseconds(wait))
            if ready < 0 && errno != EINTR { return hasExited() }
            for entry in fds where entry.revents != 0 { service(entry.fd) }
        }
    }

    /// Ends the hook's whole process group, whether the hook exited in time or ran past its timeout,
    /// and reaps the hook: SIGTERM to the group, up to `grace` for the hook and everything it left
    /// running (`sh -c 'sleep 100 & …'`) to go, then SIGKILL to whatever is left. Returns the hook's
    /// raw wait status.
    ///
    /// The hook is reaped only once the group has had its SIGTERM: until then its pid, which is the
    /// group's id, cannot be reused, so the signals can only reach this hook's processes. After the
    /// reap the group id stays reserved for as long as any member lives. A program that leaves the
    /// group on purpose (`setsid`) is not followed.
    mutating func endGroup(grace: Duration) -> Int32 {
        closeStdin()
        kill(-pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        if !waitForExit(until: deadline) { kill(-pid, SIGKILL) }
        let status = reap()
        while groupIsAlive(), ContinuousClock.now < deadline {
            var none: [pollfd] = []
            _ = poll(&none, 0, Self.milliseconds(min(deadline - ContinuousClock.now, ProcessRunner.groupPollTick)))
        }
        if groupIsAlive() { kill(-pid, SIGKILL) }
        return status
    }

    /// Waits until the hook exits or `deadline` passes; true when it exited.
    private func waitForExit(until deadline: ContinuousClock.Instant) -> Bool {
        while !hasExited() {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return false }
            var fds = exitDescriptor >= 0 ? [pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)] : []
            _ = poll(&fds, nfds_t(fds.count), Self.milliseconds(exitDescriptor >= 0 ? remaining : min(remaining, ProcessRunner.fallbackTick)))
        }
        return true
    }

    /// Whether any process is still in the hook's group (one we may not signal counts too).
    private func groupIsAlive() -> Bool {
        kill(-pid, 0) == 0 || errno == EPERM
    }

    /// Reads what is already buffered in the output pipes, without waiting for a grandchild that
    /// still holds them open.
    mutating func drainOutput() {
        for _ in 0..<64 where stdout >= 0 || stderr >= 0 {
            if stdout >= 0 { readAvailable(from: &stdout, into: &tails.0) }
            if stderr >= 0 { readAvailable(from: &stderr, into: &tails.1) }
            if stdout < 0 && stderr < 0 { break }
            if !hasPendingOutput() { break }
        }
    }

    mutating func closeAll() {
        closeStdin()
        for fd in [stdout, stderr, exitDescriptor] where fd >= 0 { close(fd) }
        stdout = -1; stderr = -1; exitDescriptor = -1
    }

    /// Waits for the (already exited or killed) child and returns its raw wait status.
    private func reap() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    private mutating func service(_ fd: Int32) {
        if fd == stdin { writeInput() }
        else if fd == stdout { readAvailable(from: &stdout, into: &tails.0) }
        else if fd == stderr { readAvailable(from: &stderr, into: &tails.1) }
    }

    private mutating func writeInput() {
        let count = min(ProcessRunner.chunkSize, input.count - written)
        let n = input.withUnsafeBytes { write(stdin, $0.baseAddress! + written, count) }
        if n > 0 { written += n }
        // EPIPE: the hook closed its stdin or exited without reading; its exit status decides.
        if (n < 0 && errno != EAGAIN && errno != EINTR) || written == input.count { closeStdin() }
    }

    private func readAvailable(from fd: inout Int32, into tail: inout OutputTail) {
        var buffer = [UInt8](repeating: 0, count: ProcessRunner.chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.withUnsafeBytes { tail.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n == 0 || errno != EAGAIN { close(fd); fd = -1 }
            return
        }
    }

    private func hasPendingOutput() -> Bool {
        var fds = [stdout, stderr].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        return poll(&fds, nfds_t(fds.count), 0) > 0
    }

    /// Whether the child has exited, without reaping it (`WNOWAIT`).
    private func hasExited() -> Bool {
        var info = siginfo_t()
        let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return rc == 0 && info._sifields._kill.si_pid == pid
    }

    private mutating func closeStdin() {
        if stdin >= 0 { close(stdin) }
        stdin = -1
    }

    /// A poll timeout: `duration` rounded up to milliseconds, within `0...Int32.max`. A configured
    /// timeout of any size must not overflow on its way here.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64(Int32.max) / 1000 else { return Int32.max }
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }
}
