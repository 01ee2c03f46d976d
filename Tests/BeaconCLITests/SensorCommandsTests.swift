import Foundation
import Testing
import TestSupport

/// `beacon ingest`, `beacon series …` and `beacon alarms --open-incidents` end to end as a user runs them: the default
/// city's sensor excerpts on the overlay's rain gauges and flow meters, a feed on standard input, and a process killed
/// in the middle of a file.
@Suite struct SensorCommandsTests {
    let plans = TestPaths.repoRoot.appendingPathComponent("Plans").path
    let sensors = TestPaths.mapData.appendingPathComponent("sensors")

    /// Three overlay-like sensors (ids as in MapData/sensors/mapping.csv) at People's Square.
    static let sensorFeatures = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"ex:sensor/rain-1","properties":{"layer":"sensors","kind":"rain_gauge","unit":"mm/h","quantity":"rain rate","alarm_high":30},"geometry":{"type":"Point","coordinates":[121.4737,31.2304]}},
        {"type":"Feature","id":"ex:sensor/water-flow-3-tank","properties":{"layer":"sensors","kind":"flow","unit":"m3/h","quantity":"flow","network":"water"},"geometry":{"type":"Point","coordinates":[121.48,31.23]}},
        {"type":"Feature","id":"ex:sensor/road-water-1","properties":{"layer":"sensors","kind":"water_level","unit":"cm","alarm_high":15},"geometry":{"type":"Point","coordinates":[121.47,31.23]}}
        ]}
        """

    func setUp(_ name: String) throws -> (URL, [String: String]) {
        let dir = TestPaths.temporaryDirectory(name)
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": plans]
        #expect(try BeaconBinary.run(["init", store, "--name", "sensors"], environment: env).status == 0)
        let file = dir.appendingPathComponent("sensors.geojson")
        try Self.sensorFeatures.write(to: file, atomically: true, encoding: .utf8)
        let imported = try BeaconBinary.run(["import", "geojson", file.path], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        return (dir, env)
    }

    /// Runs beacon with `input` on its standard input.
    func runWithInput(_ args: [String], input: String, env: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = BeaconBinary.url
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let inPipe = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inPipe
        p.standardOutput = out
        p.standardError = err
        try p.run()
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func ingestShowForecastAndOpenIncidentsFromAlarms() throws {
        let (dir, env) = try setUp("sensor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let map = sensors.appendingPathComponent("mapping.csv").path
        let flows = try BeaconBinary.run(["ingest", sensors.appendingPathComponent("ltown_2019-05-18_2019-06-16_flows.csv").path, "--format", "ltown",
                                          "--map", map, "--tz", "Asia/Shanghai", "--sensor", "PUMP_1=ex:sensor/water-flow-3-tank"], environment: env)
        #expect(flows.status == 0, "\(flows.stderr)")
        #expect(flows.stdout.contains("8640 readings in 1 series") || flows.stdout.contains("25920 readings in 3 series"), "\(flows.stdout)")
        let rain = try BeaconBinary.run(["ingest", sensors.appendingPathComponent("PRSA_Data_Dongsi_20160828-20160917.csv").path, "--map", map, "--json"], environment: env)
        #expect(rain.status == 0, "\(rain.stderr)")
        #expect(rain.stdout.contains("\"missing value\" : 30"), "\(rain.stdout)")

        let show = try BeaconBinary.run(["series", "show", "ex:sensor/rain-1", "--bucket", "1h", "--agg", "max",
                                         "--from", "2016-09-11T03:00:00+08:00", "--to", "2016-09-11T04:00:00+08:00"], environment: env)
        #expect(show.status == 0 && show.stdout.contains("46.4"), "\(show.stdout)\(show.stderr)")
        let stats = try BeaconBinary.run(["series", "stats", "ex:sensor/water-flow-3-tank", "--json"], environment: env)
        #expect(stats.stdout.contains("\"count\" : 8640"), "\(stats.stdout)")
        let forecast = try BeaconBinary.run(["series", "forecast", "ex:sensor/water-flow-3-tank", "--horizon", "6"], environment: env)
        #expect(forecast.status == 0 && forecast.stdout.contains("95 % high"), "\(forecast.stderr)")
        let unknown = try BeaconBinary.run(["series", "stats", "ex:sensor/nope"], environment: env)
        #expect(unknown.status != 0 && unknown.stderr.contains("no series 'ex:sensor/nope'"))

        let alarms = try BeaconBinary.run(["alarms", "--open-incidents"], environment: env)
        #expect(alarms.status == 0, "\(alarms.stderr)")
        #expect(alarms.stdout.contains("11300 暴雨内涝") && alarms.stdout.contains("level III") && alarms.stdout.contains("sensor.rain_rate=46.4 mm/h"), "\(alarms.stdout)")
        #expect(alarms.stdout.contains("23200 供水管道爆裂") && alarms.stdout.contains("alarm.first_at=2019-06-12T23:59:59+08:00"), "\(alarms.stdout)")
        // Again: nothing new is opened.
        let again = try BeaconBinary.run(["alarms", "--open-incidents"], environment: env)
        #expect(!again.stdout.contains("opened ") && again.stdout.contains("already open"), "\(again.stdout)")
        #expect(try BeaconBinary.run(["audit", "--verify"], environment: env).status == 0)
    }

    @Test func standardInputCommitsInAuditedBatchesAndReportsBadLines() throws {
        let (dir, env) = try setUp("sensor-stdin")
        defer { try? FileManager.default.removeItem(at: dir) }
        var feed = ""
        for i in 0..<25 { feed += #"{"sensor":"ex:sensor/road-water-1","t":\#(1_473_534_000 + i * 60),"value":\#(i % 20),"unit":"cm"}"# + "\n" }
        feed += #"{"sensor":"ex:sensor/road-water-1","t":"soon","value":3,"unit":"cm"}"# + "\n"
        feed += #"{"sensor":"ex:sensor/road-water-1","t":1473540000,"value":3,"unit":"fathoms"}"# + "\n"
        let r = try runWithInput(["ingest", "-", "--format", "jsonl", "--batch", "10"], input: feed, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("25 readings in 1 series, 3 transactions"), "\(r.stdout)")
        #expect(r.stdout.contains("unparseable timestamp: 1 (lines 26)") && r.stdout.contains("unknown unit: 1 (lines 27)"), "\(r.stdout)")
        let audit = try BeaconBinary.run(["audit", "--limit", "5"], environment: env)
        #expect(audit.stdout.components(separatedBy: "ingest.batch").count - 1 == 3, "\(audit.stdout)")
    }

    @Test func aKilledIngestLeavesNothingHalfWritten() throws {
        let (dir, env) = try setUp("sensor-kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.csv")
        var text = "sensor,t,value,unit\n"
        text.reserveCapacity(40_000_000)
        for i in 0..<1_000_000 { text += "k/\(i % 20),\(i / 20 * 60),\(i % 97),kPa\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        try BeaconBinary.killed(after: 0.8, ["ingest", file.path], environment: env)
        let list = try BeaconBinary.run(["series", "list", "--json"], environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        // Either the whole file (the process finished first) or none of it.
        let readings = list.stdout.components(separatedBy: "\"readings\" : ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }.reduce(0, +)
        #expect(readings == 0 || readings == 1_000_000, "\(readings) readings after kill -9")
        #expect(try BeaconBinary.run(["audit", "--verify"], environment: env).status == 0)
    }
}
