/// How people inside a footprint are counted when the store has no head count: the figures and their
/// sources, printed with every estimate. Resident (night-time) population; daytime crowds in offices,
/// shops and stations can be several times higher.
public struct PopulationAssumptions: Sendable, Hashable {
    /// Floor area per person in buildings, square metres. Default 40 m²: China's urban per-capita
    /// housing floor area, 39.8 m² in 2019 (National Bureau of Statistics, 2020 statistical communiqué).
    public var floorSquareMetresPerPerson: Double
    /// Storeys assumed when a building has neither `levels` nor `height_m`. Default 3.
    public var defaultLevels: Int
    /// Storey height used to turn `height_m` into levels, metres. Default 3.
    public var storeyHeightMetres: Double
    /// Persons per km² when no layer carries people. Default 30 000: central Shanghai, 2020 census
    /// (Huangpu 662 030 people on 20.5 km² ≈ 32 300/km²; Jing'an 975 707 on 36.9 km² ≈ 26 500/km²;
    /// Hongkou 757 498 on 23.5 km² ≈ 32 200/km²; NBS / Shanghai Municipal Bureau of Statistics).
    public var defaultPersonsPerSquareKilometre: Double
    /// Where the default density comes from, in words.
    public var defaultDensitySource: String

    public init(floorSquareMetresPerPerson: Double = 40, defaultLevels: Int = 3, storeyHeightMetres: Double = 3,
                defaultPersonsPerSquareKilometre: Double = 30_000,
                defaultDensitySource: String = "central Shanghai, 2020 census (Huangpu ≈ 32 300/km², Jing'an ≈ 26 500/km²)") {
        self.floorSquareMetresPerPerson = floorSquareMetresPerPerson
        self.defaultLevels = defaultLevels
        self.storeyHeightMetres = storeyHeightMetres
        self.defaultPersonsPerSquareKilometre = defaultPersonsPerSquareKilometre
        self.defaultDensitySource = defaultDensitySource
    }

    public static let standard = PopulationAssumptions()
}
