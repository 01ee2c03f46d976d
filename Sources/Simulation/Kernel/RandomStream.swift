import Foundation
import SpatialCore

/// The simulator's seeded generator with the draws a model needs. Same seed → same numbers on every run
/// and platform (SplitMix64 underneath; `log`, `exp`, `sqrt`, `cos` from the C library, IEEE-exact enough
/// that every platform Beacon builds on agrees). Each draw is O(1) unless stated.
public struct RandomStream: Sendable {
    @usableFromInline var generator: SplitMix64

    @inlinable public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// An independent stream for replication `index` (seeds spread by the SplitMix64 increment).
    public static func replication(_ index: Int, of seed: UInt64) -> RandomStream {
        var g = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        return RandomStream(seed: g.next())
    }

    /// Uniform in [0, 1).
    @inlinable public mutating func unit() -> Double { generator.unit() }

    /// Uniform integer in 0..<count (count > 0).
    @inlinable public mutating func index(_ count: Int) -> Int { Int(generator.next() % UInt64(count)) }

    /// Exponential with the given mean (seconds or any unit); inverse transform on (0, 1].
    @inlinable public mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// Standard normal by Box–Muller (one of the pair; simple and stream-stable).
    @inlinable public mutating func standardNormal() -> Double {
        let u1 = 1 - unit(), u2 = unit()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Lognormal with log-mean `mu` and log-sd `sigma`.
    @inlinable public mutating func lognormal(mu: Double, sigma: Double) -> Double { exp(mu + sigma * standardNormal()) }
}

/// A positive duration distribution as a scenario names it; draws in seconds.
public enum DurationDistribution: Sendable, Hashable, CustomStringConvertible {
    case fixed(seconds: Double)
    case exponential(meanSeconds: Double)
    /// Lognormal given by its median and 90th percentile (how field data is usually summarised).
    case lognormal(medianSeconds: Double, p90Seconds: Double)
    /// Inverse of the empirical CDF of `sortedSeconds`, interpolated linearly between order statistics.
    case empirical(sortedSeconds: [Double])

    /// z of the 90th percentile of the standard normal.
    public static let z90 = 1.2815515655446004

    @inlinable public func draw(_ random: inout RandomStream) -> Double {
        switch self {
        case let .fixed(s): return s
        case let .exponential(m): return random.exponential(mean: m)
        case let .lognormal(median, p90):
            let sigma = log(p90 / median) / Self.z90
            return random.lognormal(mu: log(median), sigma: sigma)
        case let .empirical(xs):
            let position = random.unit() * Double(xs.count - 1)
            let i = Int(position), f = position - Double(i)
            return i + 1 < xs.count ? xs[i] + f * (xs[i + 1] - xs[i]) : xs[i]
        }
    }

    /// The distribution's mean, seconds (the sample mean for empirical).
    public var meanSeconds: Double {
        switch self {
        case let .fixed(s): s
        case let .exponential(m): m
        case let .lognormal(median, p90): median * exp(pow(log(p90 / median) / Self.z90, 2) / 2)
        case let .empirical(xs): xs.reduce(0, +) / Double(max(1, xs.count))
        }
    }

    public var description: String {
        switch self {
        case let .fixed(s): "fixed \(s) s"
        case let .exponential(m): "exponential, mean \(m) s"
        case let .lognormal(median, p90): "lognormal, median \(median) s, p90 \(p90) s"
        case let .empirical(xs): "empirical, \(xs.count) values"
        }
    }
}

/// A choice among items by weight: cumulative weights and a binary search, O(log n) per draw.
public struct WeightedChoice: Sendable {
    public let cumulative: [Double]
    /// nil when there is nothing to choose or every weight is zero.
    public init?(weights: [Double]) {
        var sum = 0.0
        cumulative = weights.map { sum += max(0, $0); return sum }
        guard sum > 0 else { return nil }
    }
    @inlinable public func draw(_ random: inout RandomStream) -> Int {
        let target = random.unit() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
