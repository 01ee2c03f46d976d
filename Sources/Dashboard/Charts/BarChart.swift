/// Horizontal bars in SVG, one per row, with the value printed at the bar's end and an optional target mark
/// (a standard or a need). Colours come from CSS classes per bar (`bar`, plus the row's class). O(rows).
public struct BarChart: Sendable {
    public struct Bar: Sendable, Hashable {
        public let label: String
        public let value: Double
        /// Printed at the end of the bar (defaults to the value).
        public let text: String
        /// A vertical mark at this value (a standard, a need).
        public let target: Double?
        /// Extra CSS class (`lvI`, `over`, `ok` …).
        public let cssClass: String
        public init(label: String, value: Double, text: String? = nil, target: Double? = nil, cssClass: String = "") {
            self.label = label
            self.value = value
            self.text = text ?? Markup.number(value)
            self.target = target
            self.cssClass = cssClass
        }
    }

    public var bars: [Bar]
    /// Width of the label column in pixels.
    public var labelWidth: Double = 220

    public init(bars: [Bar]) { self.bars = bars }

    /// The chart as an `<svg>`; rows share the height evenly (at most 56 px each).
    public func svg(width: Double, height: Double) -> String {
        let rowH = bars.isEmpty ? 0 : min(56, height / Double(bars.count))
        let h = max(rowH * Double(bars.count), 1)
        let maxV = max(bars.map { max($0.value, $0.target ?? 0) }.max() ?? 1, 1e-9)
        let plotX = labelWidth + 8, plotW = width - plotX - 110
        var s = "<svg class=\"chart\" width=\"\(Markup.n(width))\" height=\"\(Markup.n(h))\" viewBox=\"0 0 \(Markup.n(width)) \(Markup.n(h))\">"
        for (i, b) in bars.enumerated() {
            let y = Double(i) * rowH
            let w = max(b.value / maxV * plotW, b.value > 0 ? 3 : 0)
            s += "<text class=\"blabel\" x=\"\(Markup.n(labelWidth))\" y=\"\(Markup.n(y + rowH * 0.62))\" text-anchor=\"end\">\(Markup.escape(b.label))</text>"
            s += "<rect class=\"bar \(b.cssClass)\" x=\"\(Markup.n(plotX))\" y=\"\(Markup.n(y + rowH * 0.18))\" width=\"\(Markup.n(w))\" height=\"\(Markup.n(rowH * 0.64))\" rx=\"3\"/>"
            s += "<text class=\"bval\" x=\"\(Markup.n(plotX + w + 8))\" y=\"\(Markup.n(y + rowH * 0.64))\">\(Markup.escape(b.text))</text>"
            if let t = b.target {
                let tx = plotX + t / maxV * plotW
                s += "<line class=\"target\" x1=\"\(Markup.n(tx))\" x2=\"\(Markup.n(tx))\" y1=\"\(Markup.n(y + 4))\" y2=\"\(Markup.n(y + rowH - 4))\"/>"
            }
        }
        return s + "</svg>"
    }
}
