import Foundation

/// Parses decimal numbers from bytes: `-12.5`, `3,41` (when a decimal comma is allowed), `1e-3`.
/// Correctly rounded for up to 15 significant digits (mantissa < 2⁵³ over an exact power of ten); longer
/// numbers fall back to the standard library. O(length), no allocation.
enum NumberParser {
    enum Result { case number(Double), missing, invalid }

    private static let powers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Result {
        var i = 0, n = b.count
        while i < n, b[i] == 32 || b[i] == 34 { i += 1 }           // spaces, quotes
        while n > i, b[n - 1] == 32 || b[n - 1] == 34 { n -= 1 }
        if i == n { return .missing }
        let c0 = b[i] | 0x20
        if c0 == UInt8(ascii: "n") {                                 // NA, NaN, null
            let word = String(decoding: UnsafeBufferPointer(rebasing: b[i..<n]), as: UTF8.self).lowercased()
            return ["na", "nan", "null", "n/a"].contains(word) ? .missing : .invalid
        }
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var seenPoint = false
        let start = i
        while i < n {
            let c = b[i]
            if c >= 48, c <= 57 {
                if digits < 18 { mantissa = mantissa * 10 + UInt64(c - 48); digits += mantissa > 0 ? 1 : 0; if seenPoint { fraction += 1 } }
                else if !seenPoint { return fallback(b, i: start, n: n, negative: negative, decimalComma: decimalComma) }
            } else if (c == UInt8(ascii: ".") || (decimalComma && c == UInt8(ascii: ","))) && !seenPoint {
                seenPoint = true
            } else { break }
            i += 1
        }
        guard i > start, !(i == start + 1 && seenPoint) else { return .invalid }
        var exponent = 0
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var eneg = false
            if i < n, b[i] == UInt8(ascii: "-") { eneg = true; i += 1 } else if i < n, b[i] == UInt8(ascii: "+") { i += 1 }
            let es = i
            while i < n, b[i] >= 48, b[i] <= 57, exponent < 400 { exponent = exponent * 10 + Int(b[i] - 48); i += 1 }
            guard i > es else { return .invalid }
            if eneg { exponent = -exponent }
        }
        guard i == n else { return .invalid }
        let e = exponent - fraction
        if digits > 15 || abs(e) > 22 { return fallback(b, i: start, n: n, negative: negative, decimalComma: decimalComma) }
        var v = Double(mantissa)
        v = e < 0 ? v / powers[-e] : v * powers[e]
        return .number(negative ? -v : v)
    }

    private static func fallback(_ b: UnsafeBufferPointer<UInt8>, i: Int, n: Int, negative: Bool, decimalComma: Bool) -> Result {
        var s = String(decoding: UnsafeBufferPointer(rebasing: b[i..<n]), as: UTF8.self)
        if decimalComma { s = s.replacingOccurrences(of: ",", with: ".") }
        guard let v = Double(s), v.isFinite else { return .invalid }
        return .number(negative ? -v : v)
    }
}
