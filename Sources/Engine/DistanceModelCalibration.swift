import SpatialCore

/// One measured trip for calibrating a ``DistanceTravelModel``.
public struct MeasuredTrip: Sendable, Hashable {
    /// The candidate that drove (station or unit id), for per-origin offsets; nil when unknown.
    public var originID: String?
    public var origin: Coordinate
    public var target: Coordinate
    /// Measured seconds from the moment the model's answer covers (e.g. wheels rolling, or the call) to arrival.
    public var travelSeconds: Double

    public init(originID: String? = nil, origin: Coordinate, target: Coordinate, travelSeconds: Double) {
        self.originID = originID
        self.origin = origin
        self.target = target
        self.travelSeconds = travelSeconds
    }
}

/// A calibration that cannot be made, with the reason.
public struct CalibrationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Fits `t = a + b·d + c·√d` to measured trips by least absolute deviations (robust: a few trips that waited
/// for a crew or went to the wrong street do not pull the line), solved by iteratively reweighted least squares.
///
/// A negative slope is not physical; that term is dropped and the rest refitted. Rows with a non-finite or
/// non-positive time, or an invalid position, are skipped and counted. O(rows × iterations).
public enum DistanceModelCalibration {
    /// Fewer usable rows than this is refused.
    public static let minimumRows = 20

    /// The fitted model; `source` says where the rows came from ("LFB dwelling fires January–March 2009").
    public static func fit(_ trips: [MeasuredTrip], source: String, iterations: Int = 60) throws -> DistanceTravelModel {
        let usable = trips.filter {
            $0.travelSeconds.isFinite && $0.travelSeconds > 0
                && DistanceTravelModel.isPlaceable($0.origin) && DistanceTravelModel.isPlaceable($0.target)
        }
        guard usable.count >= minimumRows else {
            throw CalibrationError("distance model: \(usable.count) usable trips from \(source) (of \(trips.count)); at least \(minimumRows) needed")
        }
        let d = usable.map { Haversine.distanceMetres($0.origin, $0.target) }
        let y = usable.map(\.travelSeconds)
        // Terms: 0 intercept, 1 linear, 2 square root. Drop a slope that comes out negative and refit.
        var terms = [0, 1, 2]
        var beta: [Double] = []
        while true {
            beta = leastAbsoluteDeviations(distances: d, seconds: y, terms: terms, iterations: iterations)
            if let negative = terms.indices.dropFirst().first(where: { beta[$0] < 0 }) {
                terms.remove(at: negative)
                guard terms.count > 1 else {
                    throw CalibrationError("distance model: in the \(usable.count) trips from \(source), time does not grow with distance")
                }
                continue
            }
            break
        }
        var coefficient = [0.0, 0.0, 0.0]
        for (i, term) in terms.enumerated() { coefficient[term] = beta[i] }
        guard coefficient[1] + coefficient[2] > 0 else {
            throw CalibrationError("distance model: in the \(usable.count) trips from \(source), time does not grow with distance")
        }
        let unfitted = DistanceTravelModel(interceptSeconds: coefficient[0], secondsPerMetre: coefficient[1],
                                           secondsPerRootMetre: coefficient[2], fittedOn: "")
        let errors = zip(d, y).map { abs(unfitted.travelSeconds(distanceMetres: $0) - $1) }
        let skipped = trips.count - usable.count
        return DistanceTravelModel(interceptSeconds: coefficient[0], secondsPerMetre: coefficient[1], secondsPerRootMetre: coefficient[2],
                                   fittedOn: "fitted on \(usable.count) trips from \(source)" + (skipped > 0 ? " (\(skipped) rows skipped)" : ""),
                                   medianAbsoluteErrorSeconds: percentile(errors, 50))
    }

    /// Weighted least squares with weights 1/|residual| repeated: converges to the L1 (median) fit.
    static func leastAbsoluteDeviations(distances: [Double], seconds: [Double], terms: [Int], iterations: Int) -> [Double] {
        let n = terms.count
        func row(_ d: Double) -> [Double] { terms.map { [1, d, d.squareRoot()][$0] } }
        var weights = [Double](repeating: 1, count: distances.count)
        var beta = [Double](repeating: 0, count: n)
        for _ in 0..<max(1, iterations) {
            var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n), b = [Double](repeating: 0, count: n)
            for (k, d) in distances.enumerated() {
                let x = row(d), w = weights[k]
                for i in 0..<n {
                    b[i] += w * x[i] * seconds[k]
                    for j in 0..<n { a[i][j] += w * x[i] * x[j] }
                }
            }
            guard let solved = solve(a, b) else { break }
            beta = solved
            for (k, d) in distances.enumerated() {
                let fitted = zip(row(d), beta).reduce(0) { $0 + $1.0 * $1.1 }
                weights[k] = 1 / max(abs(seconds[k] - fitted), 1)
            }
        }
        return beta
    }

    /// Gaussian elimination with partial pivoting; nil when singular. O(n³) for the tiny n here.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, v = b
        let n = v.count
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-12 else { return nil }
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for r in (col + 1)..<n {
                let f = m[r][col] / m[col][col]
                for c in col..<n { m[r][c] -= f * m[col][c] }
                v[r] -= f * v[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            x[r] = (v[r] - ((r + 1)..<n).reduce(0) { $0 + m[r][$1] * x[$1] }) / m[r][r]
        }
        return x
    }

    /// The `p`-th percentile (0…100) by linear interpolation between order statistics; NaN when empty. O(n log n).
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        let rank = min(max(p, 0), 100) / 100 * Double(s.count - 1)
        let lo = Int(rank.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (s[hi] - s[lo]) * (rank - Double(lo))
    }
}
