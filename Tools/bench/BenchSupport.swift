#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Monotonic wall clock in nanoseconds.
@inline(__always)
func nowNanoseconds() -> UInt64 { clockNanoseconds(CLOCK_MONOTONIC) }

/// CPU time of the calling thread in nanoseconds: excludes time spent descheduled, which on a
/// shared machine would otherwise dominate a mean.
@inline(__always)
func threadCPUNanoseconds() -> UInt64 { clockNanoseconds(CLOCK_THREAD_CPUTIME_ID) }

@inline(__always)
private func clockNanoseconds(_ clock: clockid_t) -> UInt64 {
    var t = timespec()
    clock_gettime(clock, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// Latency of one operation over many queries, in microseconds.
struct Latency: CustomStringConvertible {
    /// Thread CPU time of the whole loop divided by the queries.
    var meanMicroseconds: Double
    /// Wall-clock percentiles of queries timed one by one (includes the timer, ~0.03 µs).
    var p50Microseconds: Double
    var p99Microseconds: Double
    /// Results summed over all queries: the peers must agree on it (or say why not).
    var hits: Int

    /// Runs `body` for every query three times: a warm-up, the whole loop on the thread's CPU
    /// clock (the mean), and query by query on the wall clock (the percentiles).
    static func measure(queries: Int, _ body: (Int) -> Int) -> Latency {
        var hits = 0
        for q in 0..<queries { hits &+= body(q) }
        var sink = 0
        let start = threadCPUNanoseconds()
        for q in 0..<queries { sink &+= body(q) }
        let mean = Double(threadCPUNanoseconds() - start) / Double(queries) / 1_000
        var samples = [Double](repeating: 0, count: queries)
        for q in 0..<queries {
            let t0 = nowNanoseconds()
            sink &+= body(q)
            samples[q] = Double(nowNanoseconds() - t0) / 1_000
        }
        precondition(sink == 2 * hits, "the same queries gave different answers on another pass")
        samples.sort()
        return Latency(meanMicroseconds: mean, p50Microseconds: samples[queries / 2],
                       p99Microseconds: samples[min(queries - 1, queries * 99 / 100)], hits: hits)
    }

    var description: String {
        String(format: "%.2f (%.2f/%.2f)", meanMicroseconds, p50Microseconds, p99Microseconds)
    }
}

/// Pads or truncates for a fixed-width table column.
func column(_ text: String, _ width: Int, right: Bool = false) -> String {
    let count = text.count
    if count >= width { return text }
    let pad = String(repeating: " ", count: width - count)
    return right ? pad + text : text + pad
}

/// Milliseconds since `start` (from ``nowNanoseconds()``).
func millisecondsSince(_ start: UInt64) -> Double { Double(nowNanoseconds() - start) / 1e6 }
