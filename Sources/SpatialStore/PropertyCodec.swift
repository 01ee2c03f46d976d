import SpatialCore

/// Flat JSON objects of scalar properties, as kept in each layer's `props` column.
///
/// Reals are always written with a decimal point or exponent, so a round trip keeps `.integer` and
/// `.real` apart; `null` values are dropped. O(n) in the text length.
enum PropertyCodec {
    static func encode(_ properties: [(String, PropertyValue)]) -> String {
        guard !properties.isEmpty else { return "{}" }
        return "{" + properties.map { key, value in
            let v: String
            if case let .real(d) = value {
                if !d.isFinite { v = "null" } else {
                    let s = d.formatted(significantDigits: 17)
                    v = s.contains(".") || s.contains("e") ? s : s + ".0"
                }
            } else {
                v = GeoJSON.json(value)
            }
            return GeoJSON.quote(key) + ":" + v
        }.joined(separator: ",") + "}"
    }

    static func decode(_ text: String) throws(StoreError) -> [String: PropertyValue] {
        var p = Parser(bytes: Array(text.utf8))
        return try p.object()
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        func fail(_ why: String) -> StoreError {
            StoreError(message: "props JSON is malformed at byte \(i): \(why)")
        }

        mutating func skipSpace() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

        mutating func expect(_ c: UInt8) throws(StoreError) {
            skipSpace()
            guard i < bytes.count, bytes[i] == c else { throw fail("expected '\(Character(UnicodeScalar(c)))'") }
            i += 1
        }

        mutating func object() throws(StoreError) -> [String: PropertyValue] {
            var out: [String: PropertyValue] = [:]
            try expect(UInt8(ascii: "{"))
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return out }
            while true {
                skipSpace()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                if let v = try value() { out[key] = v }
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return out }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func value() throws(StoreError) -> PropertyValue? {
            guard i < bytes.count else { throw fail("missing value") }
            switch bytes[i] {
            case UInt8(ascii: "\""): return .text(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return nil
            default:
                let start = i
                var isReal = false
                while i < bytes.count, let c = Optional(bytes[i]),
                      (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 {
                    if c == 0x2E || c == 0x65 || c == 0x45 { isReal = true }
                    i += 1
                }
                let s = String(decoding: bytes[start..<i], as: UTF8.self)
                if !isReal, let n = Int64(s) { return .integer(n) }
                guard let d = Double(s) else { throw fail("bad number '\(s)'") }
                return .real(d)
            }
        }

        mutating func literal(_ word: String) throws(StoreError) {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw fail("expected \(word)") }
            i += w.count
        }

        mutating func string() throws(StoreError) -> String {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, var code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
                    else { throw fail("bad \\u escape") }
                    i += 4
                    // A UTF-16 surrogate pair.
                    if (0xD800..<0xDC00).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"),
                       let low = UInt32(String(decoding: bytes[i + 2..<i + 6], as: UTF8.self), radix: 16) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                    out.append(contentsOf: Array(String(UnicodeScalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            }
            throw fail("unterminated string")
        }
    }
}
