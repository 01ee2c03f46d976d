// beacon-bench — benchmarks beside (not inside) the library, each against its peers in one run.
//
//   swift run -c release beacon-bench index [--points N] [--queries N] [--seed N] [--no-peers]
//
// Each benchmark lives in its own file and registers one line here.

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "index":
    IndexBenchmark(arguments: Array(arguments.dropFirst())).run()
case "import":
    ImportBenchmark(arguments: Array(arguments.dropFirst())).run()
case "segments":
    SegmentsBenchmark(arguments: Array(arguments.dropFirst())).run()
case "route":
    RouteBenchmark(arguments: Array(arguments.dropFirst())).run()
case "hazard":
    HazardBenchmark(arguments: Array(arguments.dropFirst())).run()
case "rules":
    RulesBenchmark(arguments: Array(arguments.dropFirst())).run()
case "dispatch":
    DispatchBenchmark(arguments: Array(arguments.dropFirst())).run()
case "dashboard":
    DashboardBenchmark(arguments: Array(arguments.dropFirst())).run()
case "simulation":
    SimulationBenchmark(arguments: Array(arguments.dropFirst())).run()
case "timeseries":
    TimeSeriesBenchmark(arguments: Array(arguments.dropFirst())).run()
default:
    print("""
        usage: beacon-bench BENCHMARK [options]

        benchmarks:
          index   in-memory PointIndex vs SpatiaLite R*Tree (SQL) vs shapely STRtree
                  [--points N (1000000)] [--queries N (100000)] [--seed N (20250809)] [--no-peers]
          import  Shanghai OSM import (time, peak memory) vs raw SQLite ingest; cold `beacon find`
          segments  valve segments vs WNTR valve_segments on every ../shared/data/epanet network; isolation µs
                  [--dir FOLDER] [--seed N (2025)] [--no-peers]
          route   one-to-all Dijkstra on a side² grid vs C binary heap and igraph; Shanghai 50-station many-to-one
                  [--side N (1000)] [--sources N (5)] [--seed N (20250809)] [--no-peers]
          hazard  chlorine plume + full impact on the default city; 1M points in the footprint vs shapely STRtree
                  [--store FILE (shanghai.beacon.sqlite)] [--points N (1000000)] [--repeats N (5)] [--seed N] [--no-peers]
          rules   sensor readings through 200 threshold/expression rules vs CLIPS 6.4 (clipspy) and durable_rules
                  [--facts N (100000)] [--repeats N (5)] [--seed N (20250809)] [--no-peers]
          dispatch  one incident with N units and M incidents at once, on Shanghai and a side² grid: bounded many-to-one
                  search + exact assignment vs one route per candidate
                  [--units N (500)] [--repeats N (100)] [--incidents N (50)] [--side N (1000)] [--seed N (20250809)] [--no-grid]
          dashboard  every dashboard page for the default city (open store, read, render, write); target < 1 s
                  [--store FILE (shanghai.beacon.sqlite)] [--repeats N (5)] [--district ID]
          simulation  simple EMS model (a year of Poisson calls, nearest unit, fixed matrix) on the kernel vs SimPy
                  [--calls N (100000)] [--units N (12)] [--zones N (64)] [--service S (1200)] [--repeats N (5)] [--seed N] [--no-peers]
          timeseries  sensor ingest vs a plain C SQLite loader (same rows, one transaction); downsampling a year of 5-minute data
                  [--sensors N (10)] [--days N (365)] [--rounds N (3)] [--no-peers]
        """)
    if let unknown = arguments.first, unknown != "help", unknown != "--help" {
        print("beacon-bench: unknown benchmark '\(unknown)'")
        exit(2)
    }
}
