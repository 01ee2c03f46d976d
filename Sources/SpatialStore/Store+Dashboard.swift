import SpatialCore

/// One stored reading: `t` in whole seconds since 1970 UTC, `value` in the sensor's unit.
public struct StoredReading: Sendable, Hashable {
    public let t: Int64
    public let value: Double
    public init(t: Int64, value: Double) {
        self.t = t
        self.value = value
    }
}

/// Read-only queries the leaders' dashboard needs, straight from the `readings` table (primary key sensor_id, t).
extension CityStore {
    /// Readings of one sensor with `from <= t < to`, oldest first. O(log n + k) on the primary key.
    public func storedReadings(sensorID: String, from: Int64 = .min, to: Int64 = .max) throws -> [StoredReading] {
        let st = try connection.prepare("SELECT t, value FROM readings WHERE sensor_id = ? AND t >= ? AND t < ? ORDER BY t")
        try st.bind([.text(sensorID), .integer(from), .integer(to)])
        var out: [StoredReading] = []
        while try st.step() { out.append(StoredReading(t: st.int(0), value: st.double(1))) }
        return out
    }

    /// The latest reading of every sensor that has one. O(sensors · log n) with the primary key.
    public func latestStoredReadings() throws -> [String: StoredReading] {
        let st = try connection.prepare("SELECT sensor_id, max(t), value FROM readings GROUP BY sensor_id")
        var out: [String: StoredReading] = [:]
        while try st.step() { out[st.string(0) ?? ""] = StoredReading(t: st.int(1), value: st.double(2)) }
        return out
    }
}
