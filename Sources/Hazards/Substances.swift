/// Which guideline a toxic level of concern comes from (DOMAIN.md: AEGL, else ERPG, else PAC/TEEL).
public enum GuidelineSource: String, Sendable, Hashable, Codable {
    case aegl = "AEGL", erpg = "ERPG", pac = "PAC", lfl = "LFL"
}

/// One level of concern: a value in ppm, where it comes from, and whether it was checked against the source.
public struct LevelOfConcern: Sendable, Hashable {
    public var ppm: Double
    public var source: GuidelineSource
    /// Tier 1–3 of the guideline (AEGL-1 …), or the fraction of the LFL in per cent for flammables.
    public var tier: Int
    public init(ppm: Double, source: GuidelineSource, tier: Int) {
        self.ppm = ppm
        self.source = source
        self.tier = tier
    }
    /// "AEGL-2 (60 min)", "60 % LFL" …
    public var label: String {
        source == .lfl ? "\(tier) % LFL" : "\(source.rawValue)-\(tier) (60 min)"
    }
}

/// A substance as the models need it. Values are data, each row with its source; see ``SubstanceTable``.
public struct Substance: Sendable, Hashable {
    public var name: String
    /// Other names it may be typed as (Chinese name, formula).
    public var aliases: [String]
    public var cas: String
    public var molarMassGramsPerMole: Double
    /// Yellow / orange / red levels of concern (tiers 1 / 2 / 3); nil where the guideline is "not recommended".
    public var yellow: LevelOfConcern?
    public var orange: LevelOfConcern?
    public var red: LevelOfConcern?
    /// Lower flammability limit, volume per cent in air; nil when not flammable.
    public var lowerFlammabilityLimitPercent: Double?
    /// Lower heat of combustion, MJ/kg; nil when not combustible.
    public var heatOfCombustionMJPerKg: Double?
    /// Pool-fire burning rate of a large pool, kg/(m²·s), and the extinction coefficient kβ, 1/m (Babrauskas).
    public var poolBurningRateKgPerSquareMetreSecond: Double?
    public var poolExtinctionPerMetre: Double?
    /// Liquid density, kg/m³ (for volumes in tanks).
    public var liquidDensityKgPerCubicMetre: Double?
    /// GB 18218-2018 critical quantity Q, tonnes, and correction factor β (verify; configurable).
    public var criticalQuantityTonnes: Double?
    public var gb18218Beta: Double?
    /// Where the numbers come from.
    public var source: String
    /// Values not checked against the primary table in this repository's history (shown with results).
    public var unverified: [String]

    public init(name: String, aliases: [String], cas: String, molarMassGramsPerMole: Double,
                yellow: LevelOfConcern?, orange: LevelOfConcern?, red: LevelOfConcern?,
                lowerFlammabilityLimitPercent: Double? = nil, heatOfCombustionMJPerKg: Double? = nil,
                poolBurningRateKgPerSquareMetreSecond: Double? = nil, poolExtinctionPerMetre: Double? = nil,
                liquidDensityKgPerCubicMetre: Double? = nil,
                criticalQuantityTonnes: Double?, gb18218Beta: Double?, source: String, unverified: [String] = []) {
        self.name = name
        self.aliases = aliases
        self.cas = cas
        self.molarMassGramsPerMole = molarMassGramsPerMole
        self.yellow = yellow
        self.orange = orange
        self.red = red
        self.lowerFlammabilityLimitPercent = lowerFlammabilityLimitPercent
        self.heatOfCombustionMJPerKg = heatOfCombustionMJPerKg
        self.poolBurningRateKgPerSquareMetreSecond = poolBurningRateKgPerSquareMetreSecond
        self.poolExtinctionPerMetre = poolExtinctionPerMetre
        self.liquidDensityKgPerCubicMetre = liquidDensityKgPerCubicMetre
        self.criticalQuantityTonnes = criticalQuantityTonnes
        self.gb18218Beta = gb18218Beta
        self.source = source
        self.unverified = unverified
    }

    /// The level for a threat colour.
    public func level(_ level: ThreatLevel) -> LevelOfConcern? {
        switch level {
        case .yellow: yellow
        case .orange: orange
        case .red: red
        }
    }
}
