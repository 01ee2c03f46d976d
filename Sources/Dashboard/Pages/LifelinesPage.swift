import Engine

/// 生命线: water mains and gas pipes on the map with the sensors (alarmed ones red), sensor readings against their
/// thresholds, and the isolations the active incidents' plans ask for.
enum LifelinesPage {
    static func render(_ c: PageContext) -> String {
        let s = c.situation
        let sensors = s.sensors.sorted { ($0.alarm != nil ? 0 : $0.latest != nil ? 1 : 2, $0.feature.id) < ($1.alarm != nil ? 0 : $1.latest != nil ? 1 : 2, $1.feature.id) }
        var table = "<table><tr><th>\(c.t("sensor"))</th><th>\(c.t("sensor_kind"))</th><th class=\"num\">\(c.t("latest"))</th><th class=\"num\">\(c.t("thresholds"))</th><th>\(c.t("state"))</th></tr>"
        for x in sensors.prefix(12) {
            let value = x.latest.map { Markup.number($0.value) + " " + Markup.escape(x.unit) } ?? "—"
            let limits = switch (x.low, x.high) {
            case let (l?, h?): "\(Markup.number(l))–\(Markup.number(h))"
            case let (l?, nil): "≥ \(Markup.number(l))"
            case let (nil, h?): "≤ \(Markup.number(h))"
            default: ""
            }
            let state = x.alarm.map { "<b class=\"bad\">\(c.t("alarm_" + $0))</b>" } ?? (x.latest == nil ? "<span class=\"muted\">\(c.t("no_readings"))</span>" : "<span class=\"ok\">\(c.t("normal"))</span>")
            table += "<tr><td>\(c.name(x.feature))</td><td>\(c.t("sensor_" + x.feature.kind))</td>"
                + "<td class=\"num\">\(value)</td><td class=\"num muted\">\(limits)</td><td>\(state)</td></tr>"
        }
        table += "</table>"
        if sensors.count > 12 { table += "<div class=\"note\">\(c.t("more_sensors")): \(sensors.count - 12)</div>" }
        if sensors.isEmpty { table = "<div class=\"empty\">\(c.t("no_sensors"))</div>" }

        let alarms = s.sensors.filter { $0.alarm != nil }.count
        let withReadings = s.sensors.filter { $0.latest != nil }.count
        let tiles = "<div class=\"tiles\">" + c.tile(String(alarms), "sensor_alarms", tone: alarms > 0 ? "bad" : "good")
            + c.tile(String(withReadings), "sensors_reporting", sub: "\(c.t("of")) \(s.sensors.count)")
            + c.tile(Markup.number(s.pipes.reduce(0) { $0 + ($1.properties["length_m"]?.doubleValue ?? 0) } / 1000, decimals: 0), "km_mains_shown") + "</div>"

        var isolations = ""
        for i in s.activeIncidents {
            for t in i.tasks where t.action == "isolate" {
                isolations += "<tr><td>\(c.levelBadge(i.level)) \(c.incidentName(i.feature))</td><td>\(c.t("network_" + (t.parameters["network"] ?? "other")))</td>"
                    + "<td>\(Markup.escape(t.text))</td><td>\(c.hm(t.dueAt))</td></tr>"
            }
        }
        isolations = isolations.isEmpty ? "<div class=\"empty\">\(c.t("no_isolations"))</div>"
            : "<table><tr><th>\(c.t("incident"))</th><th>\(c.t("network"))</th><th>\(c.t("task"))</th><th>\(c.t("due"))</th></tr>\(isolations)</table>"
            + "<div class=\"note\">beacon isolate --at LON,LAT --network water|gas</div>"

        let map = SituationMap(context: c, layers: [.pipes, .sensors], widthPx: 1000, heightPx: 720).svg()
        let body = c.panel("lifeline_map", note: c.t("lifeline_map_note"), map)
            + "<div class=\"stack\">" + tiles + c.panel("sensors_alarms", table) + c.panel("isolations", isolations) + "</div>"
        return PageShell.html(.lifelines, c, mainClass: "two", body: body)
    }
}
