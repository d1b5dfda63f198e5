/// How a hook program ended, as `ProcessRunner` observed it.
enum ProcessTermination: Sendable, Hashable {
    /// The program exited on its own with this status.
    case exited(status: Int32)
    /// The program was ended by this signal (not by our timeout).
    case signaled(signal: Int32)
    /// The program ran past its timeout; its whole process group was killed.
    case timedOut
    /// `posix_spawn` refused: the program is missing, not executable, or the system is out of resources.
    case failedToStart(errno: Int32)
}

/// What `ProcessRunner` hands back: the ending and the last bytes of the program's output.
struct ProcessResult: Sendable {
    var termination: ProcessTermination
    var standardOutput: OutputTail
    var standardError: OutputTail
}
