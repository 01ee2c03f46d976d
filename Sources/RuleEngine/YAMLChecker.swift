import Yams

/// The plan files' YAML reader for other data files (scenarios): the same shape checks and the same
/// file:line:column diagnostics with the offending line and a caret, collecting every error.
///
/// A thin public face over the internal reader so other modules check their YAML exactly as plans are checked.
public final class YAMLChecker {
    let reader: YAMLReader
    let sink = DiagnosticSink()
    /// The parsed document; nil when the YAML does not parse (one diagnostic says why).
    public let root: Node?

    public init(file: String, text: String) {
        let (reader, root) = YAMLReader.compose(file: file, text: text, sink: sink)
        self.reader = reader
        self.root = root
    }

    /// Every problem reported so far, in the order found.
    public var diagnostics: [PlanDiagnostic] { sink.diagnostics }
    public var source: SourceText { reader.source }

    public func location(_ node: Node?) -> SourceLocation { reader.location(node) }
    public func error(_ node: Node?, _ message: String) { reader.error(node, message) }
    public func error(_ location: SourceLocation, _ message: String) { reader.error(location, message) }

    /// The pairs of a mapping; unknown keys (with a "did you mean") and missing required keys are errors.
    public func mapping(_ node: Node?, _ what: String, allowed: [String], required: [String] = []) -> [String: Node]? {
        reader.mapping(node, what, allowed: allowed, required: required)
    }
    public func string(_ node: Node?, _ what: String) -> String? { reader.string(node, what) }
    public func int(_ node: Node?, _ what: String) -> Int? { reader.int(node, what) }
    public func double(_ node: Node?, _ what: String) -> Double? { reader.double(node, what) }
    public func bool(_ node: Node?, _ what: String) -> Bool? { reader.bool(node, what) }
    public func sequence(_ node: Node?, _ what: String) -> [Node] { reader.sequence(node, what) }
    public func strings(_ node: Node?, _ what: String) -> [(String, Node)] { reader.strings(node, what) }
    /// The pairs of a mapping with free keys (names chosen by the author), in file order.
    public func pairs(_ node: Node?, _ what: String) -> [(key: String, keyNode: Node, value: Node)] {
        guard let node else { return [] }
        guard case let .mapping(m) = node else {
            reader.error(node, "\(what) must be a mapping (key: value lines), not \(reader.describe(node))")
            return []
        }
        return m.compactMap { k, v in
            guard let key = k.string else { reader.error(k, "keys in \(what) must be names"); return nil }
            return (key, k, v)
        }
    }
}
