import ArgumentParser
import Engine
import Foundation
import SpatialStore
import TimeSeries

extension ReadingFormat: ExpressibleByArgument {}

/// `beacon ingest FILE|-`: sensor readings into the store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest sensor readings (CSV, JSON Lines, L-Town SCADA, Beijing PRSA) from a file or standard input.",
        discussion: """
            A file is one transaction with its audit row: all its good readings or nothing. Standard input (-) commits
            every --batch readings, each batch audited. Bad lines (unparseable timestamps or values, unknown units, mixed
            separators) are skipped and reported with their line numbers; duplicates, out-of-order readings, gaps and
            spikes are counted and reported; --strict refuses a file with any bad line.
            Examples:
              beacon ingest ../shared/data/sensors/2019_SCADA_Flows.csv --format ltown --prefix ltown:
              beacon ingest MapData/sensors/ltown_2019-06_flows.csv --format ltown --map MapData/sensors/mapping.csv
              beacon ingest PRSA_Data_Dongsi_20130301-20170228.csv --format prsa --columns PM2.5,RAIN
              tail -f feed.jsonl | beacon ingest - --format jsonl --batch 100
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "A file, or - for standard input.") var file: String
    @Option(help: "csv (sensor,t,value[,unit]), jsonl, ltown (wide, ';' and decimal commas) or prsa (default: from the file name).") var format: ReadingFormat?
    @Option(name: .customLong("sensor"), help: "Bind an input series to a store sensor: NAME=SENSOR_ID (repeatable); only bound series are read.") var sensors: [String] = []
    @Option(help: "A mapping file of source,sensor_id lines (e.g. MapData/sensors/mapping.csv).") var map: String?
    @Option(help: "Time zone of timestamps without an offset (default UTC; PRSA: Asia/Shanghai).") var tz: String?
    @Option(help: "Unit for series whose input names none.") var unit: String?
    @Option(help: "Quantity for series whose input names none.") var quantity: String?
    @Option(help: "Columns to read (wide and PRSA files), comma-separated.") var columns: String?
    @Option(help: "Prefix for sensor ids made from column names.") var prefix: String?
    @Option(help: "Standard input: readings per committed batch.") var batch: Int = 1000
    @Option(help: "Keep raw readings this many days behind the newest (roll-ups stay).") var retentionDays: Int?
    @Flag(help: "Refuse the whole file when any line is bad.") var strict = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
        for s in sensors where !s.contains("=") { throw ValidationError("--sensor '\(s)' is not NAME=SENSOR_ID") }
    }

    func run() throws {
        var mapping = try map.map { try SensorIngest.mapping(path: $0) } ?? [:]
        for s in sensors {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            mapping[parts[0]] = parts[1]
        }
        let options = ReadOptions(timeZone: tz, quantity: quantity, unit: unit, mapping: mapping,
                                  columns: columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }, idPrefix: prefix)
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let result: SensorIngest.Result
        do {
            result = try SensorIngest.ingest(store: store, .init(path: file, format: format, options: options, batchReadings: batch,
                                                                 retentionDays: retentionDays, strict: strict), actor: .commandLine)
        } catch let e as ReadError { throw CLIError(e.description) } catch let e as StoreError { throw CLIError(e.description) }
        let r = result.report
        if json {
            struct Out: Encodable {
                var source: String, format: String, lines: Int, readings: Int, inserted: Int, replaced: Int, unchanged: Int, superseded: Int
                var rejectedLines: Int, transactions: Int, series: [SeriesInfo], issues: [String: Int], examples: [String]
            }
            let out = Out(source: file, format: result.format.rawValue, lines: r.lines, readings: r.readings, inserted: result.outcome.inserted,
                          replaced: result.outcome.replaced, unchanged: result.outcome.unchanged, superseded: result.outcome.superseded,
                          rejectedLines: r.rejectedLines, transactions: result.transactions, series: result.series,
                          issues: Dictionary(uniqueKeysWithValues: r.counts.map { ($0.key.rawValue, $0.value) }), examples: r.examples.map(\.description))
            print(try jsonText(out))
            return
        }
        print("\(file == "-" ? "stdin" : file) (\(result.format.rawValue)): \(r.lines) lines, \(r.readings) readings in \(result.series.count) series, "
              + "\(result.transactions) transaction\(result.transactions == 1 ? "" : "s")")
        print("  store: \(result.outcome.summary)")
        if r.rejectedLines > 0 { print("  rejected lines: \(r.rejectedLines)") }
        for line in r.summary { print("  \(line)") }
        for e in r.examples.filter({ $0.kind.isRejection }).prefix(10) { print("    \(e)") }
        var table = TextTable("sensor", "quantity", "unit", "time zone")
        for s in result.series { table.add(s.sensorID, s.quantity, s.unit, s.timeZone) }
        print(table.render())
    }
}

/// Pretty, sorted JSON of an encodable value.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try e.encode(value), as: UTF8.self)
}
