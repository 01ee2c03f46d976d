import SpatialCore
/// Reads sensor readings from a file or standard input in batches: parse (any ``ReadingFormat``), then the
/// quality checks of ``SeriesChecks``, each reading tagged with its line. Memory O(batch); a bad line is
/// reported and skipped, never fatal. A stream belongs to one task.
public final class ReadingStream {
    public let format: ReadingFormat
    public private(set) var sensors: SensorTable
    public private(set) var report = ReadReport()
    public var checks = SeriesChecks()
    private let source: LineSource
    private var parser: any RecordParser
    private var started = false

    /// Opens `path` ("-" for standard input) in `format` (guessed from the file name when nil; stdin defaults to CSV).
    public init(path: String, format: ReadingFormat?, options: ReadOptions) throws(ReadError) {
        let format = format ?? (path == "-" ? .csv : ReadingFormat.guess(path: path) ?? .csv)
        var options = options
        if format == .prsa, options.timeZone == "UTC" { options.timeZone = "Asia/Shanghai" }
        guard let zone = ZoneOffsets(options.timeZone) else {
            throw ReadError("unknown time zone '\(options.timeZone)'; use an IANA name such as Asia/Shanghai or UTC")
        }
        self.format = format
        sensors = SensorTable(mapping: options.mapping)
        source = path == "-" ? LineSource() : try LineSource(path: path)
        switch format {
        case .csv: parser = LongCSVParser(options: options, zone: zone)
        case .ltown: parser = WideCSVParser(options: options, zone: zone)
        case .prsa: parser = PRSAParser(options: options, zone: zone)
        case .jsonl: parser = JSONLinesParser(options: options, zone: zone)
        }
    }

    /// The next batch of up to `limit` readings (fewer when the input pauses at a line end is not waited for:
    /// a batch ends at `limit` or the end of input); nil when the input is exhausted.
    public func next(limit: Int = 65_536) throws(ReadError) -> [SensorReading]? {
        var out: [SensorReading] = []
        out.reserveCapacity(min(limit, 1 << 20))
        if !started, parser.hasHeader {
            started = true
            guard let header = source.nextLine() else { throw ReadError("empty input: no header line") }
            report.lines += 1
            try parser.header(header, sensors: &sensors)
        }
        started = true
        while out.count < limit, let line = source.nextLine() {
            report.lines += 1
            parser.parse(line, number: source.lineNumber, sensors: &sensors, into: &out, report: &report)
        }
        if out.isEmpty { return nil }
        checks.check(out, sensors: sensors, report: &report)
        report.readings += out.count
        return out
    }

    /// Everything at once, as series sorted by time with one value per instant (the last one read).
    public func readAll() throws(ReadError) -> [Series] {
        var all: [SensorReading] = []
        while let batch = try next() { all += batch }
        return Self.series(all, sensors: sensors)
    }

    /// Groups readings into series sorted by time; a repeated instant keeps the value read last.
    public static func series(_ readings: [SensorReading], sensors: SensorTable) -> [Series] {
        var bySensor = [[Reading]](repeating: [], count: sensors.series.count)
        for r in readings { bySensor[Int(r.sensor)].append(Reading(t: r.t, value: r.value)) }
        return bySensor.enumerated().map { i, rs in
            // Stable sort by time, then keep the last of equal instants.
            let sorted = rs.enumerated().sorted { $0.element.t != $1.element.t ? $0.element.t < $1.element.t : $0.offset < $1.offset }.map(\.element)
            var unique: [Reading] = []
            unique.reserveCapacity(sorted.count)
            for r in sorted { if unique.last?.t == r.t { unique[unique.count - 1] = r } else { unique.append(r) } }
            return Series(info: sensors.series[i], readings: unique)
        }
    }
}
