/// Bounds on the work one document may cost, so a hostile feed gives an error for that feed and nothing else.
///
/// The defaults are far above any real feed; tests pass smaller values to reach the limits cheaply.
/// There is no bound on the number of entries: every item a feed has is kept, and the bytes and
/// reader steps already bound the work a document with very many of them may cost.
public struct ParseLimits: Sendable, Hashable {
    /// Larger documents are rejected before any parsing starts.
    public var maxBytes: Int
    /// Nodes the XML reader may visit (the bound on time per document, counted rather than clocked
    /// so the same bytes always give the same result).
    public var maxReaderSteps: Int
    /// Element nesting (XML) or array/object nesting (JSON) deeper than this is an error;
    /// libxml2 itself stops at 256 without `XML_PARSE_HUGE`.
    public var maxDepth: Int
    /// Bytes that references to document-declared entities may add in total (quadratic blowup guard).
    public var maxEntityExpansionBytes: Int
    /// Attributes one start tag may have: libxml2 2.9 compares them pairwise (quadratic time).
    public var maxAttributesPerElement: Int

    public init(maxBytes: Int = ParseLimits.defaultMaxBytes, 
                maxReaderSteps: Int = 10_000_000, maxDepth: Int = 200,
                maxEntityExpansionBytes: Int = 1 << 20, maxAttributesPerElement: Int = 1000) {
        self.maxBytes = maxBytes
        self.maxReaderSteps = maxReaderSteps
        self.maxDepth = maxDepth
        self.maxEntityExpansionBytes = maxEntityExpansionBytes
        self.maxAttributesPerElement = maxAttributesPerElement
    }

    /// 64 MiB: ten times the largest real feeds seen (podcasts with full show notes).
    public static let defaultMaxBytes = 64 << 20

    /// The limits `feedd` uses everywhere.
    public static let `default` = ParseLimits()
}
