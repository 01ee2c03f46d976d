import Engine
import Foundation
import SpatialCore

/// What every page renderer gets: the situation, the language and helpers for labels, names and times.
struct PageContext {
    let situation: Situation
    let options: DashboardOptions
    var language: DashboardLanguage { options.language }

    /// A label from the table (``Labels``), escaped for HTML.
    func t(_ key: String) -> String { Markup.escape(Labels.text(key, language)) }

    /// A feature's name in the page's language (`name_en` for English when there is one), escaped.
    func name(_ f: Feature) -> String {
        if language == .en, let en = f.properties["name_en"]?.textValue, !en.isEmpty { return Markup.escape(en) }
        return Markup.escape(f.name ?? f.id)
    }

    /// An incident's type name in the page's language (stored as `中文 English`), escaped.
    func incidentName(_ f: Feature) -> String {
        let name = f.name ?? f.kind
        guard let space = name.firstIndex(of: " ") else { return Markup.escape(name) }
        return Markup.escape(language == .zh ? String(name[..<space]) : String(name[name.index(after: space)...]))
    }

    /// `2025-08-09 14:30` in China time.
    func clock(_ t: Double?, seconds: Bool = false) -> String {
        guard let t else { return "—" }
        let iso = IncidentOpening.iso(t.rounded(.down))
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(seconds ? 8 : 5))
    }

    /// `14:30` in China time.
    func hm(_ t: Double?) -> String {
        guard let t else { return "—" }
        return String(IncidentOpening.iso(t.rounded(.down)).dropFirst(11).prefix(5))
    }

    /// A level badge `<span class="lv lvII">Ⅱ</span>`.
    func levelBadge(_ level: String) -> String {
        let roman = ["I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"][level] ?? level
        return "<span class=\"lv lv\(Markup.escape(level))\">\(roman)</span>"
    }

    /// A unit-status badge coloured like the map's unit markers.
    func statusBadge(_ status: String) -> String {
        "<span class=\"st\" style=\"background:\(Theme.statusColour(status))\">\(t("status_" + status))</span>"
    }

    /// A big-numeral tile.
    func tile(_ value: String, _ labelKey: String, sub: String = "", tone: String = "") -> String {
        "<div class=\"tile \(tone)\"><div class=\"v\">\(value)</div><div class=\"k\">\(t(labelKey))</div>"
            + (sub.isEmpty ? "" : "<div class=\"s\">\(sub)</div>") + "</div>"
    }

    /// The sensor-alarm tile of the overview and lifelines pages: alarms standing at the end of their data, with the
    /// episodes `beacon alarms` lists for the scope (Engine `SensorAlarms.evaluate`).
    func alarmTile() -> String {
        let standing = situation.standingAlarms.count
        return tile(String(standing), "sensor_alarms", sub: "\(t("alarm_episodes_short")) \(situation.sensorAlarms.count) · \(t("sensors")) \(situation.sensors.count)",
                    tone: standing > 0 ? "bad" : "good")
    }

    /// A panel with a title.
    func panel(_ titleKey: String, note: String = "", _ body: String, style: String = "") -> String {
        "<section class=\"panel\"\(style.isEmpty ? "" : " style=\"\(style)\"")><h2>\(t(titleKey))"
            + (note.isEmpty ? "" : "<small>\(note)</small>") + "</h2>\(body)</section>"
    }
}

/// The HTML around every page: head with the inline stylesheet, a content-security policy that forbids every fetch
/// and every script, the kiosk refresh, the header with city, district and time, the page links and a footer.
enum PageShell {
    static func html(_ page: DashboardPage, _ c: PageContext, mainClass: String, body: String) -> String {
        let s = c.situation
        var head = "<!doctype html><html lang=\"\(c.language == .zh ? "zh-CN" : "en")\"><head><meta charset=\"utf-8\">"
        head += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        head += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        if let k = c.options.kioskSeconds { head += "<meta http-equiv=\"refresh\" content=\"\(k);url=\(page.next.fileName)\">" }
        head += "<title>\(c.t("page_" + page.rawValue)) · \(c.t("title"))</title><style>\(Theme.css)</style></head>"
        let scope = s.scope.isCity ? c.t("whole_city") : Markup.escape(s.scope.districtName ?? s.scope.districtID ?? "")
        var header = "<header><h1>\(c.t("title"))</h1><div class=\"scope\">\(Markup.escape(s.cityName)) · \(scope)</div>"
        header += "<div class=\"clock\">\(c.t("as_of")) \(c.clock(s.generatedAt.timeIntervalSince1970))"
        if let k = c.options.kioskSeconds { header += " <span class=\"muted\">· \(c.t("kiosk")) \(k) s</span>" }
        header += "</div></header><nav>"
        for p in DashboardPage.allCases {
            header += "<a href=\"\(p.fileName)\"\(p == page ? " class=\"on\"" : "")>\(c.t("page_" + p.rawValue))</a>"
        }
        header += "</nav>"
        let footer = "<footer>\(c.t("footer")) · beacon dashboard · \(Markup.escape(c.clock(s.generatedAt.timeIntervalSince1970, seconds: true)))</footer>"
        return head + "<body>" + header + "<main class=\"\(mainClass)\">" + body + "</main>" + footer + "</body></html>"
    }
}
