#if canImport(Glibc)
import Glibc
#endif

/// The few glibc functions outside POSIX that hooks need, looked up at run time because the Swift
/// Glibc module is built without `_GNU_SOURCE` and so does not import them.
enum GNULibC {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias PIDFDOpen = @convention(c) (pid_t, UInt32) -> Int32

    private static func lookUp<F>(_ name: String, as type: F.Type) -> F? {
        // RTLD_DEFAULT is the null handle on glibc.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    private static let pipe2Function = lookUp("pipe2", as: Pipe2.self)
    private static let addCloseFromFunction = lookUp("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)
    private static let pidfdOpenFunction = lookUp("pidfd_open", as: PIDFDOpen.self)

    /// `pipe2(2)`: both ends created close-on-exec in one step, so a hook spawned by another thread
    /// at the same moment cannot inherit them (and hold our hook's stdin open). Falls back to
    /// `pipe` + `fcntl` only where glibc lacks it (never on glibc ≥ 2.9).
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        if let pipe2Function { return pipe2Function(fds, flags) }
        guard pipe(fds) == 0 else { return -1 }
        for i in 0..<2 { _ = fcntl(fds[i], F_SETFD, FD_CLOEXEC) }
        return 0
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34): closes every descriptor from
    /// `lowest` up in the child, so sockets and files a library opened without O_CLOEXEC stay ours.
    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) {
        _ = addCloseFromFunction?(actions, lowest)
    }

    /// `pidfd_open(2)` (Linux ≥ 5.3, glibc ≥ 2.36): a descriptor that polls readable when `pid`
    /// exits, or -1 when the kernel, libc or a seccomp filter says no.
    static func pidfdOpen(_ pid: pid_t) -> Int32 {
        guard let pidfdOpenFunction else { return -1 }
        let fd = pidfdOpenFunction(pid, 0)
        if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fd
    }
}
