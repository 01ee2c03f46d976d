import ArgumentParser
import Engine
import Foundation
import SpatialCore
import SpatialStore

struct Segments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Valve segments of a whole network, worst breaks first (as WNTR's valve_segments).",
        discussion: """
            Examples:
              beacon segments --network water --top 10
              beacon segments --network gas --valves strategic --json
            A segment is what a crew isolates by closing valves. "customers on break" counts everyone who loses
            supply when a pipe in the segment breaks: the segment's own customers and those cut off behind it.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var pipeOptions: PipeNetworkOptions
    @Option(help: "Show the worst this many segments.") var top = 10
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws { if top < 1 { throw ValidationError("--top must be at least 1") } }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let context = try pipeOptions.load(store)
        let report = try context.segments()
        let rows = report.rows.prefix(top)
        if json {
            let items = rows.map { r -> String in
                let s = r.segment
                return "  {\"segment\":\(s.index),\"pipes\":\(s.linkCount),\"nodes\":\(s.nodeCount),"
                    + "\"pipe_length_m\":\(Int(s.pipeLengthMetres.rounded())),\"customers\":\(s.customers),"
                    + "\"customers_losing_supply_on_break\":\(r.customersLosingSupplyOnBreak.map(String.init) ?? "null"),"
                    + "\"valves_to_close\":\(s.valvesToClose),\"example_pipe\":\(GeoJSON.quote(r.examplePipe))}"
            }
            print("{\"network\":\(GeoJSON.quote(report.network)),\"nodes\":\(report.nodeCount),\"links\":\(report.linkCount),"
                  + "\"valves\":\(report.valveCount),\"segments\":\(report.segmentCount),\"worst\":[\n"
                  + items.joined(separator: ",\n") + "\n]}")
            for n in report.notes { note("note: \(n)") }
            return
        }
        print("network \(report.network): \(report.nodeCount) nodes, \(report.linkCount) links, \(report.valveCount) valves → "
              + "\(report.segmentCount) segments (\(String(format: "%.0f", report.partitionMicroseconds)) µs)")
        var table = TextTable("#", "pipes", "nodes", "length m", "customers", "customers on break", "valves to close", "example pipe",
                              rightAligned: [0, 1, 2, 3, 4, 5, 6])
        for r in rows {
            let s = r.segment
            table.add(String(s.index), String(s.linkCount), String(s.nodeCount), String(Int(s.pipeLengthMetres.rounded())),
                      String(s.customers), r.customersLosingSupplyOnBreak.map(String.init) ?? "—", String(s.valvesToClose), r.examplePipe)
        }
        print(table.render())
        for n in report.notes { print("Note: \(n)") }
    }
}
