import Foundation
import Testing
@testable import Simulation

@Suite struct KernelTests {
    @Test func equalTimesComeOutInInsertionOrder() {
        var q = EventQueue<Int>()
        var random = RandomStream(seed: 7)
        // 2,000 events on 10 distinct times: within a time, insertion order must survive the heap.
        for i in 0..<2000 { q.schedule(i, at: Double(random.index(10))) }
        var last = (-1.0, -1)
        var count = 0
        while let (t, e) = q.pop() {
            #expect(t > last.0 || (t == last.0 && e > last.1), "event \(e) at \(t) after \(last.1) at \(last.0)")
            last = (t, e)
            count += 1
        }
        #expect(count == 2000)
    }

    @Test func kernelRefusesThePastAndStopsAtTheHorizon() throws {
        var k = DiscreteEventKernel<String>()
        try k.schedule("b", at: 5)
        k.schedule("a", after: 1)
        #expect(k.next()?.event == "a")
        #expect(k.now == 1)
        #expect(throws: CausalityError.self) { try k.schedule("late", at: 0.5) }
        #expect(k.next(until: 4) == nil)
        #expect(k.now == 1)
        #expect(k.next()?.event == "b")
        #expect(k.processed == 2)
    }

    @Test func sameSeedSameStreamAndReplicationsDiffer() {
        var a = RandomStream(seed: 42), b = RandomStream(seed: 42)
        let xs = (0..<100).map { _ in a.exponential(mean: 3) }, ys = (0..<100).map { _ in b.exponential(mean: 3) }
        #expect(xs == ys)
        var r0 = RandomStream.replication(0, of: 42), r1 = RandomStream.replication(1, of: 42)
        #expect(r0.unit() != r1.unit())
    }

    @Test func distributionsHaveTheirMoments() {
        var r = RandomStream(seed: 1)
        let n = 200_000
        let exp = (0..<n).map { _ in r.exponential(mean: 600) }
        #expect(abs(SampleStatistics.mean(exp)! - 600) < 10)
        let logn = DurationDistribution.lognormal(medianSeconds: 1200, p90Seconds: 2400)
        let ln = (0..<n).map { _ in logn.draw(&r) }
        #expect(abs(SampleStatistics.quantile(ln, 0.5)! - 1200) < 20)
        #expect(abs(SampleStatistics.quantile(ln, 0.9)! - 2400) < 50)
        #expect(abs(SampleStatistics.mean(ln)! - logn.meanSeconds) < 15)
        let emp = DurationDistribution.empirical(sortedSeconds: [10, 20, 30, 40])
        let es = (0..<n).map { _ in emp.draw(&r) }
        #expect(es.allSatisfy { $0 >= 10 && $0 <= 40 })
        #expect(abs(SampleStatistics.mean(es)! - 25) < 0.2)
        let choice = WeightedChoice(weights: [1, 0, 3])!
        var counts = [0, 0, 0]
        for _ in 0..<n { counts[choice.draw(&r)] += 1 }
        #expect(counts[1] == 0)
        #expect(abs(Double(counts[2]) / Double(counts[0]) - 3) < 0.1)
    }

    @Test func thinningFollowsTheWeeklyProfile() {
        // Nights (00–06) at a quarter of the day rate: counts per hour of day must follow.
        let hourly = (0..<24).map { $0 < 6 ? 1.0 : 4.0 }
        let profile = WeeklyProfile.separable(hourly: hourly, weekday: Array(repeating: 1, count: 7))!
        let arrivals = PoissonArrivals(meanPerHour: 20, profile: profile, originHourOfWeek: 0)
        var r = RandomStream(seed: 9)
        var t = 0.0, byHour = [Double](repeating: 0, count: 24), total = 0.0
        let horizon = 52 * 168 * 3600.0
        while true {
            t = arrivals.next(after: t, &r)
            if t > horizon { break }
            byHour[Int(t / 3600) % 24] += 1
            total += 1
        }
        #expect(abs(total / (horizon / 3600) - 20) < 0.3)
        let night = byHour[0..<6].reduce(0, +) / 6, day = byHour[6...].reduce(0, +) / 18
        #expect(abs(day / night - 4) < 0.15)
    }

    @Test func confidenceIntervalUsesStudentT() {
        let ci = SampleStatistics.meanWithCI95([1, 2, 3, 4, 5])!
        #expect(ci.mean == 3)
        #expect(abs(ci.halfWidth! - 2.776 * (2.5 / 5).squareRoot()) < 1e-9)
        #expect(abs(SampleStatistics.quantile([1, 2, 3, 4], 0.9)! - 3.7) < 1e-12)
    }
}
