/// Major hazard source identification and grading after GB 18218-2018 《危险化学品重大危险源辨识》.
///
/// - Identification: S = Σ qᵢ / Qᵢ ≥ 1 makes a major hazard source (qᵢ stored tonnes, Qᵢ critical quantity, 表1/表2).
/// - Grading: R = α · Σ βᵢ · qᵢ / Qᵢ, β the correction factor for the substance's hazard (表3/表4), α the
///   correction for the people exposed within 500 m off-site (表5); 一级 R ≥ 100, 二级 50 ≤ R < 100,
///   三级 10 ≤ R < 50, 四级 R < 10.
/// All factors and bounds are marked "verify" in DOMAIN.md and are therefore parameters with these defaults.
public struct MajorHazardGrading: Sendable {
    /// α by people exposed off-site: the first row whose lower bound the count reaches (rows high to low).
    public var alphaByPeople: [(atLeast: Int, alpha: Double)]
    /// Grade lower bounds on R: 一级, 二级, 三级 (四级 below the last).
    public var gradeBounds: (first: Double, second: Double, third: Double)

    public static let standard = MajorHazardGrading(
        alphaByPeople: [(100, 2.0), (50, 1.5), (30, 1.2), (1, 1.0), (0, 0.5)],
        gradeBounds: (100, 50, 10))

    public init(alphaByPeople: [(atLeast: Int, alpha: Double)], gradeBounds: (first: Double, second: Double, third: Double)) {
        self.alphaByPeople = alphaByPeople
        self.gradeBounds = gradeBounds
    }

    /// One stored substance.
    public struct Holding: Sendable, Hashable {
        public var substance: Substance
        public var quantityTonnes: Double
        public init(substance: Substance, quantityTonnes: Double) {
            self.substance = substance
            self.quantityTonnes = quantityTonnes
        }
    }

    /// The grades, 一级 (most severe) to 四级.
    public enum Grade: Int, Sendable, Hashable, CaseIterable, Comparable {
        case first = 1, second, third, fourth
        public var chineseName: String { ["一级", "二级", "三级", "四级"][rawValue - 1] }
        public static func < (a: Grade, b: Grade) -> Bool { a.rawValue < b.rawValue }
    }

    public struct Result: Sendable {
        /// S = Σ q/Q; a major hazard source when ≥ 1.
        public var sumOfRatios: Double
        public var isMajorHazardSource: Bool
        public var alpha: Double
        /// R = α Σ β q/Q.
        public var r: Double
        /// nil when not a major hazard source.
        public var grade: Grade?
        /// Per substance: name, q/Q, β.
        public var terms: [(substance: String, ratio: Double, beta: Double)]
        public var caveats: [String]
    }

    /// Identifies and grades a unit holding `holdings` with `peopleOffsite` people within 500 m.
    /// - Throws: ``HazardError`` for a negative quantity or people count, or a substance without Q or β.
    public func grade(_ holdings: [Holding], peopleOffsite: Int) throws(HazardError) -> Result {
        guard !holdings.isEmpty else { throw .insufficientData("no substances stored: nothing to grade") }
        guard peopleOffsite >= 0 else {
            throw .outOfRange(field: "people exposed off-site", value: Double(peopleOffsite), validRange: "≥ 0", why: "a head count")
        }
        var terms: [(String, Double, Double)] = []
        for h in holdings {
            try require(h.quantityTonnes, in: 0...1e7, field: "quantity of \(h.substance.name) (t)", why: "tonnes stored, not negative")
            guard let q = h.substance.criticalQuantityTonnes else { throw .missingProperty(substance: h.substance.name, property: "GB 18218 critical quantity") }
            guard let beta = h.substance.gb18218Beta else { throw .missingProperty(substance: h.substance.name, property: "GB 18218 β") }
            terms.append((h.substance.name, h.quantityTonnes / q, beta))
        }
        let s = terms.reduce(0) { $0 + $1.1 }
        let alpha = alphaByPeople.first { peopleOffsite >= $0.atLeast }?.alpha ?? alphaByPeople.last!.alpha
        let r = alpha * terms.reduce(0) { $0 + $1.2 * $1.1 }
        let grade: Grade? = s < 1 ? nil
            : r >= gradeBounds.first ? .first : r >= gradeBounds.second ? .second : r >= gradeBounds.third ? .third : .fourth
        return Result(sumOfRatios: s, isMajorHazardSource: s >= 1, alpha: alpha, r: r, grade: grade, terms: terms,
                      caveats: ["GB 18218-2018 factors (Q, β, α, grade bounds) are configurable data marked verify; check them against the standard before an official grading."])
    }
}
