import ArgumentParser
import Engine
import Foundation
import RuleEngine
import SpatialStore
import TimeSeries

/// `beacon alarms`: sensor alarms from the stored series, and the incidents they open through the plans.
struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "Sensor alarms (thresholds with hysteresis, fall rates, seasonal anomalies); optionally open incidents through the plans.",
        discussion: """
            Detectors come from the sensors layer (alarm_low, alarm_high, kind, network) and each series' quantity.
            Plans/sensor_alarms.csv says which alarm opens which incident type with which facts; --open-incidents opens
            them (one per type and 3-hour window, each audited; an incident already opened for the same first alarm is
            not opened again).
            Examples:
              beacon alarms
              beacon alarms --sensor ex:sensor/rain-1 --from 2016-07-20 --to 2016-07-22
              beacon alarms --open-incidents
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var plansOptions: PlansOptions
    @Option(name: .customLong("sensor"), help: "Only this sensor (repeatable).") var sensors: [String] = []
    @OptionGroup var range: SeriesRange
    @Flag(help: "Open the incidents the alarms call for, through the plans.") var openIncidents = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: !openIncidents)
        defer { store.close() }
        do {
            let (from, to) = try range.bounds(zone: "Asia/Shanghai")
            let alarms = try SensorAlarms.evaluate(store: store, sensors: sensors.isEmpty ? nil : sensors, from: from, to: to)
            var opened: [(SensorAlarms.IncidentRequest, OpenedIncident?)] = []
            if openIncidents {
                let library = try plansOptions.load()
                let rules = try SensorAlarms.rules(directory: plansOptions.directory, library: library)
                opened = try SensorAlarms.open(SensorAlarms.incidents(for: alarms, rules: rules), store: store, library: library, actor: .commandLine)
            }
            let zone = ZoneOffsets("Asia/Shanghai")
            if json {
                struct Out: Encodable { var alarms: [AlarmEpisode]; var incidents: [Opened] }
                struct Opened: Encodable { var id: String?; var type: String; var level: String?; var calledAt: String; var facts: [String]; var sensors: [String] }
                print(try jsonText(Out(alarms: alarms.map(\.episode), incidents: opened.map { req, o in
                    Opened(id: o?.id, type: req.type.code, level: o?.level.description, calledAt: CivilTime.iso(req.calledAt, zone: zone), facts: req.facts,
                           sensors: req.alarms.map(\.episode.sensorID)) })))
                return
            }
            var table = TextTable("sensor", "alarm", "raised (+08:00)", "cleared", "peak", "limit", "unit", "detector", rightAligned: [4, 5])
            for a in alarms {
                let e = a.episode
                table.add(e.sensorID, e.kind.rawValue, CivilTime.iso(e.raisedAt, zone: zone), e.clearedAt.map { CivilTime.iso($0, zone: zone) } ?? "standing",
                          format(e.peak), format(e.limit), e.unit, a.detector)
            }
            print(alarms.isEmpty ? "no alarms" : table.render())
            for (req, o) in opened {
                if let o {
                    print("opened \(o.id): \(req.type.code) \(req.type.nameZh) \(req.type.nameEn), level \(o.level), from \(req.alarms.count) alarm(s) at \(req.alarms[0].episode.sensorID); \(req.facts.joined(separator: " "))")
                    print("  plans \(o.activePlans.joined(separator: ", ")); \(o.tasks.count) tasks: " + o.tasks.prefix(4).map { "\($0.planID)/\($0.step.id)" }.joined(separator: ", ") + (o.tasks.count > 4 ? " …" : ""))
                } else {
                    print("already open: \(req.type.code) from \(req.alarms[0].episode.sensorID) at \(CivilTime.iso(req.calledAt, zone: zone))")
                }
            }
        } catch let e as IncidentError { throw CLIError(e.description) }
    }
}
