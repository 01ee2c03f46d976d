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

/// A benchmark's command-line options: `--name VALUE` pairs and bare `--flag` switches, checked against
/// what the benchmark declares; anything else, or a value that does not parse, exits with status 2.
struct BenchOptions {
    let benchmark: String
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], benchmark: String, values valueNames: Set<String>, flags flagNames: Set<String> = []) {
        self.benchmark = benchmark
        var rest = arguments[...]
        while let name = rest.popFirst() {
            if flagNames.contains(name) {
                flags.insert(name)
            } else if valueNames.contains(name), let value = rest.popFirst() {
                values[name] = value
            } else {
                Self.fail("beacon-bench \(benchmark): unknown option or missing value '\(name)'")
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String, _ fallback: String) -> String { values[name] ?? fallback }

    /// A positive whole number, or `fallback` when the option is absent.
    func number<T: FixedWidthInteger>(_ name: String, _ fallback: T) -> T {
        guard let text = values[name] else { return fallback }
        guard let value = T(text), value > 0 else { Self.fail("beacon-bench \(benchmark): \(name) needs a positive whole number, not '\(text)'") }
        return value
    }

    private static func fail(_ message: String) -> Never {
        print(message)
        exit(2)
    }
}
