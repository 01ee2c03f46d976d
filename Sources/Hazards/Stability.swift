import Foundation

/// Pasquill–Gifford atmospheric stability class, A (very unstable) to F (moderately stable).
public enum StabilityClass: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case A, B, C, D, E, F

    public static func < (a: StabilityClass, b: StabilityClass) -> Bool { a.rawValue < b.rawValue }

    /// Parses "A"…"F" (case-insensitive).
    public static func parse(_ text: String) throws(HazardError) -> StabilityClass {
        guard let c = StabilityClass(rawValue: text.uppercased()) else {
            throw .unknownUnit(field: "stability class", unit: text, accepted: allCases.map(\.rawValue))
        }
        return c
    }
}

/// Daytime incoming solar radiation, as the Pasquill table asks for it.
public enum Insolation: String, Sendable, Hashable, CaseIterable, Codable {
    /// Sun higher than 60° in a clear sky (summer noon).
    case strong
    /// Sun 35°–60° in a clear sky.
    case moderate
    /// Sun 15°–35°, or a higher sun through broken cloud.
    case slight
}

/// What is known of the sky when the class is not given.
public enum SkyCondition: Sendable, Hashable {
    case day(Insolation)
    /// Night with cloud cover in oktas (0–8).
    case night(cloudOktas: Int)
    /// Overcast (8/8) day or night: neutral.
    case overcast
}

/// Turning weather into a stability class: the Pasquill (1961) / Turner (1970) table, and Golder's (1972)
/// relation to the Monin–Obukhov length.
public enum Stability {
    /// The Pasquill class from the 10-m wind speed and the sky (Turner 1970, Table 1).
    ///
    /// Where the table gives two classes (A–B, B–C, C–D) the more stable one is taken: for ground-level releases
    /// that gives the larger zone. Night at < 2 m/s is blank in Turner's table; F is returned with a validity note
    /// from the plume (the wind is also below the plume's range). O(1).
    public static func pasquillClass(windSpeedMetresPerSecond u: Double, sky: SkyCondition) throws(HazardError) -> StabilityClass {
        try require(u, in: 0...60, field: "wind speed (m/s)", why: "the Pasquill table starts at calm and ends at storm force")
        let band = u < 2 ? 0 : u < 3 ? 1 : u < 5 ? 2 : u < 6 ? 3 : 4
        switch sky {
        case .overcast:
            return .D
        case let .day(insolation):
            // Turner's rows (< 2, 2–3, 3–5, 5–6, > 6 m/s): strong A, A–B, B, C, C; moderate A–B, B, B–C, C–D, D;
            // slight B, C, C, D, D — two-letter cells taken as the more stable letter.
            let row: [StabilityClass] = switch insolation {
            case .strong: [.A, .B, .B, .C, .C]
            case .moderate: [.B, .B, .C, .D, .D]
            case .slight: [.B, .C, .C, .D, .D]
            }
            return row[band]
        case let .night(oktas):
            guard (0...8).contains(oktas) else {
                throw .outOfRange(field: "cloud cover (oktas)", value: Double(oktas), validRange: "0…8", why: "cloud cover is counted in eighths")
            }
            let cloudy = oktas >= 4 // "thinly overcast or ≥ 4/8 low cloud"
            let row: [StabilityClass] = cloudy ? [.E, .E, .D, .D, .D] : [.F, .F, .E, .D, .D]
            return row[band]
        }
    }

    /// Golder (1972) class centres as 1/L = a + b·log10(z0) (1/m), z0 the roughness length in metres
    /// (Seinfeld & Pandis, Atmospheric Chemistry and Physics, table of Golder's relation).
    static let golder: [(StabilityClass, a: Double, b: Double)] = [
        (.A, -0.096, 0.029), (.B, -0.037, 0.029), (.C, -0.002, 0.018),
        (.D, 0, 0), (.E, 0.004, -0.018), (.F, 0.035, -0.036),
    ]

    /// The Pasquill class whose Golder centre is nearest in 1/L to the given Monin–Obukhov length. O(1).
    public static func pasquillClass(moninObukhovLengthMetres L: Double, roughnessMetres z0: Double) throws(HazardError) -> StabilityClass {
        try require(z0, in: 1e-5...3, field: "roughness length (m)", why: "Golder's relation covers open sea to city centres")
        guard L.isFinite, L != 0 else {
            throw .outOfRange(field: "Monin–Obukhov length (m)", value: L, validRange: "≠ 0", why: "L is never zero")
        }
        let inverse = 1 / L, logZ0 = log10(z0)
        return golder.min { abs($0.a + $0.b * logZ0 - inverse) < abs($1.a + $1.b * logZ0 - inverse) }!.0
    }
}

/// Surroundings that set the dispersion curves.
public enum Terrain: String, Sendable, Hashable, CaseIterable, Codable {
    case rural, urban
}

/// Briggs (1973) dispersion coefficients σy, σz for 100 m < x < 10 km, as tabulated by Hanna, Briggs & Hosker
/// (1982, Handbook on Atmospheric Diffusion, Table 4.5) — open country (fitted to Pasquill–Gifford) and urban
/// (fitted to McElroy–Pooler St Louis data). About 10-minute to 1-hour averages.
public enum Briggs {
    /// (σy, σz) in metres at downwind distance `x` metres. O(1).
    public static func sigmas(downwindMetres x: Double, stability: StabilityClass, terrain: Terrain) -> (y: Double, z: Double) {
        switch terrain {
        case .rural:
            let sy = x / (1 + 0.0001 * x).squareRoot()
            switch stability {
            case .A: return (0.22 * sy, 0.20 * x)
            case .B: return (0.16 * sy, 0.12 * x)
            case .C: return (0.11 * sy, 0.08 * x / (1 + 0.0002 * x).squareRoot())
            case .D: return (0.08 * sy, 0.06 * x / (1 + 0.0015 * x).squareRoot())
            case .E: return (0.06 * sy, 0.03 * x / (1 + 0.0003 * x))
            case .F: return (0.04 * sy, 0.016 * x / (1 + 0.0003 * x))
            }
        case .urban:
            let sy = x / (1 + 0.0004 * x).squareRoot()
            switch stability {
            case .A, .B: return (0.32 * sy, 0.24 * x * (1 + 0.001 * x).squareRoot())
            case .C: return (0.22 * sy, 0.20 * x)
            case .D: return (0.16 * sy, 0.14 * x / (1 + 0.0003 * x).squareRoot())
            case .E, .F: return (0.11 * sy, 0.08 * x / (1 + 0.0015 * x).squareRoot())
            }
        }
    }

    /// The distance range the curves were fitted over, metres.
    public static let fittedRangeMetres: ClosedRange<Double> = 100...10_000
}
