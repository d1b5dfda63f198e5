/// Which hook results the outbox still takes: a failed attempt is recorded only for a delivery
/// not delivered yet and not claimed by another owner.
///
/// An owner can outlive its lease (a process stopped, a store that was unreachable): another
/// owner then claims the delivery and runs it again. Recording the first owner's late failure
/// would clear the second owner's live claim and let a third process run the hook at the same
/// time, or put an error on a delivery that went through. Its late success is still recorded
/// (`markDelivered`): the hook did run, and the delivery id lets the receiver drop the repeat.
public enum OutboxResultGuard {
    /// The condition with the owner's label as the statement's `ownerParameter` (`?` or `$4`).
    public static func condition(ownerParameter: String) -> String {
        "delivered_at IS NULL AND (claimed_by IS NULL OR claimed_by = \(ownerParameter))"
    }

    /// For SQLite, whose statements bind the owner's label as their last `?`.
    static let sqlite = condition(ownerParameter: "?")
}
