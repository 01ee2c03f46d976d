/// The units sensor series may be recorded in, each with its dimension and factor to that dimension's base unit.
///
/// A series whose unit is not here is refused at read time ("unknown unit"), so every stored number has a
/// unit a reader can convert. Base units: length m, rain rate mm/h, pressure kPa, flow m3/h, mass concentration
/// ug/m3, temperature °C, speed m/s, gas concentration ppm.
public struct SensorUnit: Sendable, Hashable {
    public let symbol: String
    public let dimension: String
    /// value × factor = value in the dimension's base unit.
    public let factorToBase: Double

    public static let all: [SensorUnit] = [
        .init("m", "length", 1), .init("cm", "length", 0.01), .init("mm", "length", 0.001),
        .init("mm/h", "rain rate", 1),
        .init("kPa", "pressure", 1), .init("MPa", "pressure", 1000), .init("Pa", "pressure", 0.001),
        .init("bar", "pressure", 100), .init("hPa", "pressure", 0.1),
        .init("m3/h", "flow", 1), .init("L/s", "flow", 3.6),
        .init("ug/m3", "mass concentration", 1), .init("µg/m3", "mass concentration", 1), .init("mg/m3", "mass concentration", 1000),
        .init("ppm", "gas concentration", 1), .init("%LEL", "gas share of LEL", 1),
        .init("degC", "temperature", 1), .init("°C", "temperature", 1),
        .init("m/s", "speed", 1), .init("km/h", "speed", 1 / 3.6),
        .init("%", "ratio", 1), .init("count", "count", 1), .init("deg", "angle", 1),
    ]

    private static let bySymbol: [String: SensorUnit] = Dictionary(all.map { ($0.symbol, $0) }, uniquingKeysWith: { a, _ in a })

    init(_ symbol: String, _ dimension: String, _ factor: Double) {
        self.symbol = symbol
        self.dimension = dimension
        self.factorToBase = factor
    }

    /// The unit for a symbol ("m³/h" and "m3/h" alike), or nil when unknown.
    public init?(_ text: String) {
        let t = text.replacingOccurrences(of: "³", with: "3").replacingOccurrences(of: "μ", with: "µ")
        guard let u = Self.bySymbol[t] else { return nil }
        self = u
    }

    /// The symbols known, for error messages.
    public static var symbols: String { all.map(\.symbol).joined(separator: ", ") }
}
