import Foundation

/// Gas concentration units and their conversion at 25 °C and 101.325 kPa.
///
/// mg/m³ = ppm × M / 24.45, where 24.45 L/mol is the molar volume of an ideal gas at 25 °C and 1 atm —
/// the convention of the AEGL and ERPG tables (EPA AEGL program; AIHA ERPG handbook).
public enum ConcentrationUnit: String, Sendable, CaseIterable, Codable {
    case ppm
    case milligramsPerCubicMetre = "mg/m3"
    case gramsPerCubicMetre = "g/m3"

    /// Molar volume at 25 °C, 1 atm, litres per mole.
    public static let molarVolumeLitres = 24.45

    /// Parses "ppm", "mg/m3", "mg/m³", "g/m3" (case-insensitive).
    public static func parse(_ text: String) throws(HazardError) -> ConcentrationUnit {
        let t = text.lowercased().replacingOccurrences(of: "³", with: "3")
        if let u = ConcentrationUnit(rawValue: t) { return u }
        throw .unknownUnit(field: "concentration unit", unit: text, accepted: allCases.map(\.rawValue))
    }
}

/// A concentration in grams per cubic metre, the unit the plume equation gives; converts on demand.
public struct Concentration: Sendable, Hashable, Comparable {
    public var gramsPerCubicMetre: Double
    public init(gramsPerCubicMetre: Double) { self.gramsPerCubicMetre = gramsPerCubicMetre }

    public var milligramsPerCubicMetre: Double { gramsPerCubicMetre * 1000 }

    /// Parts per million by volume for a gas of molar mass `molarMassGramsPerMole`, at 25 °C.
    public func ppm(molarMassGramsPerMole: Double) -> Double {
        milligramsPerCubicMetre * ConcentrationUnit.molarVolumeLitres / molarMassGramsPerMole
    }

    /// From ppm by volume, at 25 °C.
    public static func fromPPM(_ ppm: Double, molarMassGramsPerMole: Double) -> Concentration {
        Concentration(gramsPerCubicMetre: ppm * molarMassGramsPerMole / ConcentrationUnit.molarVolumeLitres / 1000)
    }

    /// The value in `unit` (needs the molar mass for ppm).
    public func value(in unit: ConcentrationUnit, molarMassGramsPerMole: Double) -> Double {
        switch unit {
        case .ppm: ppm(molarMassGramsPerMole: molarMassGramsPerMole)
        case .milligramsPerCubicMetre: milligramsPerCubicMetre
        case .gramsPerCubicMetre: gramsPerCubicMetre
        }
    }

    public static func < (a: Concentration, b: Concentration) -> Bool { a.gramsPerCubicMetre < b.gramsPerCubicMetre }
}

/// A mass release rate; constructed from a value and its unit so that a rate in the wrong unit cannot pass silently.
public struct ReleaseRate: Sendable, Hashable {
    public var kilogramsPerSecond: Double
    public init(kilogramsPerSecond: Double) { self.kilogramsPerSecond = kilogramsPerSecond }

    /// Units a rate may be given in, with their factor to kg/s.
    public static let units: [String: Double] = [
        "kg/s": 1, "g/s": 1e-3, "kg/min": 1 / 60.0, "kg/h": 1 / 3600.0, "t/h": 1000 / 3600.0,
    ]

    /// A rate from `value` in `unit` ("kg/s", "g/s", "kg/min", "kg/h", "t/h"). Volume units (m3/s, L/min)
    /// are refused: converting them needs a density the caller must state.
    public init(_ value: Double, unit: String) throws(HazardError) {
        guard let factor = ReleaseRate.units[unit.lowercased()] else {
            throw .unknownUnit(field: "release rate", unit: unit, accepted: ReleaseRate.units.keys.sorted())
        }
        try require(value, in: 0...1e6, field: "release rate (\(unit))", why: "a release rate must be a positive mass flow")
        kilogramsPerSecond = value * factor
    }
}
