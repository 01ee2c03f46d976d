/// The series met in one input, numbered in order of first appearance (the `sensor` of ``SensorReading``),
/// with an optional mapping from input names to store sensor ids (`p227` → `ex:sensor/water-flow-1-source`).
/// Lookup O(1) average; the last hit is checked first, so runs of one sensor cost a byte comparison.
public struct SensorTable: Sendable {
    public private(set) var series: [SeriesInfo] = []
    private var byName: [String: Int32] = [:]
    /// Input name → store sensor id; when not empty, names not in it are skipped.
    public let mapping: [String: String]

    public init(mapping: [String: String] = [:]) { self.mapping = mapping }

    /// The index of the input series `name`, creating it with `info` (its sensor id replaced by the mapping)
    /// on first sight; nil when a mapping is in force and does not name it.
    public mutating func index(of name: String, info: () -> SeriesInfo) -> Int32? {
        if let i = byName[name] { return i >= 0 ? i : nil }
        var s = info()
        if !mapping.isEmpty {
            guard let id = mapping[name] else { byName[name] = -1; return nil }
            s.sensorID = id
        }
        let i = Int32(series.count)
        series.append(s)
        byName[name] = i
        return i
    }

    /// The index of a store sensor id, when it occurs.
    public func index(ofSensorID id: String) -> Int32? {
        series.firstIndex { $0.sensorID == id }.map { Int32($0) }
    }

    public subscript(i: Int32) -> SeriesInfo { series[Int(i)] }
}
