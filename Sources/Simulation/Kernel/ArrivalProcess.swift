/// Relative call rates by hour of the week: 168 multipliers, Monday 00:00–01:00 first, averaging 1.
/// Multiply by a mean rate to get calls per hour at any hour of the week.
public struct WeeklyProfile: Sendable, Hashable {
    /// 168 values, mean 1.
    public let multipliers: [Double]

    /// Normalises `weights` (168 non-negative values, not all zero) to mean 1; nil otherwise.
    public init?(weights: [Double]) {
        guard weights.count == 168, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
        let mean = weights.reduce(0, +) / 168
        guard mean > 0 else { return nil }
        multipliers = weights.map { $0 / mean }
    }

    /// The same rate at every hour.
    public static let flat = WeeklyProfile(weights: Array(repeating: 1, count: 168))!

    /// A profile from an hour-of-day shape (24 values) and a day-of-week shape (7 values, Monday first),
    /// multiplied: the separable approximation when the full 168-cell table is too sparse.
    public static func separable(hourly: [Double], weekday: [Double]) -> WeeklyProfile? {
        guard hourly.count == 24, weekday.count == 7 else { return nil }
        return WeeklyProfile(weights: (0..<168).map { weekday[$0 / 24] * hourly[$0 % 24] })
    }

    @inlinable public var peak: Double { multipliers.max() ?? 1 }
}

/// A non-homogeneous Poisson process whose rate follows a weekly profile, sampled by thinning
/// (Lewis & Shedler 1979): candidate gaps at the peak rate, each kept with probability rate(t) / peak.
/// Expected O(peak / mean) draws per arrival.
public struct PoissonArrivals: Sendable {
    /// Mean calls per hour over the week.
    public let meanPerHour: Double
    public let profile: WeeklyProfile
    /// Hour of the week (0 = Monday 00:00 local) at simulation time 0.
    public let originHourOfWeek: Double
    /// Rate multiplier over the whole run (a typhoon doubling calls is applied by the model, not here).
    @usableFromInline let peakPerSecond: Double

    public init(meanPerHour: Double, profile: WeeklyProfile, originHourOfWeek: Double) {
        self.meanPerHour = meanPerHour
        self.profile = profile
        self.originHourOfWeek = originHourOfWeek
        peakPerSecond = meanPerHour * profile.peak / 3600
    }

    /// Calls per hour at simulation time `t` seconds.
    @inlinable public func ratePerHour(at t: Double) -> Double {
        var h = (originHourOfWeek + t / 3600).truncatingRemainder(dividingBy: 168)
        if h < 0 { h += 168 }
        return meanPerHour * profile.multipliers[min(167, Int(h))]
    }

    /// The first arrival strictly after `t` (seconds); infinity when the rate is zero.
    @inlinable public func next(after t: Double, _ random: inout RandomStream) -> Double {
        guard peakPerSecond > 0 else { return .infinity }
        var time = t
        let peakPerHour = peakPerSecond * 3600
        while true {
            time += random.exponential(mean: 1 / peakPerSecond)
            if random.unit() * peakPerHour < ratePerHour(at: time) { return time }
        }
    }
}
