import Foundation
import SpatialCore
import SpatialStore
import TimeSeries

/// Sensor readings from a file or standard input into the city store.
///
/// A file is one transaction with its audit row: all its good readings or none (a killed process leaves the store as
/// it was). Standard input commits every `batchReadings` readings, each batch its own audited transaction, so a feed
/// that runs for days keeps what it delivered. Bad lines are counted and reported with their numbers, never fatal
/// (with `strict`, any rejected line refuses the whole file). When a reading's sensor is a feature of the `sensors`
/// layer with a `unit` of the same dimension, values are converted to that unit (L/s → m3/h).
public enum SensorIngest {
    public struct Request: Sendable {
        public var path: String
        public var format: ReadingFormat?
        public var options: ReadOptions
        public var batchReadings: Int
        public var retentionDays: Int?
        public var strict: Bool

        public init(path: String, format: ReadingFormat? = nil, options: ReadOptions = ReadOptions(), batchReadings: Int = 1000,
                    retentionDays: Int? = nil, strict: Bool = false) {
            self.path = path
            self.format = format
            self.options = options
            self.batchReadings = batchReadings
            self.retentionDays = retentionDays
            self.strict = strict
        }
    }

    public struct Result: Sendable {
        public var format: ReadingFormat
        public var series: [SeriesInfo]
        public var report: ReadReport
        public var outcome: ReadingsOutcome
        public var transactions: Int
    }

    /// Reads a mapping file: `source,sensor_id` per line (a header and `#` comments allowed). Throws naming the line.
    public static func mapping(path: String) throws -> [String: String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw ReadError("cannot read mapping \(path): \(error.localizedDescription)") }
        var out: [String: String] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || (i == 0 && line.lowercased().hasPrefix("source")) { continue }
            let f = line.split(separator: ",", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, !f[0].isEmpty, !f[1].isEmpty else { throw ReadError("\(path):\(i + 1): expected 'source,sensor_id', found '\(line)'") }
            out[f[0]] = f[1]
        }
        return out
    }

    /// Readings sorted together when a file is ingested (24 MB): the larger the batch, the more inserts land in
    /// key order — with thousands of interleaved sensors a 64 k batch reaches only 60 % of a fully sorted load.
    public static let fileBatchReadings = 1 << 20

    public static func ingest(store: CityStore, _ request: Request, actor: Actor) throws -> Result {
        let stream = try ReadingStream(path: request.path, format: request.format, options: request.options)
        var declared = 0
        var conversions: [Double] = []
        /// Declares the series met so far and works out each one's conversion to the sensors layer's unit.
        func declareNew(_ writer: ReadingsWriter) throws {
            let all = stream.sensors.series
            while declared < all.count {
                var info = all[declared]
                var factor = 1.0
                let feature = try store.feature(id: info.sensorID).flatMap { $0.layer == .sensors ? $0 : nil }
                if case let .text(quantity)? = feature?.properties["quantity"] { info.quantity = quantity }   // the sensor says what it measures
                if let feature, case let .text(unitText)? = feature.properties["unit"], unitText != info.unit,
                   let target = SensorUnit(unitText), let source = SensorUnit(info.unit) {
                    guard target.dimension == source.dimension else {
                        throw ReadError("sensor \(info.sensorID) measures \(target.dimension) in \(target.symbol); the input gives \(source.symbol) (\(source.dimension))")
                    }
                    factor = source.factorToBase / target.factorToBase
                    info.unit = target.symbol
                }
                conversions.append(factor)
                try writer.declare(index: Int32(declared), SeriesRecord(sensorID: info.sensorID, quantity: info.quantity, unit: info.unit,
                                                                         timeZone: info.timeZone, retentionDays: request.retentionDays))
                declared += 1
            }
        }
        func convert(_ batch: inout [SensorReading]) {
            guard conversions.contains(where: { $0 != 1 }) else { return }
            for i in batch.indices { batch[i].value *= conversions[Int(batch[i].sensor)] }
        }
        func issues() -> String { stream.report.summary.joined(separator: "; ") }

        var total = ReadingsOutcome()
        var transactions = 0
        let source = request.path == "-" ? "stdin" : request.path
        if request.path == "-" {
            var batchNumber = 0
            while true {
                let rejectedBefore = stream.report.rejectedLines
                guard var batch = try stream.next(limit: request.batchReadings) else { break }
                batchNumber += 1
                let rejected = stream.report.rejectedLines - rejectedBefore
                let o = try store.ingestReadings(actor: actor, source: source, format: stream.format.rawValue, batch: batchNumber) { writer in
                    declared = 0          // each batch's writer is new: declare every series to it
                    conversions = []
                    try declareNew(writer)
                    convert(&batch)
                    try writer.write(&batch)
                    return (batch.count, rejected, issues())
                }
                total.add(o)
                transactions += 1
            }
            // Input with lines but no reading (all rejected) still leaves its audit row.
            if stream.report.lines > 0, transactions == 0 {
                try store.ingestReadings(actor: actor, source: source, format: stream.format.rawValue, batch: 1) { _ in
                    (0, stream.report.rejectedLines, issues())
                }
                transactions = 1
            }
        } else {
            total = try store.ingestReadings(actor: actor, source: source, format: stream.format.rawValue) { writer in
                var count = 0
                while var batch = try stream.next(limit: Self.fileBatchReadings) {
                    try declareNew(writer)
                    convert(&batch)
                    count += batch.count
                    try writer.write(&batch)
                }
                if request.strict, stream.report.rejectedLines > 0 {
                    throw ReadError("\(source): \(stream.report.rejectedLines) lines rejected (--strict): " + issues() + "; nothing stored")
                }
                return (count, stream.report.rejectedLines, issues())
            }
            transactions = 1
        }
        return Result(format: stream.format, series: stream.sensors.series, report: stream.report, outcome: total, transactions: transactions)
    }
}
