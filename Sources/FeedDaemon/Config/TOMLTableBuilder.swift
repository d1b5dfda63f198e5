/// The mutable tree a `TOMLParser` fills in. TOML's rules about which tables may be reopened
/// (a `[table]` only once, dotted keys only into tables they created, `[[array]]` appends)
/// need to know how each table came to be, which the public value types do not carry.
final class TOMLTableBuilder {
    /// How a table came into existence.
    enum Origin {
        /// Named as a parent in a header (`a` in `[a.b]`); a later `[a]` may still define it once.
        case implicit
        /// Opened by its own `[header]` (or the root).
        case header
        /// Created by a dotted key (`a.b = 1`); only more dotted keys may add to it.
        case dotted
        /// One element of an `[[array.of.tables]]`.
        case arrayElement
    }

    enum Child {
        case value(TOMLNode)
        case table(TOMLTableBuilder)
        case tables([TOMLTableBuilder])
    }

    struct Slot {
        var keyPosition: TOMLPosition
        var child: Child
    }

    var origin: Origin
    var position: TOMLPosition
    private(set) var order: [String] = []
    private(set) var slots: [String: Slot] = [:]

    init(origin: Origin, position: TOMLPosition) {
        self.origin = origin
        self.position = position
    }

    subscript(key: String) -> Slot? {
        get { slots[key] }
        set {
            if slots[key] == nil { order.append(key) }
            slots[key] = newValue
        }
    }

    /// The immutable table, entries in the order their keys first appeared.
    func build() -> TOMLTable {
        let entries = order.compactMap { key -> TOMLEntry? in
            guard let slot = slots[key] else { return nil }
            let node: TOMLNode
            switch slot.child {
            case .value(let value):
                node = value
            case .table(let table):
                node = TOMLNode(.table(table.build()), at: table.position)
            case .tables(let tables):
                let elements = tables.map { TOMLNode(.table($0.build()), at: $0.position) }
                node = TOMLNode(.array(elements), at: slot.keyPosition)
            }
            return TOMLEntry(key: key, keyPosition: slot.keyPosition, node: node)
        }
        return TOMLTable(entries: entries, position: position)
    }
}

/// A written position of an existing child, for "first defined at line N" in errors.
extension TOMLTableBuilder.Slot {
    var firstLine: Int {
        switch child {
        case .value: keyPosition.line
        case .table(let table): table.position.line
        case .tables: keyPosition.line
        }
    }
}
