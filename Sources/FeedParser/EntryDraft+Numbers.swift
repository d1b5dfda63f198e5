import FeedModel

/// The numbers of an item, read with `FeedNumber`'s range checks; a refused one is left out and noted
/// in `refusedNumbers`, which the format parser turns into a warning naming the item.
extension EntryDraft {
    /// An attachment's size (`<enclosure length>`, `media:content fileSize`, Atom `link length`); `0`,
    /// which WordPress writes for "unknown", is absent without a warning.
    mutating func byteCount(_ text: String?, element: String) -> Int64? {
        accept(FeedNumber.whole(text, max: FeedNumberLimits.maxByteCount), element: element, text: text)
            .flatMap { $0 > 0 ? $0 : nil }
    }

    /// A playing time in seconds (`itunes:duration`, `media:content duration`).
    mutating func duration(_ text: String?, element: String) -> Double? {
        accept(FeedNumber.duration(text, max: FeedNumberLimits.maxDurationSeconds), element: element, text: text)
    }

    /// An announced comment count (`slash:comments`, `thr:total`, `thr:count`).
    mutating func commentCount(_ text: String?, element: String) -> Int? {
        accept(FeedNumber.whole(text, max: FeedNumberLimits.maxCommentCount), element: element, text: text).map { Int($0) }
    }

    /// The accepted value of `reading`; a refused one is noted with the element and the text it had.
    mutating func accept<Value>(_ reading: NumberReading<Value>, element: String, text: String?) -> Value? {
        if case .rejected(let reason) = reading {
            refusedNumbers.append("\(element) \(FeedNumber.quoted(text)) \(reason); left out")
        }
        return reading.accepted
    }

    /// One warning per refused number, naming the item by its line and its title (or guid, or URL).
    func numberWarnings(line: Int, entry finished: Entry) -> [String] {
        guard !refusedNumbers.isEmpty else { return [] }
        let name = finished.title ?? finished.guid ?? finished.url ?? "(untitled)"
        let item = FeedNumber.quoted(name)
        return refusedNumbers.map { "line \(line): item \(item): \($0)" }
    }
}
