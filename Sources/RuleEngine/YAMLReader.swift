import Foundation
import Yams

/// Reads a YAML file into `Node`s and reports shape errors with file:line:column, collecting them all.
struct YAMLReader {
    let source: SourceText
    let sink: DiagnosticSink

    /// Parses the text; a syntax error becomes one diagnostic (YAML cannot go on after it) and nil.
    static func compose(file: String, text: String, sink: DiagnosticSink) -> (YAMLReader, Node?) {
        let source = SourceText(file: file, text: text)
        let reader = YAMLReader(source: source, sink: sink)
        do {
            return (reader, try Yams.compose(yaml: text))
        } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                let ctx = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
                sink.error(SourceLocation(file: file, line: mark.line, column: mark.column), "malformed YAML: \(problem)\(ctx)", in: source)
            case let .duplicatedKeysInMapping(duplicates, context):
                sink.error(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                           "duplicate key \(duplicates.joined(separator: ", ")) in a mapping", in: source)
            default:
                sink.error(SourceLocation(file: file, line: 1, column: 1), "malformed YAML: \(error)", in: source)
            }
        } catch {
            sink.error(SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(error)", in: source)
        }
        return (reader, nil)
    }

    func location(_ node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: source.file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ node: Node?, _ message: String) { sink.error(location(node), message, in: source) }

    func error(_ location: SourceLocation, _ message: String) { sink.error(location, message, in: source) }

    /// The pairs of a mapping, checking that every key is one of `allowed` and `required` keys are present.
    func mapping(_ node: Node?, _ what: String, allowed: [String], required: [String] = []) -> [String: Node]? {
        guard let node else { return nil }
        guard case let .mapping(m) = node else {
            error(node, "\(what) must be a mapping (key: value lines), not \(describe(node))")
            return nil
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else { error(k, "keys in \(what) must be names"); continue }
            if !allowed.contains(key) {
                let near = allowed.filter { editDistance($0, key) <= 2 }
                error(k, "unknown field '\(key)' in \(what)" + (near.isEmpty ? "; expected one of \(allowed.joined(separator: ", "))" : "; did you mean '\(near[0])'?"))
                continue
            }
            out[key] = v
        }
        for key in required where out[key] == nil {
            error(node, "\(what) needs '\(key)'")
        }
        return out
    }

    func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard case let .scalar(s) = node else { error(node, "\(what) must be a text value, not \(describe(node))"); return nil }
        return s.string
    }

    func int(_ node: Node?, _ what: String) -> Int? {
        guard let node else { return nil }
        guard let v = node.int else { error(node, "\(what) must be a whole number, not \(describe(node))"); return nil }
        return v
    }

    func double(_ node: Node?, _ what: String) -> Double? {
        guard let node else { return nil }
        guard let v = node.float ?? node.int.map(Double.init) else { error(node, "\(what) must be a number, not \(describe(node))"); return nil }
        return v
    }

    func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node else { return nil }
        guard let v = node.bool else { error(node, "\(what) must be true or false, not \(describe(node))"); return nil }
        return v
    }

    func sequence(_ node: Node?, _ what: String) -> [Node] {
        guard let node else { return [] }
        if case let .sequence(s) = node { return Array(s) }
        error(node, "\(what) must be a list (lines starting with '- ' or [a, b]), not \(describe(node))")
        return []
    }

    func strings(_ node: Node?, _ what: String) -> [(String, Node)] {
        sequence(node, what).compactMap { n in string(n, "an entry of \(what)").map { ($0, n) } }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(s): "'\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Where the text of a scalar starts (after an opening quote), so a caret lands on an expression's column.
    func textStart(_ node: Node) -> SourceLocation {
        var loc = location(node)
        if case let .scalar(s) = node, s.style == .singleQuoted || s.style == .doubleQuoted { loc.column += 1 }
        return loc
    }

    /// Compiles a condition written in a scalar, reporting errors at their column inside the line.
    func condition(_ node: Node?, _ what: String, _ env: CompileEnvironment) -> Condition? {
        guard let node, let text = string(node, what) else { return nil }
        switch ExpressionCompiler.condition(text, env) {
        case let .success(c): return c
        case let .failure(errs):
            let start = textStart(node)
            let singleLine = !text.contains("\n")
            for e in errs.errors {
                var loc = start
                if singleLine { loc.column += e.offset }
                error(loc, "in \(what): \(e.message)")
            }
            return nil
        }
    }
}
