import SpatialCore

/// The three threat levels every footprint is drawn in (DOMAIN.md: yellow / orange / red).
public enum ThreatLevel: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case yellow, orange, red

    /// The Chinese warning colour name (黄 / 橙 / 红).
    public var chineseName: String {
        switch self {
        case .yellow: "黄"
        case .orange: "橙"
        case .red: "红"
        }
    }

    public static func < (a: ThreatLevel, b: ThreatLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One threat zone: the level, the threshold that drew it (with its unit and meaning), and its footprint.
public struct HazardZone: Sendable, Hashable {
    public var level: ThreatLevel
    /// The threshold value, in `thresholdUnit` (ppm, kPa, kW/m² …).
    public var threshold: Double
    public var thresholdUnit: String
    /// What the threshold stands for: "AEGL-2 (60 min)", "24 kPa: serious injury" …
    public var meaning: String
    /// Furthest reach of the zone from the source, metres (downwind distance for a plume, radius for a circle).
    public var reachMetres: Double
    /// Greatest width across the zone, metres (crosswind for a plume; the diameter for a circle).
    public var widthMetres: Double
    /// The footprint as a lon/lat polygon; nil when the zone is empty (threshold never reached).
    public var footprint: Geometry?
    /// Area of the footprint on the ellipsoid, square metres (0 when empty).
    public var areaSquareMetres: Double

    public init(level: ThreatLevel, threshold: Double, thresholdUnit: String, meaning: String,
                reachMetres: Double, widthMetres: Double, footprint: Geometry?, areaSquareMetres: Double) {
        self.level = level
        self.threshold = threshold
        self.thresholdUnit = thresholdUnit
        self.meaning = meaning
        self.reachMetres = reachMetres
        self.widthMetres = widthMetres
        self.footprint = footprint
        self.areaSquareMetres = areaSquareMetres
    }
}

/// What every model result carries besides its numbers: the model's standing caveats and the notes on
/// where this particular result is outside the model's validated range.
public protocol HazardResult: Sendable {
    /// The model's standing limits (DOMAIN.md), to be shown with every result.
    var caveats: [String] { get }
    /// Where this result is extrapolated or invalid (empty when fully inside the model's range).
    var validity: [String] { get }
    /// Zones from the outermost (yellow) to the innermost (red).
    var zones: [HazardZone] { get }
}
