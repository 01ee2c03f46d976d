import Foundation

/// Text and attribute escaping and number formatting for hand-written HTML and SVG. Pure functions, O(length).
public enum Markup {
    /// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate in SVG user units with one decimal (0.1 px is below what a screen shows).
    public static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A number for people to read: `1,234`, `12.5`, `0.42`.
    public static func number(_ v: Double, decimals: Int? = nil) -> String {
        let d = decimals ?? (abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : 2)
        let f = NumberFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.numberStyle = .decimal
        f.usesGroupingSeparator = true
        f.groupingSeparator = ","
        f.minimumFractionDigits = 0
        f.maximumFractionDigits = d
        return f.string(from: NSNumber(value: v)) ?? String(v)
    }
}

/// A rectangle in SVG user units.
public struct PlotRect: Sendable, Hashable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}
