import Foundation

/// One run-card row: in `area` (a district id or `*`), for incidents under `typePrefix`, between `fromMinute`
/// and `toMinute` of the local day (wrapping past midnight when from > to), send these unit types and counts.
public struct RunCard: Sendable, Hashable {
    public let area: String
    public let typePrefix: String
    public let fromMinute: Int
    public let toMinute: Int
    public let units: [String: Int]
    public let note: String
    public let location: SourceLocation

    /// Length of the time window in minutes (a narrower window is more specific).
    var windowMinutes: Int { fromMinute <= toMinute ? toMinute - fromMinute : 1440 - fromMinute + toMinute }

    func covers(minute: Int) -> Bool {
        fromMinute <= toMinute ? (minute >= fromMinute && minute < toMinute) : (minute >= fromMinute || minute < toMinute)
    }
}

/// The run cards of a city (Plans/run_cards.csv): area × incident type × time window → unit types and counts.
public struct RunCards: Sendable {
    public let cards: [RunCard]

    /// The best card for an incident: a named district beats `*`, a longer type prefix a shorter one, a narrower window a wider.
    /// `districts` are the districts the incident lies in; `minuteOfDay` local. O(cards).
    public func requirement(typeCode: String, districts: Set<String>, minuteOfDay: Int) -> RunCard? {
        let type = IncidentType(code: typeCode, nameZh: "", nameEn: "", aliases: [])
        return cards.filter { ($0.area == "*" || districts.contains($0.area)) && type.isCovered(by: $0.typePrefix) && $0.covers(minute: minuteOfDay) }
            .max { a, b in
                (a.area == "*" ? 0 : 1, a.typePrefix.count, -a.windowMinutes) < (b.area == "*" ? 0 : 1, b.typePrefix.count, -b.windowMinutes)
            }
    }
}

extension LibraryLoader {
    /// Reads run_cards.csv: `area,incident_type,from,to,<unit types…>,note`; every cell is checked.
    mutating func readRunCards(file: String, text: String) {
        let source = SourceText(file: file, text: text)
        func err(_ line: Int, _ column: Int, _ message: String) {
            sink.error(SourceLocation(file: file, line: line, column: column), message, in: source)
        }
        let rows = source.lines.enumerated().filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty && !$0.element.hasPrefix("#") }
        guard let (headerIndex, headerLine) = rows.first else { err(1, 1, "run_cards.csv is empty; expected a header line"); return }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard header.count >= 5, Array(header.prefix(4)) == ["area", "incident_type", "from", "to"], header.last == "note" else {
            err(headerIndex + 1, 1, "run_cards.csv header must be area,incident_type,from,to,<unit types…>,note")
            return
        }
        let unitColumns = Array(header[4..<(header.count - 1)])
        var col = header.prefix(4).reduce(0) { $0 + $1.count + 1 } + 1
        for u in unitColumns {
            if !catalog.unitTypes.isEmpty, !catalog.unitTypes.contains(u) {
                err(headerIndex + 1, col, "unknown unit type '\(u)'; expected one of \(catalog.unitTypes.joined(separator: ", "))")
            }
            col += u.count + 1
        }
        func minutes(_ s: String) -> Int? {
            let p = s.split(separator: ":")
            guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
            return h * 60 + m
        }
        for (index, line) in rows.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var starts: [Int] = []
            var c = 1
            for cell in cells { starts.append(c); c += cell.unicodeScalars.count + 1 }
            let n = index + 1
            guard cells.count == header.count else {
                err(n, 1, "expected \(header.count) columns (\(header.joined(separator: ","))), found \(cells.count)")
                continue
            }
            let t = cells.map { $0.trimmingCharacters(in: .whitespaces) }
            if t[0] != "*", !catalog.districts.isEmpty, !catalog.districts.contains(t[0]) {
                err(n, starts[0], "unknown area '\(t[0])'; expected * or a district of Plans/catalog.yaml")
            }
            if !types.isEmpty, !types.contains(where: { $0.isCovered(by: t[1]) }) {
                err(n, starts[1], "incident type '\(t[1])' covers no type of incident_types.yaml")
            }
            let from = minutes(t[2]), to = minutes(t[3])
            if from == nil { err(n, starts[2], "expected a time HH:MM, found '\(t[2])'") }
            if to == nil { err(n, starts[3], "expected a time HH:MM, found '\(t[3])'") }
            var units: [String: Int] = [:]
            for (i, u) in unitColumns.enumerated() {
                let cell = t[4 + i]
                if cell.isEmpty { continue }
                guard let k = Int(cell), k >= 0 else { err(n, starts[4 + i], "expected a count of \(u) (0 or more), found '\(cell)'"); continue }
                if k > 0 { units[u] = k }
            }
            if let from, let to {
                runCards.append(RunCard(area: t[0], typePrefix: t[1], fromMinute: from, toMinute: to, units: units, note: t.last!,
                                        location: SourceLocation(file: file, line: n, column: 1)))
            }
        }
    }
}
