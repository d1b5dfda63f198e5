/// What `systemd/feedd.service` grants the daemon; `SystemdUnitTests` keeps the unit and these in step.
public enum ServiceUnit {
    /// `TimeoutStopSec=` of the unit: how long systemd waits after SIGTERM before SIGKILL.
    ///
    /// At SIGTERM the work in flight is let finish: a transfer up to its `timeout` (60 s by
    /// default), a hook up to its own (30 s by default) and the 5 s from SIGTERM to SIGKILL of its
    /// program; then the last writes (`stopMargin`). 90 s covers the defaults with room to spare.
    public static let stopTimeout: Duration = .seconds(90)
    /// Time the stop needs besides a running hook: transfers being cut off and the last writes.
    public static let stopMargin: Duration = .seconds(15)
}
