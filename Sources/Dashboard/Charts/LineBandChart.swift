import Foundation

/// A time-series chart in SVG: observed line, a forecast line with its prediction band, threshold lines and
/// anomaly markers. Times are seconds since 1970; the x axis labels use `utcOffsetSeconds` (China time by default).
/// O(points) to draw; colours come from the page's CSS classes (`.obs`, `.fc`, `.band`, `.thr`, `.anom`).
public struct LineBandChart: Sendable {
    public struct Point: Sendable, Hashable {
        public let t: Double
        public let value: Double
        public init(t: Double, value: Double) {
            self.t = t
            self.value = value
        }
    }
    /// A forecast step: the point forecast, its lower and upper prediction bounds, and optionally a narrower inner
    /// interval (80 % inside a 95 % band) drawn darker.
    public struct BandPoint: Sendable, Hashable {
        public let t: Double
        public let mean: Double
        public let lower: Double
        public let upper: Double
        public let lower80: Double?
        public let upper80: Double?
        public init(t: Double, mean: Double, lower: Double, upper: Double, lower80: Double? = nil, upper80: Double? = nil) {
            self.t = t
            self.mean = mean
            self.lower = lower
            self.upper = upper
            self.lower80 = lower80
            self.upper80 = upper80
        }
    }

    public var observed: [Point]
    public var forecast: [BandPoint] = []
    /// Horizontal lines with a label (alarm low / high).
    public var thresholds: [(value: Double, label: String)] = []
    /// Times of observed points to mark as anomalies.
    public var anomalies: [Point] = []
    public var unit: String = ""
    /// Band and forecast line are drawn no lower than this (a count or a rain rate is never negative).
    public var floor: Double?
    public var utcOffsetSeconds: Double = 8 * 3600

    public init(observed: [Point]) { self.observed = observed }

    /// The chart as an `<svg>` element of `width` × `height` pixels.
    public func svg(width: Double, height: Double) -> String {
        let plot = PlotRect(x: 64, y: 26, width: width - 80, height: height - 56)
        let times = observed.map(\.t) + forecast.map(\.t)
        let cut = floor ?? -.infinity
        var values = observed.map(\.value) + forecast.flatMap { [max(cut, $0.lower), max(cut, $0.upper)] } + thresholds.map(\.value)
        if values.isEmpty { values = [0, 1] }
        guard let t0 = times.min(), let t1 = times.max() else {
            return "<svg class=\"chart\" width=\"\(Markup.n(width))\" height=\"\(Markup.n(height))\" viewBox=\"0 0 \(Markup.n(width)) \(Markup.n(height))\"></svg>"
        }
        var lo = values.min()!, hi = values.max()!
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.08
        lo -= pad; hi += pad
        let span = max(t1 - t0, 1)
        func x(_ t: Double) -> Double { plot.x + (t - t0) / span * plot.width }
        func y(_ v: Double) -> Double { plot.y + (hi - v) / (hi - lo) * plot.height }

        var s = "<svg class=\"chart\" width=\"\(Markup.n(width))\" height=\"\(Markup.n(height))\" viewBox=\"0 0 \(Markup.n(width)) \(Markup.n(height))\">"
        for v in Self.ticks(lo, hi, count: 4) {
            s += "<line class=\"grid\" x1=\"\(Markup.n(plot.x))\" x2=\"\(Markup.n(plot.x + plot.width))\" y1=\"\(Markup.n(y(v)))\" y2=\"\(Markup.n(y(v)))\"/>"
            s += "<text class=\"tick\" x=\"\(Markup.n(plot.x - 6))\" y=\"\(Markup.n(y(v) + 5))\" text-anchor=\"end\">\(Markup.number(abs(v) < 1e-12 ? 0 : v))</text>"
        }
        for i in 0...4 {
            let t = t0 + span * Double(i) / 4
            let anchor = i == 0 ? "start" : i == 4 ? "end" : "middle"
            s += "<text class=\"tick\" x=\"\(Markup.n(x(t)))\" y=\"\(Markup.n(plot.y + plot.height + 22))\" text-anchor=\"\(anchor)\">\(clock(t, span: span))</text>"
        }
        if !forecast.isEmpty {
            func band(_ cls: String, _ lo: (BandPoint) -> Double, _ hi: (BandPoint) -> Double) -> String {
                let upper = forecast.map { "\(Markup.n(x($0.t))) \(Markup.n(y(max(cut, hi($0)))))" }
                let lower = forecast.reversed().map { "\(Markup.n(x($0.t))) \(Markup.n(y(max(cut, lo($0)))))" }
                return "<path class=\"\(cls)\" d=\"M" + (upper + lower).joined(separator: "L") + "Z\"/>"
            }
            s += band("band", \.lower, \.upper)
            if forecast.allSatisfy({ $0.lower80 != nil && $0.upper80 != nil }) { s += band("band80", { $0.lower80! }, { $0.upper80! }) }
            var line = forecast.map { (x($0.t), y(max(cut, $0.mean))) }
            if let last = observed.last { line.insert((x(last.t), y(last.value)), at: 0) }
            s += "<path class=\"fc\" d=\"M" + line.map { "\(Markup.n($0.0)) \(Markup.n($0.1))" }.joined(separator: "L") + "\"/>"
        }
        for th in thresholds {
            s += "<line class=\"thr\" x1=\"\(Markup.n(plot.x))\" x2=\"\(Markup.n(plot.x + plot.width))\" y1=\"\(Markup.n(y(th.value)))\" y2=\"\(Markup.n(y(th.value)))\"/>"
            s += "<text class=\"thrl\" x=\"\(Markup.n(plot.x + plot.width - 4))\" y=\"\(Markup.n(y(th.value) - 5))\" text-anchor=\"end\">\(Markup.escape(th.label))</text>"
        }
        if !observed.isEmpty {
            s += "<path class=\"obs\" d=\"M" + observed.map { "\(Markup.n(x($0.t))) \(Markup.n(y($0.value)))" }.joined(separator: "L") + "\"/>"
        }
        for a in anomalies {
            s += "<circle class=\"anom\" cx=\"\(Markup.n(x(a.t)))\" cy=\"\(Markup.n(y(a.value)))\" r=\"6\"/>"
        }
        if !unit.isEmpty { s += "<text class=\"tick\" x=\"4\" y=\"13\">\(Markup.escape(unit))</text>" }
        return s + "</svg>"
    }

    /// `HH:mm` for spans up to a day, `MM-dd HH:mm` up to four days, else `MM-dd`.
    private func clock(_ t: Double, span: Double) -> String {
        let local = Int((t + utcOffsetSeconds).rounded(.down))
        let day = ((local % 86_400) + 86_400) % 86_400
        let hm = String(format: "%02d:%02d", day / 3600, day / 60 % 60)
        if span <= 86_400 { return hm }
        let instant = Date(timeIntervalSince1970: Double(local))
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = cal.dateComponents([.month, .day], from: instant)
        let date = String(format: "%02d-%02d", c.month ?? 0, c.day ?? 0)
        return span <= 4 * 86_400 ? date + " " + hm : date
    }

    /// `count + 1` round tick values covering `lo … hi` (steps of 1, 2 or 5 × 10ⁿ).
    static func ticks(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        var v = (lo / step).rounded(.up) * step
        var out: [Double] = []
        while v <= hi + 1e-9 { out.append(v); v += step }
        return out
    }
}
