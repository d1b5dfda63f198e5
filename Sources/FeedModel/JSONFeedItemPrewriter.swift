import Synchronization

/// The `items` of a JSON Feed document, encoded one by one as a parse finishes them: the parser's
/// entry observer calls `add` on its second thread, so `feedd parse` of a large feed encodes beside
/// the parse instead of after it. `JSONFeedEncoding.write` uses them only when they are the feed's
/// entries exactly: every position from 0 up, in order, as many as the feed has. A parse that
/// nested an item in another or read the document twice (recovery) fails that test, and its
/// items are encoded again from the feed.
public final class JSONFeedItemPrewriter: Sendable {
    private struct State {
        var writer: JSONTextWriter
        /// Full chunks of the writer's bytes, in order; the writer holds the rest.
        var chunks: [[UInt8]] = []
        var count = 0
        var inOrder = true
    }

    /// The size of a chunk: a 20 MB feed's items grown in one array were copied whole at each
    /// doubling, and each copy faulted in fresh pages while the parse beside it faulted in its own.
    static let chunkBytes = 1 << 20

    public let pretty: Bool
    private let state: Mutex<State>

    public init(pretty: Bool) {
        self.pretty = pretty
        // The items array of `JSONFeedEncoding.write` is at depth 2: the document's object, then the array.
        var writer = JSONTextWriter(pretty: pretty, continuingArrayAtDepth: 2)
        _ = writer.takeBuffer(reserving: Self.chunkBytes)
        state = Mutex(State(writer: writer))
    }

    /// Encodes `entry` when it is the next one in order; once one is not, the rest are skipped.
    public func add(_ entry: Entry, at position: Int) {
        state.withLock { state in
            guard state.inOrder, position == state.count else {
                state.inOrder = false
                return
            }
            JSONFeedEncoding.writeItem(entry, to: &state.writer)
            state.count += 1
            if state.writer.buffer.count >= Self.chunkBytes {
                state.chunks.append(state.writer.takeBuffer(reserving: Self.chunkBytes + Self.chunkBytes / 4))
            }
        }
    }

    /// Calls `body` with each piece of the encoded items, in order, and returns true when they are
    /// `count` items in order; false (and no call) when they are not.
    func withItems(ifTheyAre count: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        state.withLock { state in
            guard state.inOrder, state.count == count else { return false }
            for chunk in state.chunks { chunk.withUnsafeBytes { body($0) } }
            state.writer.buffer.withUnsafeBytes { body($0) }
            return true
        }
    }
}
