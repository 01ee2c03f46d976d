import Foundation

/// Calendar arithmetic without Foundation calendars: civil date ↔ days since 1970 (H. Hinnant's algorithm,
/// proleptic Gregorian), and a time zone's offset cached per local hour. O(1) per call after the cache warms.
public enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date.
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Seconds since 1970 of a wall-clock time read as UTC.
    @inline(__always)
    public static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// (year, month, day, hour, minute, second) of seconds since 1970 read as UTC.
    public static func civil(_ t: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let z = (t >= 0 ? t : t - 86_399) / 86_400 + 719_468
        let secs = Int(t - (z - 719_468) * 86_400)
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400) + (m <= 2 ? 1 : 0)
        return (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// ISO 8601 text of an instant in a zone, e.g. `2019-01-15T23:00:00+08:00` (whole seconds).
    public static func iso(_ t: Int64, zone: ZoneOffsets? = nil) -> String {
        let offset = zone?.offset(utc: t) ?? 0
        let c = civil(t + Int64(offset))
        let sign = offset < 0 ? "-" : "+"
        let o = abs(offset)
        let tz = offset == 0 && zone == nil ? "Z" : String(format: "%@%02d:%02d", sign, o / 3600, o / 60 % 60)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second) + tz
    }
}

/// A time zone's UTC offsets, cached per hour (local → UTC and UTC → local). One per reader or task.
public final class ZoneOffsets {
    public let identifier: String
    private let zone: TimeZone?
    private var fromLocal: [Int64: Int] = [:]
    private var fromUTC: [Int64: Int] = [:]

    /// nil when the identifier is not an IANA zone Foundation knows.
    public init?(_ identifier: String) {
        self.identifier = identifier
        if identifier == "UTC" || identifier == "Z" {
            zone = nil
        } else {
            guard let z = TimeZone(identifier: identifier) else { return nil }
            zone = z
        }
    }

    /// Offset in seconds east of UTC at the instant `utc`.
    public func offset(utc: Int64) -> Int {
        guard let zone else { return 0 }
        let key = utc >= 0 ? utc / 3600 : (utc - 3599) / 3600
        if let o = fromUTC[key] { return o }
        let o = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(key * 3600)))
        fromUTC[key] = o
        return o
    }

    /// The instant of a local wall-clock time (seconds since 1970 read as UTC). In a DST gap or overlap the
    /// offset of the hour before is used.
    public func utc(local: Int64) -> Int64 {
        guard zone != nil else { return local }
        let key = local >= 0 ? local / 3600 : (local - 3599) / 3600
        if let o = fromLocal[key] { return local - Int64(o) }
        let guess = key * 3600 - Int64(offset(utc: key * 3600))
        let o = offset(utc: guess)
        fromLocal[key] = o
        return local - Int64(o)
    }
}

/// Parses timestamps: `YYYY-MM-DD[ T]hh:mm[:ss[.fff]]` with an optional `Z` / `±hh:mm` / `±hhmm` (without one,
/// local time in the reader's zone), a bare date, or integer epoch seconds. Works on bytes; O(length).
public enum TimestampParser {
    /// Seconds since 1970 UTC, or nil when the text is not a valid timestamp (bad month, day 31 in April …).
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, zone: ZoneOffsets) -> Int64? {
        var i = 0
        let n = b.count
        @inline(__always) func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        // Epoch seconds: digits only (optionally negative).
        if n > 0, !b.contains(UInt8(ascii: "-")) || b[0] == UInt8(ascii: "-") && !b.dropFirst().contains(UInt8(ascii: "-")),
           !b.contains(UInt8(ascii: ":")) {
            var neg = false
            if b[0] == UInt8(ascii: "-") { neg = true; i = 1 }
            guard i < n, let v = digits(n - i) else { return nil }
            return neg ? -Int64(v) : Int64(v)
        }
        guard let year = digits(4), i < n, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let month = digits(2), i < n, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let day = digits(2), (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month) else { return nil }
        var hour = 0, minute = 0, second = 0
        if i < n {
            guard b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "T") else { return nil }
            i += 1
            guard let h = digits(2), i < n, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let m = digits(2), h <= 23, m <= 59 else { return nil }
            hour = h; minute = m
            if i < n, b[i] == UInt8(ascii: ":") {
                i += 1
                guard let s = digits(2), s <= 60 else { return nil }
                second = s
                if i < n, b[i] == UInt8(ascii: ".") {
                    i += 1
                    let start = i
                    while i < n, b[i] >= 48, b[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
        }
        let local = CivilTime.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if i == n { return zone.utc(local: local) }
        if b[i] == UInt8(ascii: "Z"), i + 1 == n { return local }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        guard let oh = digits(2), oh <= 14 else { return nil }
        if i < n, b[i] == UInt8(ascii: ":") { i += 1 }
        let om = i < n ? digits(2) : 0
        guard let om, om <= 59, i == n else { return nil }
        return local - sign * Int64(oh * 3600 + om * 60)
    }

    /// Convenience over a `String`.
    public static func parse(_ text: String, zone: ZoneOffsets) -> Int64? {
        var s = text
        return s.withUTF8 { parse($0, zone: zone) }
    }
}
