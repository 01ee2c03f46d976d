import Foundation

/// The substance table: data, one row per substance, each with its source.
///
/// Kept as a Swift table literal rather than a CSV resource so that the library needs no bundle or file path at
/// run time (SwiftPM resources would need a Package.swift change, and an air-gapped desk must never run without
/// its thresholds). Callers with their own table pass ``Substance`` values directly; nothing reads this table
/// except ``SubstanceTable/lookup(_:)``.
///
/// Toxic levels: EPA AEGL "Final" 60-minute values in ppm (epa.gov/aegl, NRC AEGL volumes 1–20); where AEGL-1
/// is "NR" (not recommended) the yellow zone is not drawn and the result says so. Flammables: red = LFL,
/// orange = 60 % LFL, yellow = 10 % LFL (the ALOHA flammable-area convention). LFLs: NIOSH Pocket Guide.
/// GB 18218-2018 critical quantities (表1) and β (表3/表4) are marked verify in DOMAIN.md: treat as configurable.
public enum SubstanceTable {
    private static func aegl(_ ppm: Double, _ tier: Int) -> LevelOfConcern { .init(ppm: ppm, source: .aegl, tier: tier) }
    private static func lfl(_ percentLFL: Int, of lflPercent: Double) -> LevelOfConcern {
        .init(ppm: lflPercent * 10_000 * Double(percentLFL) / 100, source: .lfl, tier: percentLFL)
    }
    private static let aeglSource = "EPA AEGL final values, 60 min (ppm)"
    private static let gbSource = "GB 18218-2018 表1 Q, 表3/4 β (verify)"

    /// Every substance, in table order.
    public static let all: [Substance] = [
        Substance(name: "chlorine", aliases: ["氯", "氯气", "液氯", "Cl2"], cas: "7782-50-5", molarMassGramsPerMole: 70.90,
                  yellow: aegl(0.50, 1), orange: aegl(2.0, 2), red: aegl(20, 3),
                  criticalQuantityTonnes: 5, gb18218Beta: 4, source: "\(aeglSource); \(gbSource)"),
        Substance(name: "ammonia", aliases: ["氨", "液氨", "NH3"], cas: "7664-41-7", molarMassGramsPerMole: 17.03,
                  yellow: aegl(30, 1), orange: aegl(160, 2), red: aegl(1100, 3), lowerFlammabilityLimitPercent: 15,
                  criticalQuantityTonnes: 10, gb18218Beta: 2, source: "\(aeglSource); LFL NIOSH; \(gbSource)"),
        Substance(name: "hydrogen sulfide", aliases: ["硫化氢", "H2S"], cas: "7783-06-4", molarMassGramsPerMole: 34.08,
                  yellow: aegl(0.51, 1), orange: aegl(27, 2), red: aegl(50, 3), lowerFlammabilityLimitPercent: 4.0,
                  criticalQuantityTonnes: 5, gb18218Beta: 5, source: "\(aeglSource) (NRC vol. 9, as tabulated in PMC5777517 T3); \(gbSource)"),
        Substance(name: "sulfur dioxide", aliases: ["二氧化硫", "SO2"], cas: "7446-09-5", molarMassGramsPerMole: 64.07,
                  yellow: aegl(0.20, 1), orange: aegl(0.75, 2), red: aegl(27, 3),
                  criticalQuantityTonnes: 20, gb18218Beta: 2, source: "\(aeglSource) (NRC vol. 8); \(gbSource)",
                  unverified: ["AEGL values recalled from the EPA table, not re-read; AEGL-3 60 min is 27 ppm as two independent recollections of NRC vol. 8 ch. 9 (nap.edu record 12770) agree — verify"]),
        Substance(name: "hydrogen chloride", aliases: ["氯化氢", "HCl"], cas: "7647-01-0", molarMassGramsPerMole: 36.46,
                  yellow: aegl(1.8, 1), orange: aegl(22, 2), red: aegl(100, 3),
                  criticalQuantityTonnes: 20, gb18218Beta: 3,
                  source: "\(aeglSource) (AEGL-1 1.8 ppm for every duration: NRC AEGL vol. 4 (2004), nap.edu record 10902 p. 78); \(gbSource)",
                  unverified: ["AEGL-2 and AEGL-3 recalled from the EPA table, not re-read (AEGL-1 confirmed)"]),
        Substance(name: "hydrogen cyanide", aliases: ["氰化氢", "HCN"], cas: "74-90-8", molarMassGramsPerMole: 27.03,
                  yellow: aegl(2.0, 1), orange: aegl(7.1, 2), red: aegl(15, 3), lowerFlammabilityLimitPercent: 5.6,
                  criticalQuantityTonnes: 1, gb18218Beta: 10, source: "\(aeglSource); \(gbSource)",
                  unverified: ["AEGL values recalled from the EPA table, not re-read"]),
        Substance(name: "phosgene", aliases: ["光气", "碳酰氯", "COCl2"], cas: "75-44-5", molarMassGramsPerMole: 98.92,
                  yellow: nil, orange: aegl(0.30, 2), red: aegl(0.75, 3),
                  criticalQuantityTonnes: 0.3, gb18218Beta: 20, source: "\(aeglSource), AEGL-1 NR; \(gbSource)",
                  unverified: ["AEGL values recalled from the EPA table, not re-read"]),
        Substance(name: "nitrogen dioxide", aliases: ["二氧化氮", "NO2"], cas: "10102-44-0", molarMassGramsPerMole: 46.01,
                  yellow: aegl(0.50, 1), orange: aegl(12, 2), red: aegl(20, 3),
                  criticalQuantityTonnes: 1, gb18218Beta: 10, source: "\(aeglSource); \(gbSource)",
                  unverified: ["AEGL values recalled from the EPA table, not re-read"]),
        Substance(name: "carbon monoxide", aliases: ["一氧化碳", "CO"], cas: "630-08-0", molarMassGramsPerMole: 28.01,
                  yellow: nil, orange: aegl(83, 2), red: aegl(330, 3), lowerFlammabilityLimitPercent: 12.5,
                  criticalQuantityTonnes: 10, gb18218Beta: 2, source: "\(aeglSource), AEGL-1 NR; \(gbSource)",
                  unverified: ["AEGL values recalled from the EPA table, not re-read"]),
        Substance(name: "benzene", aliases: ["苯", "C6H6"], cas: "71-43-2", molarMassGramsPerMole: 78.11,
                  yellow: aegl(52, 1), orange: aegl(800, 2), red: aegl(4000, 3), lowerFlammabilityLimitPercent: 1.2,
                  heatOfCombustionMJPerKg: 40.1, poolBurningRateKgPerSquareMetreSecond: 0.085, poolExtinctionPerMetre: 2.7,
                  liquidDensityKgPerCubicMetre: 876,
                  criticalQuantityTonnes: 50, gb18218Beta: 1,
                  source: "\(aeglSource); burning rate Babrauskas (1983) / SFPE Handbook; \(gbSource)",
                  unverified: ["AEGL values recalled from the EPA table, not re-read"]),
        Substance(name: "methane", aliases: ["甲烷", "天然气", "natural gas", "LNG", "CH4"], cas: "74-82-8", molarMassGramsPerMole: 16.04,
                  yellow: lfl(10, of: 5.0), orange: lfl(60, of: 5.0), red: lfl(100, of: 5.0), lowerFlammabilityLimitPercent: 5.0,
                  heatOfCombustionMJPerKg: 50.0, poolBurningRateKgPerSquareMetreSecond: 0.078, poolExtinctionPerMetre: 1.1,
                  liquidDensityKgPerCubicMetre: 415,
                  criticalQuantityTonnes: 50, gb18218Beta: 1.5,
                  source: "LFL 5.0 % NIOSH Pocket Guide; ΔHc CCPS; LNG burning rate Babrauskas (1983); \(gbSource)"),
        Substance(name: "propane", aliases: ["丙烷", "液化石油气", "LPG", "C3H8"], cas: "74-98-6", molarMassGramsPerMole: 44.10,
                  yellow: lfl(10, of: 2.1), orange: lfl(60, of: 2.1), red: lfl(100, of: 2.1), lowerFlammabilityLimitPercent: 2.1,
                  heatOfCombustionMJPerKg: 46.35, poolBurningRateKgPerSquareMetreSecond: 0.099, poolExtinctionPerMetre: 1.4,
                  liquidDensityKgPerCubicMetre: 585,
                  criticalQuantityTonnes: 50, gb18218Beta: 1.5,
                  source: "LFL 2.1 % NIOSH Pocket Guide; ΔHc CCPS; LPG burning rate Babrauskas (1983); Q as 液化石油气; \(gbSource)"),
        Substance(name: "gasoline", aliases: ["汽油", "petrol"], cas: "86290-81-5", molarMassGramsPerMole: 100,
                  yellow: lfl(10, of: 1.4), orange: lfl(60, of: 1.4), red: lfl(100, of: 1.4), lowerFlammabilityLimitPercent: 1.4,
                  heatOfCombustionMJPerKg: 43.7, poolBurningRateKgPerSquareMetreSecond: 0.055, poolExtinctionPerMetre: 2.1,
                  liquidDensityKgPerCubicMetre: 740,
                  criticalQuantityTonnes: 200, gb18218Beta: 1,
                  source: "LFL 1.4 % NIOSH Pocket Guide; burning rate Babrauskas (1983); M ≈ 100 g/mol nominal; \(gbSource)",
                  unverified: ["β for gasoline depends on its GHS category (W5.x)"]),
    ]

    /// Names in table order, for error messages.
    public static var names: [String] { all.map(\.name) }

    /// The substance called `name` (case-insensitive; Chinese names, formulas and aliases accepted).
    /// - Throws: ``HazardError/unknownSubstance(_:known:)`` naming what was asked and what is known.
    public static func lookup(_ name: String) throws(HazardError) -> Substance {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: " ")
        if let s = all.first(where: { $0.name == key || $0.cas == key || $0.aliases.contains { $0.lowercased() == key } }) {
            return s
        }
        throw .unknownSubstance(name, known: names)
    }
}
