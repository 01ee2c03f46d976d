import Engine

/// 趋势: sensor series with Holt–Winters bands, thresholds and alarm marks, and incidents per day.
enum TrendsPage {
    /// `eligible`: how many series could have been shown (the page says how many it shows of them).
    static func render(_ c: PageContext, panels: [TrendPanel], eligible: Int) -> String {
        var body = ""
        for p in panels {
            let latest = p.latest ?? p.observed.last
            let value = latest.map { Markup.number($0.value) + " " + Markup.escape(p.unit) } ?? "—"
            var note = "\(c.t("latest")) <b style=\"color:#e6edf7;font-size:20px\">\(value)</b>"
            if let t = p.latest?.t { note += " <span class=\"nowrap\">\(c.clock(t))</span>" }
            if p.id != "incidents-per-day" {
                note += " · <span class=\"nowrap\">\(c.t("alarms")) \(p.alarmCount)"
                    + (p.standingAlarmCount > 0 ? " <b class=\"bad\">\(c.t("standing")) \(p.standingAlarmCount)</b>" : "") + "</span>"
            }
            let tip = p.command.isEmpty ? "" : " title=\"\(Markup.escape(p.command))\""
            body += "<section class=\"panel\"><h2\(tip)>\(Markup.escape(p.title))<small>\(note)</small></h2>\(p.chart().svg(width: 580, height: 280))"
                + "<div class=\"legend\"><span><i class=\"sq\" style=\"background:#7dd3fc;height:4px\"></i>\(c.t("observed"))</span>"
                + (p.forecast.isEmpty ? "" : "<span><i class=\"sq\" style=\"background:#c084fc\"></i>\(c.t("forecast_band"))</span>")
                + (p.id == "incidents-per-day" ? "" : "<span><i style=\"border:3px solid #ff3b3b;background:none\"></i>\(c.t("alarm_raised"))</span>")
                + "</div>"
                + (p.note.isEmpty ? "" : "<div class=\"note warn\">\(Markup.escape(p.note))</div>")
                + "<div class=\"note\">\(Markup.escape(p.method))</div></section>"
        }
        let sensorPanels = panels.filter { $0.id != "incidents-per-day" }.count
        if sensorPanels == 0 {
            body += c.panel("sensor_series", "<div class=\"empty\">\(c.t("no_readings_hint"))</div>")
        } else if eligible > sensorPanels {
            body += "<div class=\"note\" style=\"grid-column:1/-1\">\(c.t("series_shown")) \(sensorPanels) / \(eligible) · beacon series list</div>"
        }
        return PageShell.html(.trends, c, mainClass: "cols3 top", body: body)
    }
}
