/// Reading the content of the current element: its text, or its inner markup.
extension XMLReader {
    /// How an element's content becomes a string.
    enum ContentMode {
        /// Character data only; child elements contribute their text, not their tags.
        case text
        /// Child elements serialized as markup, text escaped: Atom `type="xhtml"`.
        case xhtml
        /// Child elements serialized as markup, text taken as it is because it already is HTML:
        /// RSS `<description>` and `content:encoded`, which some feeds fill with unescaped tags.
        case html
    }

    /// The text of the current element, trimmed; nil when empty.
    func readText() -> String? {
        readContent(.text).trimmedOrNil
    }

    /// The text of the current element, trimmed, nil when empty; each feed element directly inside it
    /// is handed to `readNested`, with the reader on it, instead of being skipped.
    ///
    /// Recovery puts the elements after an unclosed `<title>` inside it (`<title>Zweiter
    /// Eintrag<link>…</link><guid>…</guid></item>`); they are the item's own link and guid, so the
    /// caller reads them as the title's siblings. An element `readNested` leaves unread is skipped.
    func readText(readingNested readNested: () -> Void) -> String? {
        readContent(.text, readingNested: readNested).trimmedOrNil
    }

    /// The content of the current element in `mode`, each feed element directly inside it handed to
    /// `readNested` (see `readText(readingNested:)`); in the markup modes, only elements `readNested`
    /// leaves unread are written out as markup. For Atom text constructs, whose HTML is escaped text
    /// and whose XHTML is in the XHTML namespace, so no child in a feed namespace is ever content.
    func readContent(_ mode: ContentMode, readingNested readNested: () -> Void) -> String {
        readContent(mode, readsNested: true, readNested)
    }

    /// The content of the current element in `mode`; for `.xhtml` the wrapping XHTML `<div>` that
    /// Atom requires is left out (RFC 4287 §3.1.1.3). Trimmed; nil when empty.
    func readContent(_ mode: ContentMode) -> String {
        readContent(mode, readsNested: false) {}
    }

    /// Inlined into its two callers, so the common one keeps none of the nested reading's cost.
    @inline(__always)
    private func readContent(_ mode: ContentMode, readsNested: Bool, _ readNested: () -> Void) -> String {
        guard kind == .element, !isEmptyElement else { return "" }
        let startDepth = depth
        var buffer = takeSpareBuffer()
        defer { keepSpareBuffer(buffer) }
        var wrapperDepth: Int? = nil
        var sawContent = false
        // In text mode, a feed element inside another is what recovery makes of an unclosed tag
        // (`<title>Zweiter Eintrag<link>…`): its text belongs to it, never to the element read here.
        var skippedDepth: Int? = nil
        while read() {
            switch kind {
            case .text where skippedDepth != nil, .entityReference where skippedDepth != nil:
                continue
            case .text:
                if mode == .xhtml { appendEscapedValue(to: &buffer) } else { appendValue(to: &buffer) }
            case .entityReference:
                appendEntityReplacement(to: &buffer)
            case .element:
                guard mode != .text else {
                    guard skippedDepth == nil, isFeedElement else { continue }
                    if readsNested, depth == startDepth + 1 {
                        let before = steps
                        readNested()
                        if steps != before || isEmptyElement {
                            recoveredNestedElements += 1
                            continue
                        }
                    }
                    if !isEmptyElement { skippedDepth = depth }
                    continue
                }
                let currentDepth = depth
                if readsNested, currentDepth == startDepth + 1, isFeedElement {
                    let before = steps
                    readNested()
                    if steps != before || isEmptyElement {
                        recoveredNestedElements += 1
                        continue
                    }
                }
                if mode == .xhtml, !sawContent, currentDepth == startDepth + 1, name == .div, namespace == .xhtml,
                   buffer.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
                    wrapperDepth = currentDepth
                    sawContent = true
                    buffer.removeAll()
                    continue
                }
                sawContent = true
                appendStartTag(to: &buffer)
            case .endElement:
                let currentDepth = depth
                if currentDepth <= startDepth { return String(utf8Bytes: buffer) }
                guard mode != .text else {
                    if currentDepth == skippedDepth { skippedDepth = nil }
                    continue
                }
                if currentDepth == wrapperDepth { wrapperDepth = nil; continue }
                buffer.append(contentsOf: Array("</".utf8))
                buffer.append(contentsOf: Array(markupName.utf8))
                buffer.append(UInt8(ascii: ">"))
            case .other:
                continue
            }
        }
        return String(utf8Bytes: buffer)
    }

    /// True on an element of the feed formats themselves (RSS, RDF, Atom), never one of HTML.
    private var isFeedElement: Bool {
        guard name != nil else { return false }
        let namespace = self.namespace
        return namespace.isRSSCore || namespace == .atom || namespace == .atom03 || namespace == .rdf
    }

    /// The tag name to write: XHTML elements without their prefix, others as written.
    private var markupName: String {
        namespace == .xhtml ? localNameString : qualifiedNameString
    }

    private static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input",
                                                    "link", "meta", "param", "source", "track", "wbr"]

    private func appendStartTag(to buffer: inout [UInt8]) {
        let tag = markupName
        var text = "<" + tag
        var base: String?? = .none  // looked up once, only for elements with links
        forEachAttribute { name, value, isDeclaration in
            guard !isDeclaration else { return }
            var value = value
            if name == "href" || name == "src" {
                if base == nil { base = .some(self.baseURI) }
                value = URLResolver.resolve(value, against: base!) ?? value
            }
            text += " " + name + "=\"" + XMLEscaping.escape(value, quotes: true) + "\""
        }
        if isEmptyElement {
            text += XMLReader.voidElements.contains(tag.lowercased()) ? "/>" : "></" + tag + ">"
        } else {
            text += ">"
        }
        buffer.append(contentsOf: Array(text.utf8))
    }

    private func appendEscapedValue(to buffer: inout [UInt8]) {
        var raw: [UInt8] = []
        appendValue(to: &raw)
        XMLEscaping.escape(raw, into: &buffer, quotes: false)
    }
}

/// Escaping text for serialized markup.
enum XMLEscaping {
    static func escape(_ text: String, quotes: Bool) -> String {
        var out: [UInt8] = []
        escape(Array(text.utf8), into: &out, quotes: quotes)
        return String(decoding: out, as: UTF8.self)
    }

    static func escape(_ bytes: [UInt8], into out: inout [UInt8], quotes: Bool) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])           // &amp;
            case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                 // &lt;
            case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                 // &gt;
            case UInt8(ascii: "\"") where quotes: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]) // &quot;
            default: out.append(byte)
            }
        }
    }
}
