import CLibXML2
import Foundation

/// A forward-only cursor over libxml2's `xmlTextReader`: one pass, no DOM of the input.
///
/// It owns every libxml2 pointer of a parse. Element names come back as `XMLName` and `XMLNamespace`
/// by comparing libxml2's interned dictionary pointers, so walking nodes builds no Swift strings;
/// strings are made only for the text a parser keeps. It also enforces the step and depth limits.
final class XMLReader {
    enum NodeKind { case element, endElement, text, entityReference, other }

    private let reader: xmlTextReaderPtr
    private let limits: ParseLimits
    private let names: InternedTable<XMLName>
    private var namespaces: InternedTable<XMLNamespace>
    private var namespaceEntries: [(UnsafeRawPointer, XMLNamespace)]
    /// Set once an element name was matched only by folding its case (`<CHANNEL>`, `<ITEM>`).
    private(set) var foldedCase = false
    /// Set once an element with an undeclared prefix was matched by its conventional prefix.
    private(set) var guessedPrefix = false
    /// Feed elements found inside an element whose text was read, and read as its siblings (see
    /// `readText(readingNested:)`); counted for the warning.
    var recoveredNestedElements = 0
    let diagnostics: XMLDiagnostics
    private(set) var steps = 0
    /// The URL the document was fetched from, as given to the parser.
    let documentURL: String?
    /// False when the bytes hold no `xml:base` at all, so no element's base differs from the document's
    /// URL (asking libxml2 walks the ancestors and copies a string, per item a measurable cost).
    let mayHaveXMLBase: Bool
    private(set) var entityBytes = 0
    /// Set when a limit stopped the walk; the caller turns it into the result.
    private(set) var limitError: ParseError? = nil
    /// False once the document ended, failed or hit a limit; every loop stops then.
    private(set) var isReading = true
    /// True when libxml2 gave up on the document (a fatal error even in recover mode).
    private(set) var failed = false

    /// libxml2 options: recover from broken markup, never touch the network; and never
    /// `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDATTR` or `XML_PARSE_HUGE`.
    ///
    /// The bytes given to libxml2 are always UTF-8 (`XMLFeedParser` transcodes and repairs first), so
    /// the XML declaration's encoding is ignored, and no encoding is named either: naming "UTF-8"
    /// makes libxml2 copy every byte through its UTF-8 converter, about 5% of a bare reader pass.
    static let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue
                               | XML_PARSE_IGNORE_ENC.rawValue)

    /// Runs `body` with a streaming reader over the UTF-8 `bytes`, which libxml2 reads in place (they must
    /// outlive the reader). This is the normal path: one pass, memory near the size of the output.
    static func streaming<T>(bytes: UnsafeRawBufferPointer, baseURL: String?,
                             limits: ParseLimits, _ body: (XMLReader) -> T) -> Result<T, ParseError> {
        LibXML2Setup.ensure()
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        guard let handle = xmlReaderForMemory(base, Int32(clamping: bytes.count), baseURL, nil, options) else {
            return .failure(.malformedXML(message: "libxml2 could not create a reader", line: 0))
        }
        let diagnostics = XMLDiagnostics()
        xmlTextReaderSetStructuredErrorHandler(handle, { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLDiagnostics>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
        }, Unmanaged.passUnretained(diagnostics).toOpaque())
        let reader = XMLReader(handle, limits: limits, diagnostics: diagnostics, nameDictionary: nil, documentURL: baseURL,
                               mayHaveXMLBase: containsXMLBase(bytes))
        defer {
            xmlTextReaderSetStructuredErrorHandler(handle, nil, nil)
            xmlFreeTextReader(handle)
        }
        return .success(body(reader))
    }

    /// Runs `body` with a reader over a tree that libxml2 built in recover mode.
    ///
    /// The streaming reader stops at the first well-formedness error even with `XML_PARSE_RECOVER`;
    /// only the tree builder recovers (mismatched tags, a bare `<`, content after the root). So a
    /// document the streaming pass could not finish is read once more this way, and only such a one:
    /// its tree is bounded by `ParseLimits.maxBytes` and freed before returning.
    static func recovering<T>(bytes: UnsafeRawBufferPointer, baseURL: String?,
                              limits: ParseLimits, _ body: (XMLReader) -> T) -> Result<T, ParseError> {
        LibXML2Setup.ensure()
        let diagnostics = XMLDiagnostics()
        // The tree builder reports through the thread's structured error handler; restored right after.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(diagnostics).toOpaque()) { context, error in
            guard let context, let error else { return }
            Unmanaged<XMLDiagnostics>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
        }
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        let document = xmlReadMemory(base, Int32(clamping: bytes.count), baseURL, nil, options)
        xmlSetStructuredErrorFunc(nil, nil)
        guard let document else {
            let first = diagnostics.firstError ?? (message: "libxml2 could not read the document", line: 0)
            return .failure(.malformedXML(message: first.message, line: first.line))
        }
        defer { xmlFreeDoc(document) }
        guard let handle = xmlReaderWalker(document) else {
            return .failure(.malformedXML(message: "libxml2 could not create a reader", line: 0))
        }
        defer { xmlFreeTextReader(handle) }
        let reader = XMLReader(handle, limits: limits, diagnostics: diagnostics, nameDictionary: document.pointee.dict,
                               documentURL: baseURL, mayHaveXMLBase: containsXMLBase(bytes))
        return .success(body(reader))
    }

    /// Element names are interned in `nameDictionary` (a tree's) or, when nil, in the reader's own;
    /// namespace URIs always come back interned in the reader's own dictionary.
    private init(_ reader: xmlTextReaderPtr, limits: ParseLimits, diagnostics: XMLDiagnostics, nameDictionary: xmlDictPtr?,
                 documentURL: String?, mayHaveXMLBase: Bool) {
        self.reader = reader
        self.documentURL = documentURL
        self.mayHaveXMLBase = mayHaveXMLBase
        self.limits = limits
        self.diagnostics = diagnostics
        var nameEntries: [(UnsafeRawPointer, XMLName)] = []
        var namespaceEntries: [(UnsafeRawPointer, XMLNamespace)] = []
        for name in XMLName.allCases {
            let pointer = nameDictionary.map { xmlDictLookup($0, name.rawValue, -1) } ?? xmlTextReaderConstString(reader, name.rawValue)
            if let pointer { nameEntries.append((UnsafeRawPointer(pointer), name)) }
        }
        for namespace in XMLNamespace.allCases {
            for uri in namespace.uris {
                if let pointer = xmlTextReaderConstString(reader, uri) { namespaceEntries.append((UnsafeRawPointer(pointer), namespace)) }
            }
        }
        names = InternedTable(nameEntries)
        namespaces = InternedTable(namespaceEntries)
        self.namespaceEntries = namespaceEntries
    }

    /// Reads the namespace of the current (root) element as `namespace` from now on: an `<r:rss>` or an
    /// Atom `<feed>` in an unexpected namespace keeps its children in that namespace too. Only at the root.
    func adoptNamespace(as namespace: XMLNamespace) {
        guard let pointer = xmlTextReaderConstNamespaceUri(reader) else { return }
        let key = UnsafeRawPointer(pointer)
        guard namespaces[key] == nil || namespaces[key] == .other else { return }
        namespaceEntries.append((key, namespace))
        namespaces = InternedTable(namespaceEntries)
        namespaceStep = -1
    }

    /// True when `bytes` contain `xml:base` (the prefix `xml` is fixed by Namespaces in XML §3).
    private static func containsXMLBase(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let needle: [UInt8] = Array("xml:base".utf8)
        var index = 0
        while index + needle.count <= bytes.count,
              let found = memchr(base + index, Int32(UInt8(ascii: ":")), bytes.count - index) {
            let colon = base.distance(to: UnsafeRawPointer(found))
            if colon >= 3, colon + 5 <= bytes.count,
               bytes[colon - 3] == UInt8(ascii: "x"), bytes[colon - 2] == UInt8(ascii: "m"), bytes[colon - 1] == UInt8(ascii: "l"),
               bytes[colon + 1] == UInt8(ascii: "b"), bytes[colon + 2] == UInt8(ascii: "a"), bytes[colon + 3] == UInt8(ascii: "s"),
               bytes[colon + 4] == UInt8(ascii: "e") { return true }
            index = colon + 1
        }
        return false
    }

    // MARK: Moving

    /// Advances to the next node; false at the end of the document, on a fatal error or at a limit.
    @discardableResult
    func read() -> Bool {
        guard isReading else { return false }
        steps += 1
        if steps > limits.maxReaderSteps {
            stop(.tooMuchWork(limit: limits.maxReaderSteps))
            return false
        }
        let status = xmlTextReaderRead(reader)
        guard status == 1 else {
            failed = status < 0
            isReading = false
            return false
        }
        if xmlTextReaderDepth(reader) > limits.maxDepth {
            stop(.tooDeep(limit: limits.maxDepth, line: line))
            return false
        }
        return true
    }

    func stop(_ error: ParseError) {
        limitError = error
        isReading = false
    }

    /// Calls `body` on each child element of the current element, in order; `body` may read into the
    /// child (its text, its own children) or leave it, and the walk goes on after it either way.
    func forEachChildElement(_ body: () -> Void) {
        guard kind == .element, !isEmptyElement else { return }
        let parentDepth = depth
        while read() {
            let type = xmlTextReaderNodeType(reader)
            if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) {
                if xmlTextReaderDepth(reader) <= parentDepth { return }
            } else if type == Int32(XML_READER_TYPE_ELEMENT.rawValue), xmlTextReaderDepth(reader) == parentDepth + 1 {
                body()
            }
        }
    }

    // MARK: The current node

    var kind: NodeKind {
        switch UInt32(xmlTextReaderNodeType(reader)) {
        case XML_READER_TYPE_ELEMENT.rawValue: return .element
        case XML_READER_TYPE_END_ELEMENT.rawValue: return .endElement
        case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
             XML_READER_TYPE_WHITESPACE.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue: return .text
        case XML_READER_TYPE_ENTITY_REFERENCE.rawValue: return .entityReference
        default: return .other
        }
    }

    var depth: Int { Int(xmlTextReaderDepth(reader)) }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    var line: Int {
        guard let node = xmlTextReaderCurrentNode(reader) else { return 0 }
        return Int(xmlGetLineNo(node))
    }

    /// The local name of the current element when it is one the parsers know.
    var name: XMLName? {
        guard let pointer = xmlTextReaderConstLocalName(reader) else { return nil }
        if let known = names[UnsafeRawPointer(pointer)] { return known }
        return lenientName(pointer)
    }

    /// A name the interned table missed: an upper-case spelling (`<CHANNEL>`, `<PubDate>`, seen in
    /// hand-written RSS) folded to the known name, or the local part of an undeclared prefix
    /// (`itunes:summary` without its `xmlns:itunes`, which libxml2 keeps whole as the local name).
    /// Only unknown names pay for this, and only a byte compare unless they start upper-case or the
    /// document had an undeclared prefix.
    @inline(never)
    private func lenientName(_ pointer: UnsafePointer<xmlChar>) -> XMLName? {
        let first = pointer.pointee
        if first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") {
            guard let folded = XMLName.byFoldedName[String(cString: pointer).lowercased()] else { return nil }
            foldedCase = true
            return folded
        }
        guard diagnostics.undeclaredPrefix, let qualified = string(pointer),
              let colon = qualified.firstIndex(of: ":") else { return nil }
        return XMLName(rawValue: String(qualified[qualified.index(after: colon)...]))
    }

    /// The namespace of the current node; remembered per step, since parsers ask several times and
    /// libxml2 answers through a dictionary lookup.
    var namespace: XMLNamespace {
        if namespaceStep == steps { return cachedNamespace }
        let value: XMLNamespace
        if let pointer = xmlTextReaderConstNamespaceUri(reader) {
            value = namespaces[UnsafeRawPointer(pointer)] ?? .other
        } else if diagnostics.undeclaredPrefix {
            value = undeclaredPrefixNamespace()
        } else {
            value = .none
        }
        namespaceStep = steps
        cachedNamespace = value
        return value
    }
    private var namespaceStep = -1
    private var cachedNamespace = XMLNamespace.none

    /// The namespace an element with an undeclared prefix most likely meant, by the prefix feeds
    /// conventionally bind (`itunes:`, `dc:`, `media:`...); `.other` for any other prefix, so an
    /// unknown `foo:title` is never read as RSS's own title.
    @inline(never)
    private func undeclaredPrefixNamespace() -> XMLNamespace {
        guard let qualified = string(xmlTextReaderConstLocalName(reader)), let colon = qualified.firstIndex(of: ":") else {
            return .none
        }
        guard let namespace = XMLNamespace.conventionalPrefixes[String(qualified[..<colon])] else { return .other }
        guessedPrefix = true
        return namespace
    }

    /// The local name as a string, for messages ("not a feed (root element <html>)").
    var localNameString: String { string(xmlTextReaderConstLocalName(reader)) ?? "" }
    var namespaceURIString: String? { string(xmlTextReaderConstNamespaceUri(reader)) }
    var qualifiedNameString: String { string(xmlTextReaderConstName(reader)) ?? "" }

    /// An empty byte buffer that keeps the capacity of the last one given back: every element's text is
    /// gathered in one, and a long `content:encoded` arrives in many 300-byte CDATA nodes, so a fresh
    /// array per element would be allocated and regrown over and over.
    func takeSpareBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        swap(&buffer, &spareBuffer)
        buffer.removeAll(keepingCapacity: true)
        return buffer
    }

    /// Gives `buffer` back for the next `takeSpareBuffer`, unless it grew past 1 MB.
    func keepSpareBuffer(_ buffer: [UInt8]) {
        if buffer.capacity <= 1 << 20 { spareBuffer = buffer }
    }
    private var spareBuffer: [UInt8] = []

    /// The text of the current text node, appended to `buffer` without an intermediate string.
    func appendValue(to buffer: inout [UInt8]) {
        guard let value = xmlTextReaderConstValue(reader) else { return }
        buffer.append(contentsOf: UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value))))
    }

    /// The replacement text of the document-declared entity the current node references.
    ///
    /// Only internal entities whose text holds no further references are expanded, within
    /// `ParseLimits.maxEntityExpansionBytes` for the whole document: external entities are never
    /// loaded (XXE) and nested ones never multiplied (billion laughs, quadratic blowup).
    func appendEntityReplacement(to buffer: inout [UInt8]) {
        guard let node = xmlTextReaderCurrentNode(reader), node.pointee.type == XML_ENTITY_REF_NODE else { return }
        let name = string(node.pointee.name) ?? "?"
        guard let raw = node.pointee.children, raw.pointee.type == XML_ENTITY_DECL else {
            diagnostics.note("line \(line): entity &\(name); is not declared")
            return
        }
        let entity = UnsafeMutableRawPointer(raw).assumingMemoryBound(to: xmlEntity.self).pointee
        guard entity.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.content else {
            diagnostics.note("line \(line): external entity &\(name); not loaded")
            return
        }
        let text = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
        // Checked before looking at the text, so references past the budget cost nothing more.
        guard entityBytes + text.count <= limits.maxEntityExpansionBytes else {
            diagnostics.note("line \(line): entity expansion limit of \(limits.maxEntityExpansionBytes) bytes reached; &\(name); not expanded")
            return
        }
        guard let replacement = EntityText.replacement(text) else {
            diagnostics.note("line \(line): entity &\(name); refers to other entities; not expanded")
            return
        }
        guard entityBytes + replacement.count <= limits.maxEntityExpansionBytes else {
            diagnostics.note("line \(line): entity expansion limit of \(limits.maxEntityExpansionBytes) bytes reached; &\(name); not expanded")
            return
        }
        entityBytes += replacement.count
        buffer.append(contentsOf: replacement)
    }

    /// The value of the attribute `name` (no namespace) on the current element.
    func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { clibxml2_free(value) }
        return string(value)
    }

    /// The value of the attribute `name` in `namespace` on the current element.
    func attribute(_ name: String, namespace: XMLNamespace) -> String? {
        for uri in namespace.uris {
            if let value = xmlTextReaderGetAttributeNs(reader, name, uri) {
                defer { clibxml2_free(value) }
                return string(value)
            }
        }
        return nil
    }

    /// Visits every attribute of the current element as (qualified name, value, is a namespace declaration);
    /// the reader is back on the element afterwards.
    func forEachAttribute(_ body: (String, String, Bool) -> Void) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let isDeclaration = xmlTextReaderIsNamespaceDecl(reader) == 1
            body(string(xmlTextReaderConstName(reader)) ?? "", string(xmlTextReaderConstValue(reader)) ?? "", isDeclaration)
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// The base URI in effect here: `xml:base` of this element and its ancestors over the document URL.
    var baseURI: String? { string(xmlTextReaderConstBaseUri(reader)) }

    /// The `xml:lang` in effect here.
    var language: String? { string(xmlTextReaderConstXmlLang(reader)) }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

/// The replacement text of an internal entity as libxml2 stores it (character references still written
/// out): references decoded, or nil when it holds markup or a reference to another entity, which feedd
/// never expands (billion laughs).
enum EntityText {
    static func replacement(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !text.contains(UInt8(ascii: "<")) else { return nil }
        guard text.contains(UInt8(ascii: "&")) else { return Array(text) }
        var out: [UInt8] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            guard byte == UInt8(ascii: "&") else { out.append(byte); index += 1; continue }
            guard index + 2 < text.count, text[index + 1] == UInt8(ascii: "#"),
                  let end = text[index...].firstIndex(of: UInt8(ascii: ";")) else { return nil }
            var digits = String(decoding: text[(index + 2)..<end], as: UTF8.self)
            var radix = 10
            if digits.hasPrefix("x") || digits.hasPrefix("X") { digits.removeFirst(); radix = 16 }
            guard let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else { return nil }
            UTF8Writer.append(scalar.value, to: &out)
            index = end + 1
        }
        return out
    }
}

/// libxml2's error reports for one document: the first fatal one becomes the `ParseError` when no feed
/// could be read; the rest become warnings on the result.
final class XMLDiagnostics {
    static let maxWarnings = 50
    private(set) var warnings: [String] = []
    private(set) var firstError: (message: String, line: Int)? = nil
    /// The first error after which libxml2 stopped reading (in recover mode too).
    private(set) var firstFatal: (message: String, line: Int)? = nil
    private(set) var suppressed = 0
    /// Set when libxml2 reported an element prefix without its namespace declaration; only then does the
    /// reader look for prefixes inside local names.
    private(set) var undeclaredPrefix = false

    func record(_ error: xmlError) {
        if error.code == Int32(XML_NS_ERR_UNDEFINED_NAMESPACE.rawValue) { undeclaredPrefix = true }
        let message = error.message.map { String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown libxml2 error"
        let line = Int(error.line)
        if error.level.rawValue >= XML_ERR_ERROR.rawValue, firstError == nil { firstError = (message, line) }
        if error.level == XML_ERR_FATAL, firstFatal == nil { firstFatal = (message, line) }
        note(line > 0 ? "line \(line): \(message)" : message)
    }

    func note(_ warning: @autoclosure () -> String) {
        if warnings.count < XMLDiagnostics.maxWarnings { warnings.append(warning()) } else { suppressed += 1 }
    }

    /// The warnings, with a count of those left out.
    var allWarnings: [String] {
        suppressed > 0 ? warnings + ["\(suppressed) more warnings not shown"] : warnings
    }
}

/// Process-wide libxml2 setup, done once before the first parse.
enum LibXML2Setup {
    private static let done: Bool = {
        xmlInitParser()
        // Defence in depth against XXE and external DTDs: even if an option ever asked for it,
        // libxml2 may load nothing from files or the network. feedd reads documents only from memory.
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    static func ensure() { _ = done }
}
