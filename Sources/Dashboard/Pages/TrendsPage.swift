import Engine

/// 趋势: sensor series with forecast bands, thresholds and anomalies, and incidents per day.
enum TrendsPage {
    static func render(_ c: PageContext, panels: [TrendPanel]) -> String {
        var body = ""
        for p in panels {
            let last = p.observed.last.map { Markup.number($0.value) + " " + Markup.escape(p.unit) } ?? "—"
            let note = "\(c.t("latest")) <b style=\"color:#e6edf7;font-size:20px\">\(last)</b> · \(c.t("anomalies")) \(p.anomalies.count)"
            body += "<section class=\"panel\"><h2>\(Markup.escape(p.title))<small>\(note)</small></h2>\(p.chart().svg(width: 580, height: 300))"
                + "<div class=\"legend\"><span><i class=\"sq\" style=\"background:#7dd3fc;height:4px\"></i>\(c.t("observed"))</span>"
                + "<span><i class=\"sq\" style=\"background:#c084fc\"></i>\(c.t("forecast_band"))</span>"
                + "<span><i style=\"border:3px solid #ff3b3b;background:none\"></i>\(c.t("anomaly"))</span>"
                + "<span class=\"muted\">\(Markup.escape(p.method))</span></div></section>"
        }
        if !panels.contains(where: { $0.id != "incidents-per-day" }) {
            body += c.panel("sensor_series", "<div class=\"empty\">\(c.t("no_readings_hint"))</div>")
        }
        return PageShell.html(.trends, c, mainClass: "cols3 top", body: body)
    }
}
