// swift-tools-version: 6.1
// Beacon — emergency command and GIS decision-support engine.
// Layers (arrows point down only): beacon CLI → Engine → NetworkAnalysis / CityImport / SpatialStore
// → SpatialGEOS / SpatialProjection / SpatialIndex → SpatialCore; C stays inside the bridges.
import PackageDescription

let package = Package(
    name: "Beacon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "beacon", targets: ["beacon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries, each behind a four-line module map.
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSpatiaLite", pkgConfig: "spatialite", providers: [.apt(["libspatialite-dev"])]),
        .systemLibrary(name: "CReadOSM", pkgConfig: "readosm", providers: [.apt(["libreadosm-dev"])]),

        // Pure Swift values: coordinates, geometries, features, CRS ids, WKB, GeoJSON.
        .target(name: "SpatialCore"),
        // Bridges: the only places that touch C. Metric GEOS work (buffer in metres) projects through PROJ.
        .target(name: "SpatialGEOS", dependencies: ["SpatialCore", "SpatialProjection", "CGEOS"], exclude: ["README.md"]),
        .target(name: "SpatialProjection", dependencies: ["SpatialCore", "CPROJ"], exclude: ["README.md"]),
        // In-memory spatial index for the engines (pure Swift).
        .target(name: "SpatialIndex", dependencies: ["SpatialCore"], exclude: ["README.md"]),
        // The city store: one SpatiaLite file per city.
        .target(name: "SpatialStore", dependencies: ["SpatialCore", "CSQLite", "CSpatiaLite"]),
        // Readers for OSM, EPANET, gas networks, GeoJSON, CSV and boundaries.
        .target(name: "CityImport", dependencies: ["SpatialCore", "SpatialGEOS", "SpatialProjection", "CReadOSM"],
                exclude: ["OSM.md", "EPANET.md"]),
        // Road and pipe graphs.
        .target(name: "NetworkAnalysis", dependencies: ["SpatialCore", "SpatialProjection"], exclude: ["README.md"]),
        // Hazard models (plume, blast, fire, typhoon, GB 18218 grading): footprints with caveats.
        .target(name: "Hazards", dependencies: ["SpatialCore", "SpatialProjection", "SpatialGEOS"], exclude: ["README.md"]),
        // Contingency plans (预案) as data: schema, expressions, validation, forward chaining.
        .target(name: "RuleEngine", dependencies: ["SpatialCore", .product(name: "Yams", package: "Yams")]),
        // Sensor time series: readers, buckets, rolling windows, alarms, forecasts (pure Swift).
        .target(name: "TimeSeries", dependencies: ["SpatialCore"], exclude: ["README.md"]),
        // Use cases composed from the parts.
        .target(name: "Engine", dependencies: [
            "SpatialCore", "SpatialGEOS", "SpatialProjection", "SpatialIndex", "SpatialStore",
            "CityImport", "NetworkAnalysis", "Hazards", "RuleEngine", "TimeSeries",
        ]),
        // Plan rehearsal: scenario files and a discrete-event simulator over the real engines.
        .target(name: "Simulation", dependencies: ["Engine", "RuleEngine", "NetworkAnalysis", "Hazards", "SpatialStore", "SpatialCore",
                                                   .product(name: "Yams", package: "Yams")]),
        // Leaders' pages: self-contained HTML with inline CSS and SVG.
        .target(name: "Dashboard", dependencies: ["Engine", "TimeSeries", "SpatialCore"]),
        .executableTarget(name: "beacon", dependencies: [
            "Engine", "Simulation", "Dashboard", "TimeSeries",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tools: the default city's exercise overlay, and benchmarks beside (not inside) the library.
        .executableTarget(name: "beacon-overlay", dependencies: ["CityImport", "NetworkAnalysis", "SpatialGEOS", "SpatialProjection", "SpatialCore"],
                          path: "Tools/overlay"),
        .executableTarget(name: "beacon-bench", dependencies: ["Engine", "SpatialIndex", "SpatialCore", "SpatialStore", "CSQLite", "CSpatiaLite",
                                                                 "TimeSeries", "Simulation", "Dashboard"], path: "Tools/bench",
                          exclude: ["peers", "README.md", "run.sh"]),

        // Tests: one target per module, fixtures inside the repo.
        .target(name: "TestSupport", dependencies: ["SpatialCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SpatialCoreTests", dependencies: ["SpatialCore", "TestSupport"]),
        .testTarget(name: "SpatialGEOSTests", dependencies: ["SpatialGEOS", "TestSupport"]),
        .testTarget(name: "SpatialProjectionTests", dependencies: ["SpatialProjection", "TestSupport"]),
        .testTarget(name: "SpatialIndexTests", dependencies: ["SpatialIndex", "TestSupport"]),
        .testTarget(name: "SpatialStoreTests", dependencies: ["SpatialStore", "TestSupport"]),
        .testTarget(name: "CityImportTests", dependencies: ["CityImport", "TestSupport"]),
        .testTarget(name: "NetworkAnalysisTests", dependencies: ["NetworkAnalysis", "CityImport", "Engine", "TestSupport"]),
        .testTarget(name: "HazardsTests", dependencies: ["Hazards", "TestSupport"]),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CityImport", "NetworkAnalysis", "SpatialStore", "TestSupport"]),
        .testTarget(name: "TimeSeriesTests", dependencies: ["TimeSeries", "Engine", "SpatialStore", "TestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Engine", "SpatialStore", "TestSupport"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Engine", "SpatialStore", "TestSupport"]),
        .testTarget(name: "BeaconCLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
