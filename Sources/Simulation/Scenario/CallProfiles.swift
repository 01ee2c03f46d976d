import Foundation

/// Hour-of-week call profiles by category (EMS, Fire, Traffic …) learned from real calls: counts per
/// (weekday, hour) cell and the number of such weekdays observed, so a cell's rate is calls / days per hour.
///
/// The shipped table (`Plans/scenarios/profiles/montgomery-911-weekly.csv`) is derived from the Montgomery
/// County PA 911 calls by ``derive(montgomeryCSV:)``; a test re-derives it from `../shared` when present.
public struct CallProfileTable: Sendable {
    public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Category → 168 call counts (Monday 00 first).
    public let calls: [String: [Int]]
    /// Category → 168 day counts (how many of that weekday the data covers).
    public let days: [String: [Int]]
    /// `# ` lines at the top of the file (SOURCE, LICENCE, how derived).
    public let header: [String]

    public init(calls: [String: [Int]], days: [String: [Int]], header: [String]) {
        self.calls = calls
        self.days = days
        self.header = header
    }

    /// The category's shape as a ``WeeklyProfile`` (calls per hour in each cell, normalised).
    public func profile(_ category: String) -> WeeklyProfile? {
        guard let c = calls[category], let d = days[category] else { return nil }
        return WeeklyProfile(weights: (0..<168).map { d[$0] > 0 ? Double(c[$0]) / Double(d[$0]) : 0 })
    }

    /// Mean calls per hour over the week in the source data (for scale; scenarios give their own rate).
    public func meanPerHour(_ category: String) -> Double? {
        guard let c = calls[category], let d = days[category] else { return nil }
        return (0..<168).reduce(0) { $0 + (d[$1] > 0 ? Double(c[$1]) / Double(d[$1]) : 0) } / 168
    }

    /// Reads the table's CSV (`category,weekday,hour,calls,days`, `#` comment lines first).
    public static func parse(_ text: String, file: String) throws -> CallProfileTable {
        var calls: [String: [Int]] = [:], days: [String: [Int]] = [:], header: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") { header.append(line); continue }
            if line.hasPrefix("category,") { continue }
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, let w = weekdays.firstIndex(of: f[1]), let h = Int(f[2]), (0..<24).contains(h),
                  let c = Int(f[3]), let d = Int(f[4]), c >= 0, d >= 0 else {
                throw ScenarioFileError("\(file):\(n + 1): expected category,weekday (Mon…Sun),hour (0–23),calls,days — got '\(line)'")
            }
            calls[f[0], default: Array(repeating: 0, count: 168)][w * 24 + h] = c
            days[f[0], default: Array(repeating: 0, count: 168)][w * 24 + h] = d
        }
        return CallProfileTable(calls: calls, days: days, header: header)
    }

    /// The table as CSV, header lines first; categories sorted, cells in week order.
    public func csv() -> String {
        var s = header.map { $0 + "\n" }.joined() + "category,weekday,hour,calls,days\n"
        for k in calls.keys.sorted() {
            for cell in 0..<168 {
                s += "\(k),\(Self.weekdays[cell / 24]),\(cell % 24),\(calls[k]![cell]),\(days[k]![cell])\n"
            }
        }
        return s
    }

    /// Counts the Montgomery County 911 calls (`lat,lng,zip,title,time_stamp,twp`; the title starts with the
    /// category: "EMS: …", "Fire: …", "Traffic: …") by local weekday and hour. The source's `time_stamp` is UTC
    /// (padr keeps POSIXct in UTC: calls bottom out at 09–10 and traffic peaks at 21–22 as written), so each is moved
    /// to US Eastern time (EST, or EDT from the second Sunday of March to the first Sunday of November). O(rows).
    public static func derive(montgomeryCSV url: URL, header: [String]) throws -> CallProfileTable {
        let text = try String(contentsOf: url, encoding: .utf8)
        var calls: [String: [Int]] = [:]
        var dates: [Set<Int>] = Array(repeating: [], count: 7)
        var firstLine = true
        for line in text.split(separator: "\n") {
            if firstLine { firstLine = false; continue }
            // Titles hold no commas in this file; time_stamp is the fifth field: "2015-12-10 22:40:00".
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 6, let colon = f[3].firstIndex(of: ":") else { continue }
            let category = String(f[3][..<colon])
            let stamp = f[4]
            guard stamp.count >= 16, let y = Int(stamp.prefix(4)), let m = Int(stamp.dropFirst(5).prefix(2)),
                  let d = Int(stamp.dropFirst(8).prefix(2)), let h = Int(stamp.dropFirst(11).prefix(2)),
                  let mi = Int(stamp.dropFirst(14).prefix(2)), (0..<24).contains(h) else { continue }
            let utcMinutes = daysFromCivil(year: y, month: m, day: d) * 1440 + h * 60 + mi
            let localMinutes = utcMinutes - easternOffsetHours(utcMinutes: utcMinutes, year: y) * 60
            let localDay = Int((Double(localMinutes) / 1440).rounded(.down))
            let w = ((localDay + 3) % 7 + 7) % 7   // 1970-01-01 was a Thursday
            let hour = (localMinutes - localDay * 1440) / 60
            calls[category, default: Array(repeating: 0, count: 168)][w * 24 + hour] += 1
            dates[w].insert(localDay)
        }
        let dayCounts = (0..<168).map { dates[$0 / 24].count }
        return CallProfileTable(calls: calls, days: calls.mapValues { _ in dayCounts }, header: header)
    }

    /// Days since 1970-01-01 of a Gregorian date (Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Hours behind UTC in US Eastern time at a UTC instant: 4 in daylight time (from 02:00 EST on the second Sunday
    /// of March to 02:00 EDT on the first Sunday of November, the rule since 2007), else 5.
    static func easternOffsetHours(utcMinutes: Int, year: Int) -> Int {
        func nthSunday(_ n: Int, month: Int) -> Int {
            let first = daysFromCivil(year: year, month: month, day: 1)
            let weekday = ((first + 3) % 7 + 7) % 7   // Monday 0
            return first + (6 - weekday) + 7 * (n - 1)
        }
        let start = nthSunday(2, month: 3) * 1440 + 7 * 60    // 02:00 EST = 07:00 UTC
        let end = nthSunday(1, month: 11) * 1440 + 6 * 60     // 02:00 EDT = 06:00 UTC
        return utcMinutes >= start && utcMinutes < end ? 4 : 5
    }
}

/// A scenario file problem that is not tied to a YAML node (a table file, a missing store).
public struct ScenarioFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
