/// EPANET flow units, which also fix the unit system of every other quantity in an `.inp` file.
///
/// EPANET 2.2 manual, "Units of Measurement": CFS, GPM, MGD, IMGD and AFD mean US customary
/// (feet, inches, psi, horsepower); LPS, LPM, MLD, CMH, CMD and CMS mean SI (metres, millimetres,
/// metres of head, kilowatts). The legacy keywords `SI` and `US` are read as LPS and GPM, as EPANET does.
public enum EPANETFlowUnits: String, Sendable, Hashable, CaseIterable, Codable {
    case cfs = "CFS", gpm = "GPM", mgd = "MGD", imgd = "IMGD", afd = "AFD"
    case lps = "LPS", lpm = "LPM", mld = "MLD", cmh = "CMH", cmd = "CMD", cms = "CMS"

    /// Parses an `[OPTIONS] UNITS` value, case-insensitively; `SI` → LPS, `US` → GPM.
    public init?(keyword: String) {
        let k = keyword.uppercased()
        switch k {
        case "SI": self = .lps
        case "US": self = .gpm
        default: self.init(rawValue: k)
        }
    }

    /// The unit system the flow units imply for every other quantity in the file.
    public var unitSystem: EPANETUnitSystem {
        switch self {
        case .cfs, .gpm, .mgd, .imgd, .afd: .usCustomary
        case .lps, .lpm, .mld, .cmh, .cmd, .cms: .si
        }
    }

    /// Litres per second in one unit of this flow (US gallon = 3.785411784 L, imperial = 4.54609 L,
    /// acre-foot = 1,233,481.83754752 L, cubic foot = 28.316846592 L).
    public var litresPerSecondPerUnit: Double {
        switch self {
        case .cfs: 28.316846592
        case .gpm: 3.785411784 / 60
        case .mgd: 3_785_411.784 / 86_400
        case .imgd: 4_546_090 / 86_400
        case .afd: 1_233_481.837_547_52 / 86_400
        case .lps: 1
        case .lpm: 1.0 / 60
        case .mld: 1_000_000.0 / 86_400
        case .cmh: 1000.0 / 3600
        case .cmd: 1000.0 / 86_400
        case .cms: 1000
        }
    }
}

/// The system of units an EPANET file is written in, as implied by its flow units.
public enum EPANETUnitSystem: String, Sendable, Hashable, Codable {
    /// Feet, inches (pipe diameters), psi, horsepower, cubic feet.
    case usCustomary = "US"
    /// Metres, millimetres (pipe diameters), metres of head, kilowatts, cubic metres.
    case si = "SI"
}

/// The pipe friction formula (`[OPTIONS] HEADLOSS`), which fixes what a pipe's roughness means.
public enum EPANETHeadlossFormula: String, Sendable, Hashable, Codable {
    /// Hazen-Williams C (dimensionless).
    case hazenWilliams = "H-W"
    /// Darcy-Weisbach absolute roughness (millifeet in US files, millimetres in SI files).
    case darcyWeisbach = "D-W"
    /// Chezy-Manning n (dimensionless).
    case chezyManning = "C-M"

    public init?(keyword: String) { self.init(rawValue: keyword.uppercased()) }
}

/// The unit of pressures in the file (`[OPTIONS] PRESSURE`): valve settings of PRV, PSV and PBV.
public enum EPANETPressureUnits: String, Sendable, Hashable, Codable {
    case psi = "PSI", kilopascals = "KPA", metres = "METERS", bar = "BAR", feet = "FEET"

    public init?(keyword: String) {
        switch keyword.uppercased() {
        case "METRES", "M": self = .metres
        case let k: self.init(rawValue: k)
        }
    }
}

/// Converts the quantities of one file to SI, once its flow and pressure units are known.
///
/// Constants follow EPANET's own (`PSIperFT = 0.4333`, `KPAperPSI = 6.895`, `KWperHP = 0.7457`)
/// so that converted values agree with what EPANET reports; a specific gravity other than 1 is ignored.
struct EPANETUnitConverter: Sendable {
    static let metresPerFoot = 0.3048
    static let millimetresPerInch = 25.4
    static let cubicMetresPerCubicFoot = 0.028316846592
    static let psiPerFootOfHead = 0.4333
    static let kilopascalsPerPsi = 6.895
    static let kilowattsPerHorsepower = 0.7457

    let flowUnits: EPANETFlowUnits
    let pressureUnits: EPANETPressureUnits
    let headloss: EPANETHeadlossFormula

    var system: EPANETUnitSystem { flowUnits.unitSystem }
    var isUS: Bool { system == .usCustomary }

    /// Elevations, heads, lengths, tank levels and tank diameters: feet or metres → metres.
    func metres(_ v: Double) -> Double { isUS ? v * Self.metresPerFoot : v }
    /// Pipe and valve diameters: inches or millimetres → millimetres.
    func millimetres(_ v: Double) -> Double { isUS ? v * Self.millimetresPerInch : v }
    /// Volumes: cubic feet or cubic metres → cubic metres.
    func cubicMetres(_ v: Double) -> Double { isUS ? v * Self.cubicMetresPerCubicFoot : v }
    /// Flows (demands, FCV settings): file flow units → litres per second.
    func litresPerSecond(_ v: Double) -> Double { v * flowUnits.litresPerSecondPerUnit }
    /// Pump power: horsepower or kilowatts → kilowatts.
    func kilowatts(_ v: Double) -> Double { isUS ? v * Self.kilowattsPerHorsepower : v }
    /// Roughness in the headloss formula's SI meaning (D-W millifeet → millimetres; C and n unchanged).
    func roughness(_ v: Double) -> Double { headloss == .darcyWeisbach && isUS ? v * Self.metresPerFoot : v }

    /// Pressures (PRV/PSV/PBV settings) → metres of water head.
    func pressureMetres(_ v: Double) -> Double {
        switch pressureUnits {
        case .metres: v
        case .feet: v * Self.metresPerFoot
        case .psi: v / Self.psiPerFootOfHead * Self.metresPerFoot
        case .kilopascals: v / (Self.kilopascalsPerPsi * Self.psiPerFootOfHead) * Self.metresPerFoot
        case .bar: v * 100 / (Self.kilopascalsPerPsi * Self.psiPerFootOfHead) * Self.metresPerFoot
        }
    }
}
