import CLibXML2

/// Feed HTML made safe to paste into a mail or a page: libxml2's HTML parser reads it as a browser
/// would, and only what cannot run code or load active content is written back.
///
/// Removed with their content: `script`, `style`, `iframe`, `object`, `embed`, `applet`, `frame`,
/// `frameset`, `noscript`, `template`, `base`, `link`, `meta`, `title`, and the form controls.
/// `form` itself is unwrapped (its text stays). Removed attributes: every `on…` event handler,
/// `style` (CSS can fetch and overlay), `srcdoc`, `formaction`. URL attributes keep only `http`,
/// `https`, `mailto`, `ftp`, `tel` and relative references (resolved against `base`); `data:` only
/// as an image's `src`. Comments and processing instructions are dropped.
///
/// Linear: one libxml2 parse and one walk of its tree; most feed HTML needs neither (see `SafeHTMLScan`).
enum HTMLSanitizer {
    /// `html` sanitized, with relative URLs resolved against `base`.
    static func sanitize(_ html: String, base: String?) -> String {
        if let safe = SafeHTMLScan.safeCopy(html, base: base) { return safe }
        let wrapped = "<html><body>" + html + "</body></html>"
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue)
        let document: htmlDocPtr? = wrapped.withCString { pointer in
            htmlReadMemory(pointer, Int32(clamping: wrapped.utf8.count), nil, "UTF-8", options)
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        guard let body = findBody(document) else { return "" }
        var writer = SafeHTMLWriter(base: base)
        writer.writeChildren(of: body)
        return writer.result.trimmedOrNil ?? ""
    }

    /// The `<body>` element libxml2 built around the fragment.
    private static func findBody(_ document: htmlDocPtr) -> xmlNodePtr? {
        var node = xmlDocGetRootElement(document)?.pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE, HTMLNames.name(current) == "body" { return current }
            node = current.pointee.next
        }
        return nil
    }
}

/// Names of libxml2 HTML nodes (the HTML parser folds tag and attribute names to lower case).
enum HTMLNames {
    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// Elements removed with everything inside them.
    static let removedWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "noframes", "object", "embed", "applet", "noscript",
        "noembed", "template", "base", "link", "meta", "title", "head", "input", "button", "select", "textarea",
        "option", "optgroup", "datalist", "keygen", "param", "portal", "xml", "svg", "math",
    ]
    /// Elements whose tags are removed but whose content stays.
    static let unwrapped: Set<String> = ["form", "html", "body", "fieldset", "label", "output"]
    /// Elements without end tags (HTML Living Standard §13.1.2).
    static let void: Set<String> = ["area", "br", "col", "hr", "img", "source", "track", "wbr"]
    /// Attributes that hold a URL.
    static let urlAttributes: Set<String> = ["href", "src", "cite", "action", "background", "poster", "longdesc",
                                             "usemap", "lowsrc", "dynsrc", "data", "codebase", "xlink:href"]
    /// Attributes removed wherever they are.
    static let removedAttributes: Set<String> = ["style", "srcdoc", "formaction", "xmlns", "ping", "http-equiv"]
}

/// Writes the allowed part of a libxml2 HTML tree as HTML.
struct SafeHTMLWriter {
    let base: String?
    private(set) var result = ""

    init(base: String?) { self.base = base }

    /// Walks the subtree below `parent` without recursion (the nesting of hostile HTML is unbounded).
    mutating func writeChildren(of parent: xmlNodePtr) {
        var node = parent.pointee.children
        while let current = node {
            var descend = false
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { appendEscaped(String(cString: content), quotes: false) }
            case XML_ENTITY_REF_NODE:
                if let name = current.pointee.name { result += "&" + String(cString: name) + ";" }
            case XML_ELEMENT_NODE:
                let name = HTMLNames.name(current)
                if HTMLNames.removedWithContent.contains(name) || !isPlainName(name) { break }
                if !HTMLNames.unwrapped.contains(name) { writeStartTag(current, name: name) }
                descend = current.pointee.children != nil
                if !descend { writeEndTag(current, name: name) }
            default:
                break   // comments, processing instructions, DTD nodes
            }
            if descend {
                node = current.pointee.children
                continue
            }
            // Up until a node with a next sibling, closing each element left.
            var climbing: xmlNodePtr? = current
            node = nil
            while let here = climbing, here != parent {
                if let next = here.pointee.next {
                    node = next
                    break
                }
                climbing = here.pointee.parent
                if let up = climbing, up != parent { writeEndTag(up, name: HTMLNames.name(up)) }
            }
        }
    }

    private mutating func writeEndTag(_ node: xmlNodePtr, name: String) {
        guard !HTMLNames.unwrapped.contains(name), !HTMLNames.void.contains(name) else { return }
        result += "</" + name + ">"
    }

    private mutating func writeStartTag(_ node: xmlNodePtr, name: String) {
        result += "<" + name
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let rawName = current.pointee.name else { continue }
            var attributeName = String(cString: rawName).lowercased()
            if let prefix = current.pointee.ns?.pointee.prefix { attributeName = String(cString: prefix).lowercased() + ":" + attributeName }
            guard isPlainName(attributeName), !attributeName.hasPrefix("on"),
                  !HTMLNames.removedAttributes.contains(attributeName) else { continue }
            guard let valuePointer = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) else { continue }
            var value = String(cString: valuePointer)
            clibxml2_free(valuePointer)
            if HTMLNames.urlAttributes.contains(attributeName) {
                guard let safe = SafeURL.check(value, base: base, allowDataImage: name == "img" && attributeName == "src") else { continue }
                value = safe
            } else if attributeName == "srcset" {
                guard let safe = SafeURL.checkSourceSet(value, base: base) else { continue }
                value = safe
            }
            result += " " + attributeName + "=\""
            appendEscaped(value, quotes: true)
            result += "\""
        }
        result += ">"
    }

    /// Letters, digits, `-`, `_`, `:`; anything else in a name is dropped with its node.
    private func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
        }
    }

    private mutating func appendEscaped(_ text: String, quotes: Bool) {
        result += XMLEscaping.escape(text, quotes: quotes)
    }
}

/// URL checks for sanitized HTML.
enum SafeURL {
    /// Schemes a link or image may use.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel"]

    /// `value` resolved against `base` when its scheme is allowed (or it is relative); nil otherwise.
    /// A `data:image/…` URL is allowed only where `allowDataImage` says so (an image's `src`).
    static func check(_ value: String, base: String?, allowDataImage: Bool) -> String? {
        guard let reference = URLResolver.withoutControlCharacters(value).trimmedOrNil else { return nil }
        if let scheme = scheme(of: reference) {
            if scheme == "data" {
                let lowered = reference.lowercased()
                return allowDataImage && lowered.hasPrefix("data:image/") && !lowered.hasPrefix("data:image/svg") ? reference : nil
            }
            guard allowedSchemes.contains(scheme) else { return nil }
            return URLResolver.resolve(reference, against: base)
        }
        guard let resolved = URLResolver.resolve(reference, against: base) else { return nil }
        // The resolved URL is checked again: a base could itself be of another scheme.
        if let scheme = scheme(of: resolved), !allowedSchemes.contains(scheme) { return nil }
        return resolved
    }

    /// A `srcset` with every candidate URL checked and resolved; nil when none is left.
    static func checkSourceSet(_ value: String, base: String?) -> String? {
        let candidates = value.split(separator: ",").compactMap { candidate -> String? in
            let parts = candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            guard let first = parts.first, let url = check(String(first), base: base, allowDataImage: false) else { return nil }
            return ([url] + parts.dropFirst().map(String.init)).joined(separator: " ")
        }
        return candidates.isEmpty ? nil : candidates.joined(separator: ", ")
    }

    /// The lower-cased scheme of `reference` (RFC 3986 §3.1), ignoring the spaces and controls that
    /// browsers skip inside it (`java\tscript:`); nil for a relative reference.
    static func scheme(of reference: String) -> String? {
        var scheme = ""
        for scalar in reference.unicodeScalars {
            if scalar == ":" { return scheme.isEmpty ? nil : scheme }
            if scalar.value <= 0x20 { continue }
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
            let isSchemeCharacter = isLetter || (scalar >= "0" && scalar <= "9") || scalar == "+" || scalar == "-" || scalar == "."
            guard isSchemeCharacter, !(scheme.isEmpty && !isLetter) else { return nil }
            scheme += String(scalar).lowercased()
        }
        return nil
    }
}
