import Foundation

/// Summary statistics for simulation output.
public enum SampleStatistics {
    /// The `p`-quantile (0…1) by linear interpolation between order statistics (NumPy's default); nil when empty.
    /// O(n log n) (sorts a copy).
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let xs = values.sorted()
        let position = p * Double(xs.count - 1)
        let i = Int(position), f = position - Double(i)
        return i + 1 < xs.count ? xs[i] + f * (xs[i + 1] - xs[i]) : xs[i]
    }

    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Mean and the half-width of its 95 % confidence interval across replications (Student t, n − 1
    /// degrees of freedom); half-width nil with fewer than two values.
    public static func meanWithCI95(_ values: [Double]) -> (mean: Double, halfWidth: Double?)? {
        guard let m = mean(values) else { return nil }
        guard values.count > 1 else { return (m, nil) }
        let n = Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        return (m, studentT975(values.count - 1) * sqrt(variance / n))
    }

    /// The 97.5 % point of Student's t with `df` degrees of freedom (table to 30, then 1.96 + 2.4/df).
    static func studentT975(_ df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        return df >= 1 && df <= 30 ? table[df - 1] : 1.96 + 2.4 / Double(max(df, 1))
    }
}
