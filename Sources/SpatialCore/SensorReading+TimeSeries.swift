/// One sensor reading as it travels from a reader to the store: 24 bytes, no strings.
///
/// `sensor` indexes the reader's sensor table (ids are resolved once per sensor, not per row); `t` is the
/// instant in whole seconds since 1970-01-01T00:00:00Z (UTC); `line` is the input line (1-based, 0 = unknown)
/// so problems found later still name where they came from.
public struct SensorReading: Sendable, Hashable {
    public var t: Int64
    public var value: Double
    public var sensor: Int32
    public var line: Int32

    public init(sensor: Int32, t: Int64, value: Double, line: Int32 = 0) {
        self.t = t
        self.value = value
        self.sensor = sensor
        self.line = line
    }
}
