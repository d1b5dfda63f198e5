import CLibXML2
import Dispatch
import FeedModel
import Synchronization

/// Turns the drafts a parser reads into the feed's entries and their number warnings.
///
/// Without an observer each draft is finished at once, on the parser's thread. With one, drafts
/// are finished on a second thread while the parser reads on, and each entry goes to the observer
/// there: on a large feed, finishing the items (sanitizing, plain text) and encoding them
/// (`feedd parse`) was a third of the work, and this way it runs beside libxml2 instead of after it.
/// Both ways give the same entries, in the same order, with the same warnings in the same places.
final class EntryFinisher: Sendable {
    /// Called with each finished entry and the index it takes in `Feed.entries` as it then stands.
    typealias Observer = @Sendable (_ entry: Entry, _ position: Int) -> Void

    private struct State {
        var entries: [Entry] = []
        /// Each entry's warnings and the length `Feed.warnings` had when its draft was handed over,
        /// in hand-over order: where the inline parser used to append them.
        var warnings: [(index: Int, lines: [String])] = []
    }

    /// A draft handed over, with where its entry and warnings go.
    private struct Handed: Sendable {
        var draft: EntryDraft
        var position: Int
        var documentURL: String?
        var line: Int
        var warningIndex: Int
    }

    /// Drafts go to the second thread this many at a time: one hand-over per item woke the thread
    /// for each, and the wake-ups cost as much as the work moved.
    static let batchSize = 32

    private let state = Mutex(State())
    /// Drafts not yet handed to the second thread (touched by the parser's thread only).
    private let pending = Mutex<[Handed]>([])
    private let observer: Observer?
    private let queue: DispatchQueue?

    init(observer: Observer?) {
        self.observer = observer
        queue = observer == nil ? nil : DispatchQueue(label: "feedd.parse.finish", qos: .userInitiated)
    }

    /// Hands over `draft`, whose entry goes at `position` (an item read inside another is handed
    /// over first, and the outer one goes before it); `warningIndex` is `Feed.warnings.count` now.
    func take(_ draft: EntryDraft, at position: Int, documentURL: String?, line: Int, warningIndex: Int) {
        let handed = Handed(draft: draft, position: position, documentURL: documentURL, line: line, warningIndex: warningIndex)
        guard queue != nil else { return finish(handed) }
        let batch = pending.withLock { pending -> [Handed] in
            pending.append(handed)
            guard pending.count >= Self.batchSize else { return [] }
            defer { pending = [] }
            return pending
        }
        if !batch.isEmpty { send(batch) }
    }

    private func send(_ batch: [Handed]) {
        queue?.async {
            // libxml2's generic error handler is per thread; the parse set it only on its own.
            clibxml2_silence_generic_errors()
            for handed in batch { self.finish(handed) }
        }
    }

    private func finish(_ handed: Handed) {
        let entry = handed.draft.finish(documentURL: handed.documentURL)
        let lines = handed.draft.numberWarnings(line: handed.line, entry: entry)
        state.withLock { state in
            state.entries.insert(entry, at: handed.position)
            if !lines.isEmpty { state.warnings.append((handed.warningIndex, lines)) }
        }
        observer?(entry, handed.position)
    }

    /// Waits for the drafts still being finished, then puts the entries into `feed` and each
    /// entry's warnings where the parser would have appended them.
    func complete(_ feed: inout Feed) {
        let rest = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        if !rest.isEmpty { send(rest) }
        queue?.sync {}
        let finished = state.withLock { state in
            defer { state = State() }
            return state
        }
        feed.entries = finished.entries
        var inserted = 0
        for (index, lines) in finished.warnings {
            feed.warnings.insert(contentsOf: lines, at: index + inserted)
            inserted += lines.count
        }
    }
}
