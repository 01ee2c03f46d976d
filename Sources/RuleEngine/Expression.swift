/// A parsed condition: the syntax tree of the expression language (see Plans/README.md).
///
/// `offset` is the position in the expression text, in Unicode scalars from 0, for error carets.
public indirect enum Expr: Sendable, Hashable {
    case number(Double, Dimension, bare: Bool, offset: Int)
    case string(String, offset: Int)
    case bool(Bool, offset: Int)
    case level(ResponseLevel, offset: Int)
    case field(String, offset: Int)
    case list([Expr], offset: Int)
    case unary(UnaryOp, Expr, offset: Int)
    case binary(BinaryOp, Expr, Expr, offset: Int)
    case call(String, [Expr], offset: Int)

    public enum UnaryOp: String, Sendable { case neg = "-", not }
    public enum BinaryOp: String, Sendable {
        case add = "+", sub = "-", mul = "*", div = "/"
        case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in`
        case and, or
    }

    public var offset: Int {
        switch self {
        case let .number(_, _, _, o), let .string(_, o), let .bool(_, o), let .level(_, o), let .field(_, o),
             let .list(_, o), let .unary(_, _, o), let .binary(_, _, _, o), let .call(_, _, o): o
        }
    }

    /// The fact names the expression reads (for re-evaluating only what a change touches).
    public var fieldsRead: Set<String> {
        switch self {
        case let .field(n, _): [n]
        case let .list(xs, _), let .call(_, xs, _): xs.reduce(into: Set()) { $0.formUnion($1.fieldsRead) }
        case let .unary(_, x, _): x.fieldsRead
        case let .binary(_, a, b, _): a.fieldsRead.union(b.fieldsRead)
        default: []
        }
    }

    /// Whether evaluation depends on the clock (`since`, `hour`).
    public var readsClock: Bool {
        switch self {
        case let .call(name, xs, _): name == "since" || name == "hour" || xs.contains { $0.readsClock }
        case let .list(xs, _): xs.contains { $0.readsClock }
        case let .unary(_, x, _): x.readsClock
        case let .binary(_, a, b, _): a.readsClock || b.readsClock
        default: false
        }
    }
}

/// A syntax error in an expression, at a scalar offset in its text.
public struct ExpressionSyntaxError: Error, Sendable {
    public let offset: Int
    public let message: String
}

/// Tokens of the expression language.
enum Token: Equatable {
    case number(Double)
    case string(String)
    case ident(String)
    case op(String)
    case end
}

/// Splits an expression into tokens with their scalar offsets. O(n).
struct Lexer {
    static func tokens(_ text: String) throws(ExpressionSyntaxError) -> [(Token, Int)] {
        let s = Array(text.unicodeScalars)
        var i = 0
        var out: [(Token, Int)] = []
        func isIdentStart(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c == "_" || (0x2160...0x216B).contains(c.value)
        }
        func isIdent(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || ("0"..."9").contains(c) || c == "." }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            if ("0"..."9").contains(c) || (c == "." && i + 1 < s.count && ("0"..."9").contains(s[i + 1])) {
                while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "_" {
                    if s[i] == ".", i + 1 < s.count, s[i + 1] == "." { break }  // `3..<10`
                    i += 1
                }
                if i < s.count, s[i] == "e" || s[i] == "E", i + 1 < s.count, ("0"..."9").contains(s[i + 1]) || s[i + 1] == "-" {
                    i += 2
                    while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
                }
                let literal = String(String.UnicodeScalarView(s[start..<i])).replacingOccurrences(of: "_", with: "")
                guard let v = Double(literal) else { throw ExpressionSyntaxError(offset: start, message: "'\(literal)' is not a number") }
                out.append((.number(v), start))
            } else if isIdentStart(c) {
                while i < s.count, isIdent(s[i]) { i += 1 }
                out.append((.ident(String(String.UnicodeScalarView(s[start..<i]))), start))
            } else if c == "\"" || c == "'" {
                i += 1
                var value = String.UnicodeScalarView()
                while i < s.count, s[i] != c { value.append(s[i]); i += 1 }
                guard i < s.count else { throw ExpressionSyntaxError(offset: start, message: "string is not closed; expected \(c)") }
                i += 1
                out.append((.string(String(value)), start))
            } else {
                let two = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
                let three = i + 2 < s.count ? two + String(s[i + 2]) : ""
                if three == "..<" { out.append((.op(three), start)); i += 3 }
                else if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) { out.append((.op(two), start)); i += 2 }
                else if "+-*/()[],<>!%=".unicodeScalars.contains(c) {
                    if c == "=" { throw ExpressionSyntaxError(offset: start, message: "'=' is not an operator; expected '==' to compare") }
                    out.append((.op(String(c)), start)); i += 1
                } else {
                    throw ExpressionSyntaxError(offset: start, message: "unexpected character '\(c)'; expected a number, name, string or operator")
                }
            }
        }
        out.append((.end, s.count))
        return out
    }
}

/// A Pratt parser for the expression language. O(n) in the number of tokens.
public struct ExpressionParser {
    private var tokens: [(Token, Int)]
    private var pos = 0

    /// Parses a whole expression; trailing tokens are an error.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expr {
        var p = ExpressionParser(tokens: try Lexer.tokens(text))
        let e = try p.expression(0)
        guard case .end = p.peek.0 else { throw p.unexpected("an operator or the end of the condition") }
        return e
    }

    private init(tokens: [(Token, Int)]) { self.tokens = tokens }

    private var peek: (Token, Int) { tokens[pos] }
    private mutating func advance() -> (Token, Int) { defer { pos += 1 }; return tokens[pos] }

    private func unexpected(_ expected: String) -> ExpressionSyntaxError {
        let (t, o) = peek
        let found: String = switch t {
        case let .number(v): "number \(v.formatted(significantDigits: 8))"
        case let .string(s): "string '\(s)'"
        case let .ident(s): "'\(s)'"
        case let .op(s): "'\(s)'"
        case .end: "the end of the condition"
        }
        return ExpressionSyntaxError(offset: o, message: "expected \(expected), found \(found)")
    }

    /// Binding power of the infix operator at the cursor, if it is one.
    private func infix() -> (Expr.BinaryOp, Int)? {
        switch peek.0 {
        case .ident("or"), .op("||"): (.or, 1)
        case .ident("and"), .op("&&"): (.and, 2)
        case .op("=="): (.eq, 4)
        case .op("!="): (.ne, 4)
        case .op("<"): (.lt, 4)
        case .op("<="): (.le, 4)
        case .op(">"): (.gt, 4)
        case .op(">="): (.ge, 4)
        case .ident("in"): (.in, 4)
        case .op("+"): (.add, 5)
        case .op("-"): (.sub, 5)
        case .op("*"): (.mul, 6)
        case .op("/"): (.div, 6)
        default: nil
        }
    }

    private mutating func expression(_ minPower: Int) throws(ExpressionSyntaxError) -> Expr {
        var left = try prefix()
        while let (op, power) = infix(), power > minPower {
            let (_, offset) = advance()
            let right = try expression(power)
            // Comparisons do not chain: `a < b < c` is an error, not `(a < b) < c`.
            if power == 4, case let .binary(inner, _, _, _) = left, [.eq, .ne, .lt, .le, .gt, .ge, .in].contains(inner) {
                throw ExpressionSyntaxError(offset: offset, message: "comparisons do not chain; expected 'and' between them")
            }
            left = .binary(op, left, right, offset: offset)
        }
        return left
    }

    private mutating func prefix() throws(ExpressionSyntaxError) -> Expr {
        let (token, offset) = peek
        switch token {
        case let .number(v):
            pos += 1
            if let (dim, factor) = unitAfterNumber() { return .number(v * factor, dim, bare: false, offset: offset) }
            return .number(v, .none, bare: true, offset: offset)
        case let .string(s):
            pos += 1
            return .string(s, offset: offset)
        case .op("-"):
            pos += 1
            return .unary(.neg, try expression(6), offset: offset)
        case .ident("not"), .op("!"):
            pos += 1
            return .unary(.not, try expression(3), offset: offset)
        case .op("("):
            pos += 1
            let e = try expression(0)
            guard case .op(")") = peek.0 else { throw unexpected("')'") }
            pos += 1
            return e
        case .op("["):
            pos += 1
            var items: [Expr] = []
            if case .op("]") = peek.0 { pos += 1; return .list([], offset: offset) }
            while true {
                items.append(try expression(0))
                if case .op(",") = peek.0 { pos += 1; continue }
                guard case .op("]") = peek.0 else { throw unexpected("',' or ']'") }
                pos += 1
                return .list(items, offset: offset)
            }
        case let .ident(name):
            pos += 1
            switch name {
            case "true": return .bool(true, offset: offset)
            case "false": return .bool(false, offset: offset)
            case "and", "or", "in": throw ExpressionSyntaxError(offset: offset, message: "expected a value before '\(name)'")
            default: break
            }
            if let level = ResponseLevel(name: name), !name.allSatisfy(\.isNumber) { return .level(level, offset: offset) }
            if case .op("(") = peek.0 {
                pos += 1
                var args: [Expr] = []
                if case .op(")") = peek.0 { pos += 1; return .call(name, [], offset: offset) }
                while true {
                    args.append(try expression(0))
                    if case .op(",") = peek.0 { pos += 1; continue }
                    guard case .op(")") = peek.0 else { throw unexpected("',' or ')' in the arguments of \(name)") }
                    pos += 1
                    return .call(name, args, offset: offset)
                }
            }
            if name.hasSuffix(".") || name.contains("..") {
                throw ExpressionSyntaxError(offset: offset, message: "'\(name)' is not a field name; expected name.part")
            }
            return .field(name, offset: offset)
        default:
            throw unexpected("a number, string, name, '(' or '['")
        }
    }

    /// A unit right after a number: `m`, `%`, `mm/h`, `万元`. Consumes the tokens when found.
    private mutating func unitAfterNumber() -> (Dimension, Double)? {
        switch peek.0 {
        case .op("%"):
            pos += 1
            return Units.table["%"]
        case let .ident(u):
            if pos + 2 < tokens.count, case .op("/") = tokens[pos + 1].0, case let .ident(v) = tokens[pos + 2].0,
               let unit = Units.table["\(u)/\(v)"] {
                pos += 3
                return unit
            }
            if let unit = Units.table[u] { pos += 1; return unit }
            return nil
        default: return nil
        }
    }
}

import SpatialCore
