/// One instant and value of a series: `t` in whole seconds since 1970 UTC, `value` in the series' unit.
public struct Reading: Sendable, Hashable {
    public var t: Int64
    public var value: Double
    public init(t: Int64, value: Double) {
        self.t = t
        self.value = value
    }
}

/// What a series measures: sensor, quantity, unit and the time zone its local times (day buckets, daily
/// seasons, PRSA's year/month/day/hour columns) are read in.
public struct SeriesInfo: Sendable, Hashable, Codable {
    public var sensorID: String
    /// e.g. "rain rate", "PM2.5", "flow", "pressure", "tank level".
    public var quantity: String
    /// A unit of ``SensorUnit`` ("mm/h", "m3/h", "kPa", "ug/m3" …).
    public var unit: String
    /// IANA time zone identifier, e.g. "Asia/Shanghai", "UTC".
    public var timeZone: String

    public init(sensorID: String, quantity: String, unit: String, timeZone: String = "UTC") {
        self.sensorID = sensorID
        self.quantity = quantity
        self.unit = unit
        self.timeZone = timeZone
    }
}

/// A series in memory: its description and readings in increasing time, one per instant.
public struct Series: Sendable {
    public var info: SeriesInfo
    public var readings: [Reading]

    public init(info: SeriesInfo, readings: [Reading]) {
        self.info = info
        self.readings = readings
    }

    public var times: [Int64] { readings.map(\.t) }
    public var values: [Double] { readings.map(\.value) }
}
