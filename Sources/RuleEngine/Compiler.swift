import Foundation
import SpatialCore

/// What a condition may name besides facts: layers and kinds for spatial predicates, districts.
public struct CompileEnvironment: Sendable {
    public var schema: FactSchema
    public var catalog: PlanCatalog
    public init(schema: FactSchema, catalog: PlanCatalog) {
        self.schema = schema
        self.catalog = catalog
    }
}

/// A type error or unknown name, at a scalar offset in the expression text.
public struct ExpressionError: Error, Sendable {
    public let offset: Int
    public let message: String
}

/// Type-checks an expression against the fact schema and compiles it to closures; collects every error.
///
/// Numbers carry dimensions (m, s, t, ppm, mm/h, kPa, people …); a unit-less literal matches plain numbers and people.
/// O(size of the expression).
public struct ExpressionCompiler {
    let env: CompileEnvironment
    private(set) var errors: [ExpressionError] = []

    public init(_ env: CompileEnvironment) { self.env = env }

    /// Parses, checks and compiles a condition; it must be boolean.
    public static func condition(_ text: String, _ env: CompileEnvironment) -> Result<Condition, ExpressionErrors> {
        let expr: Expr
        do { expr = try ExpressionParser.parse(text) } catch {
            return .failure(ExpressionErrors(errors: [ExpressionError(offset: error.offset, message: error.message)]))
        }
        var c = ExpressionCompiler(env)
        let typed = c.compile(expr)
        if let typed, c.errors.isEmpty {
            guard case let .truth(code) = typed.code else {
                return .failure(ExpressionErrors(errors: [ExpressionError(offset: expr.offset, message: "a condition must be true or false, but this is a \(typed.type); expected a comparison such as '… >= 3'")]))
            }
            return .success(Condition(source: text, expr: expr, reads: expr.fieldsRead, readsClock: expr.readsClock, code: code))
        }
        return .failure(ExpressionErrors(errors: c.errors))
    }

    enum Code {
        case number(NumberCode)
        case truth(TruthCode)
        case string(StringCode)
    }

    struct Typed {
        var type: ValueType
        /// A unit-less literal (or arithmetic on them): it adopts the dimension of plain numbers and people.
        var bare = false
        /// For string fields with a value list: the list, and whether it is ordered.
        var values: [String] = []
        var ordered = false
        /// The literal text when this is a string literal.
        var literal: String?
        var code: Code
        var numberCode: NumberCode? { if case let .number(c) = code { c } else { nil } }
    }

    mutating func fail(_ offset: Int, _ message: String) -> Typed? {
        errors.append(ExpressionError(offset: offset, message: message))
        return nil
    }

    mutating func compile(_ e: Expr) -> Typed? {
        switch e {
        case let .number(v, d, bare, _):
            return Typed(type: .number(d), bare: bare, code: .number { _ in v })
        case let .string(s, _):
            return Typed(type: .string, literal: s, code: .string { _ in s })
        case let .bool(b, _):
            let t = Truth.of(b)
            return Typed(type: .bool, code: .truth { _ in t })
        case let .level(l, _):
            let v = Double(l.severity)
            return Typed(type: .level, code: .number { _ in v })
        case let .field(name, offset):
            guard let f = env.schema[name] else {
                return fail(offset, "unknown field '\(name)'" + FactSet.hint(env.schema.suggestions(for: name)) + "; facts are declared in Plans/facts.yaml")
            }
            let slot = f.slot
            switch f.type {
            case .bool: return Typed(type: .bool, code: .truth { c in let n = c.facts.numbers[slot]; return n.isNaN ? .unknown : Truth.of(n != 0) })
            case .string: return Typed(type: .string, values: f.values, ordered: f.ordered, code: .string { c in c.facts.strings[slot] })
            default: return Typed(type: f.type, code: .number { c in c.facts.numbers[slot] })
            }
        case let .list(_, offset):
            return fail(offset, "a list is only allowed on the right of 'in'")
        case let .unary(op, x, offset):
            guard let t = compile(x) else { return nil }
            switch (op, t.code) {
            case let (.neg, .number(code)) where t.type != .level && t.type != .time:
                return Typed(type: t.type, bare: t.bare, code: .number { c in -code(c) })
            case let (.not, .truth(code)):
                return Typed(type: .bool, code: .truth { c in code(c).negated })
            default:
                return fail(offset, "'\(op == .neg ? "-" : "not")' does not apply to a \(t.type)")
            }
        case let .binary(op, a, b, offset):
            return binary(op, a, b, offset)
        case let .call(name, args, offset):
            return call(name, args, offset)
        }
    }

    /// A bare name compared with a field that has a value list is that value: `warning.colour >= orange`.
    func enumValue(_ e: Expr, other: Expr) -> Expr {
        guard case let .field(name, offset) = e, env.schema[name] == nil, !name.contains("."), case let .field(f, _) = other,
              let field = env.schema[f], !field.values.isEmpty else { return e }
        return .string(name, offset: offset)
    }

    /// The common dimension of two numbers, letting a bare literal adopt plain numbers or people.
    func unify(_ a: Typed, _ b: Typed) -> Dimension? {
        guard case let .number(da) = a.type, case let .number(db) = b.type else { return nil }
        if da == db { return da }
        if a.bare, db == .none || db == .people { return db }
        if b.bare, da == .none || da == .people { return da }
        return nil
    }

    func mismatch(_ a: Typed, _ b: Typed) -> String {
        if case let .number(d) = b.type, b.bare, d == .none, case let .number(da) = a.type, da != .none {
            return "expected a number in \(da.baseUnit) (a \(da.rawValue)); write the unit, e.g. '30 \(Units.names(of: da).first ?? da.baseUnit)'"
        }
        if case let .number(d) = a.type, a.bare, d == .none, case let .number(db) = b.type, db != .none {
            return "expected a number in \(db.baseUnit) (a \(db.rawValue)); write the unit, e.g. '30 \(Units.names(of: db).first ?? db.baseUnit)'"
        }
        return "cannot combine a \(a.type) with a \(b.type)"
    }

    mutating func binary(_ op: Expr.BinaryOp, _ ea: Expr, _ eb: Expr, _ offset: Int) -> Typed? {
        if op == .in { return membership(ea, eb, offset) }
        let (ea, eb) = (enumValue(ea, other: eb), enumValue(eb, other: ea))
        let ta = compile(ea), tb = compile(eb)
        guard let a = ta, let b = tb else { return nil }
        switch op {
        case .and, .or:
            guard case let .truth(x) = a.code, case let .truth(y) = b.code else {
                return fail(offset, "'\(op.rawValue)' joins conditions (true/false), not a \(a.type == .bool ? b.type : a.type)")
            }
            let code: TruthCode
            if op == .and {
                code = { c in let l = x(c); return l == .no ? Truth.no : Truth.and(l, y(c)) }
            } else {
                code = { c in let l = x(c); return l == .yes ? Truth.yes : Truth.or(l, y(c)) }
            }
            return Typed(type: .bool, code: .truth(code))
        case .add, .sub, .mul, .div:
            guard case let .number(x) = a.code, case let .number(y) = b.code, case let .number(da) = a.type, case let .number(db) = b.type else {
                return fail(offset, "'\(op.rawValue)' needs numbers, not a \(a.type) and a \(b.type)")
            }
            let dim: Dimension
            switch op {
            case .add, .sub:
                guard let d = unify(a, b) else { return fail(offset, mismatch(a, b)) }
                dim = d
            case .mul:
                if da == .none { dim = db } else if db == .none { dim = da } else {
                    return fail(offset, "cannot multiply a \(da.rawValue) by a \(db.rawValue); one side must be a plain number")
                }
            default:
                if db == .none { dim = da } else if da == db { dim = .none } else {
                    return fail(offset, "cannot divide a \(da.rawValue) by a \(db.rawValue); divide by a plain number or the same dimension")
                }
            }
            let code: NumberCode = switch op {
            case .add: { c in x(c) + y(c) }
            case .sub: { c in x(c) - y(c) }
            case .mul: { c in x(c) * y(c) }
            default: { c in x(c) / y(c) }
            }
            return Typed(type: .number(dim), bare: a.bare && b.bare, code: .number(code))
        default:
            return comparison(op, a, b, offset)
        }
    }

    mutating func comparison(_ op: Expr.BinaryOp, _ a: Typed, _ b: Typed, _ offset: Int) -> Typed? {
        let ordering = op != .eq && op != .ne
        switch (a.code, b.code) {
        case let (.number(x), .number(y)):
            switch (a.type, b.type) {
            case (.level, .level), (.time, .time): break
            case (.number, .number): if unify(a, b) == nil { return fail(offset, mismatch(a, b)) }
            default: return fail(offset, "cannot compare a \(a.type) with a \(b.type)")
            }
            let code: TruthCode = switch op {
            case .eq: { c in let l = x(c), r = y(c); return l.isNaN || r.isNaN ? .unknown : Truth.of(l == r) }
            case .ne: { c in let l = x(c), r = y(c); return l.isNaN || r.isNaN ? .unknown : Truth.of(l != r) }
            case .lt: { c in let l = x(c), r = y(c); return l.isNaN || r.isNaN ? .unknown : Truth.of(l < r) }
            case .le: { c in let l = x(c), r = y(c); return l.isNaN || r.isNaN ? .unknown : Truth.of(l <= r) }
            case .gt: { c in let l = x(c), r = y(c); return l.isNaN || r.isNaN ? .unknown : Truth.of(l > r) }
            default: { c in let l = x(c), r = y(c); return l.isNaN || r.isNaN ? .unknown : Truth.of(l >= r) }
            }
            return Typed(type: .bool, code: .truth(code))
        case let (.truth(x), .truth(y)) where !ordering:
            let eq = op == .eq
            return Typed(type: .bool, code: .truth { c in
                let l = x(c), r = y(c)
                return l == .unknown || r == .unknown ? .unknown : Truth.of((l == r) == eq)
            })
        case let (.string(x), .string(y)):
            for (field, lit) in [(a, b), (b, a)] where !field.values.isEmpty {
                if let s = lit.literal, !field.values.contains(s) {
                    return fail(offset, "'\(s)' is not a possible value; expected one of \(field.values.joined(separator: ", "))")
                }
            }
            if !ordering {
                let eq = op == .eq
                return Typed(type: .bool, code: .truth { c in
                    guard let l = x(c), let r = y(c) else { return .unknown }
                    return Truth.of((l == r) == eq)
                })
            }
            let values = a.values.isEmpty ? b.values : a.values
            guard a.ordered || b.ordered, !values.isEmpty else {
                return fail(offset, "strings compare only with == and != (ordered values such as warning colours allow <, >)")
            }
            let rank: [String: Int] = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
            let cmp: @Sendable (Int, Int) -> Bool = switch op {
            case .lt: { $0 < $1 }
            case .le: { $0 <= $1 }
            case .gt: { $0 > $1 }
            default: { $0 >= $1 }
            }
            return Typed(type: .bool, code: .truth { c in
                guard let l = x(c).flatMap({ rank[$0] }), let r = y(c).flatMap({ rank[$0] }) else { return .unknown }
                return Truth.of(cmp(l, r))
            })
        default:
            let values = a.values.isEmpty ? b.values : a.values
            return fail(offset, (ordering ? "cannot order a \(a.type) and a \(b.type)" : "cannot compare a \(a.type) with a \(b.type)")
                        + (values.isEmpty ? "" : "; expected one of \(values.joined(separator: ", "))"))
        }
    }

    mutating func membership(_ ea: Expr, _ eb: Expr, _ offset: Int) -> Typed? {
        guard case let .list(items, _) = eb else { return fail(eb.offset, "expected a list such as [orange, red] after 'in'") }
        guard let a = compile(ea) else { return nil }
        switch a.code {
        case let .string(x):
            var set: Set<String> = []
            for item in items {
                // Bare names in a list of strings are the values themselves: `warning.colour in [orange, red]`.
                let s: String
                if case let .string(v, _) = item { s = v } else if case let .field(v, _) = item { s = v } else {
                    errors.append(ExpressionError(offset: item.offset, message: "expected a string value in the list"))
                    continue
                }
                if !a.values.isEmpty, !a.values.contains(s) {
                    errors.append(ExpressionError(offset: item.offset, message: "'\(s)' is not a possible value; expected one of \(a.values.joined(separator: ", "))"))
                }
                set.insert(s)
            }
            let members = set
            return Typed(type: .bool, code: .truth { c in x(c).map { Truth.of(members.contains($0)) } ?? .unknown })
        case let .number(x):
            var values: [Double] = []
            for item in items {
                guard let t = compile(item), let code = t.numberCode else { continue }
                if a.type == .level ? t.type != .level : unify(a, t) == nil {
                    errors.append(ExpressionError(offset: item.offset, message: mismatch(a, t)))
                    continue
                }
                values.append(code(EvalContext(facts: FactSet(schema: FactSchema()), now: 0)))
            }
            let members = values
            return Typed(type: .bool, code: .truth { c in let v = x(c); return v.isNaN ? .unknown : Truth.of(members.contains(v)) })
        default:
            return fail(offset, "'in' needs a string, number or level on its left")
        }
    }

    /// `layer.kind` or `layer` or a known kind alone, as written in a spatial predicate.
    mutating func featureClass(_ e: Expr) -> (Layer, String?)? {
        let text: String
        switch e {
        case let .field(n, _): text = n
        case let .string(s, _): text = s
        default:
            _ = fail(e.offset, "expected a layer or layer.kind such as facilities.school")
            return nil
        }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if let layer = Layer(name: parts[0]) {
            let kind = parts.count > 1 ? parts[1] : nil
            if let kind, let known = env.catalog.kinds[layer], !known.contains(kind) {
                _ = fail(e.offset, "layer \(layer) has no kind '\(kind)'; expected one of \(known.sorted().joined(separator: ", "))")
                return nil
            }
            return (layer, kind)
        }
        let holders = env.catalog.kinds.filter { $0.value.contains(text) }.map(\.key)
        if holders.count == 1 { return (holders[0], text) }
        _ = fail(e.offset, holders.isEmpty
                 ? "'\(text)' is neither a layer (\(Layer.allCases.map(\.rawValue).joined(separator: ", "))) nor a known kind"
                 : "kind '\(text)' is in several layers; write layer.kind (\(holders.map { "\($0).\(text)" }.sorted().joined(separator: ", ")))")
        return nil
    }

    mutating func call(_ name: String, _ args: [Expr], _ offset: Int) -> Typed? {
        func arity(_ n: Int, _ usage: String) -> Bool {
            if args.count == n { return true }
            errors.append(ExpressionError(offset: offset, message: "\(name) takes \(n) argument\(n == 1 ? "" : "s"): \(usage)"))
            return false
        }
        switch name {
        case "within":
            guard arity(2, "within(500 m, facilities.school)") else { return nil }
            let d = compile(args[0])
            guard let fc = featureClass(args[1]), let d else { return nil }
            guard d.type == .number(.length), let dist = d.numberCode else {
                return fail(args[0].offset, "expected a distance such as 500 m, found a \(d.type)")
            }
            let (layer, kind) = fc
            return Typed(type: .bool, code: .truth { c in
                guard let at = c.location, let s = c.spatial else { return .unknown }
                guard let m = s.distanceMetres(from: at, toNearest: layer, kind: kind) else { return .no }
                let r = dist(c)
                return r.isNaN ? .unknown : Truth.of(m <= r)
            })
        case "distance_to":
            guard arity(1, "distance_to(hazards.chemical_store)"), let (layer, kind) = featureClass(args[0]) else { return nil }
            return Typed(type: .number(.length), code: .number { c in
                guard let at = c.location, let s = c.spatial, let m = s.distanceMetres(from: at, toNearest: layer, kind: kind) else { return .nan }
                return m
            })
        case "inside":
            guard arity(1, "inside(\"ex:fire_district/02\")") else { return nil }
            guard case let .string(id, o) = args[0] else { return fail(args[0].offset, "expected a district id in quotes, e.g. \"ex:fire_district/02\"") }
            if !env.catalog.districts.isEmpty, !env.catalog.districts.contains(id) {
                return fail(o, "unknown district '\(id)'; expected one of the districts in Plans/catalog.yaml")
            }
            return Typed(type: .bool, code: .truth { c in
                guard let at = c.location, let s = c.spatial else { return .unknown }
                return Truth.of(s.isInside(at, district: id))
            })
        case "since":
            guard arity(1, "since(alarm.first_at)"), let t = compile(args[0]) else { return nil }
            guard t.type == .time, let code = t.numberCode else { return fail(args[0].offset, "since() needs a time fact, found a \(t.type)") }
            return Typed(type: .number(.duration), code: .number { c in c.now - code(c) })
        case "hour":
            guard arity(0, "hour() — the local hour 0–23 now") else { return nil }
            return Typed(type: .number(.none), code: .number { c in floor(((c.now + c.utcOffsetSeconds) / 3600).truncatingRemainder(dividingBy: 24)) })
        case "known":
            guard arity(1, "known(incident.deaths)") else { return nil }
            guard case let .field(f, o) = args[0] else { return fail(args[0].offset, "known() takes a fact name") }
            guard let field = env.schema[f] else { return fail(o, "unknown field '\(f)'" + FactSet.hint(env.schema.suggestions(for: f))) }
            let slot = field.slot
            if field.type == .string { return Typed(type: .bool, code: .truth { c in Truth.of(c.facts.strings[slot] != nil) }) }
            return Typed(type: .bool, code: .truth { c in Truth.of(!c.facts.numbers[slot].isNaN) })
        case "min", "max":
            guard arity(2, "\(name)(a, b)") else { return nil }
            guard let a = compile(args[0]), let b = compile(args[1]), let x = a.numberCode, let y = b.numberCode,
                  case .number = a.type, let d = unify(a, b) else { return fail(offset, "\(name) needs two numbers of one dimension") }
            let isMin = name == "min"
            return Typed(type: .number(d), bare: a.bare && b.bare, code: .number { c in
                let l = x(c), r = y(c)
                return l.isNaN || r.isNaN ? .nan : (isMin ? Swift.min(l, r) : Swift.max(l, r))
            })
        case "abs":
            guard arity(1, "abs(x)"), let a = compile(args[0]) else { return nil }
            guard case .number = a.type, let x = a.numberCode else { return fail(offset, "abs needs a number") }
            return Typed(type: a.type, bare: a.bare, code: .number { c in Swift.abs(x(c)) })
        default:
            return fail(offset, "unknown function '\(name)'; expected within, distance_to, inside, since, hour, known, min, max or abs")
        }
    }
}

/// Every error in one expression.
public struct ExpressionErrors: Error, Sendable {
    public let errors: [ExpressionError]
}
