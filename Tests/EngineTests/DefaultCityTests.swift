import CityImport
import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The default city as `make demo` builds it: the overlay generator reproduces the committed checksums,
/// keeps the planning rules it claims, and the whole city imports and answers a duty officer's query —
/// through `beacon` and through SpatiaLite's own SQL alike.
@Suite(.serialized) struct DefaultCityTests {
    /// The overlay, generated once per test process by the built `beacon-overlay` into a temporary folder.
    static let overlay: URL = {
        let out = TestPaths.temporaryDirectory("overlay")
        let p = Process()
        p.executableURL = BeaconBinary.productsDirectory.appendingPathComponent("beacon-overlay")
        p.arguments = ["--osm", TestPaths.mapData.appendingPathComponent("shanghai_center_roads_2025.osm").path, "--out", out.path]
        p.standardError = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        return out
    }()

    static func features(_ file: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: overlay.appendingPathComponent(file))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]] ?? []
    }

    /// Distance along a polyline to the vertex-interpolated point nearest `p`, metres (planar within a segment).
    static func metresAlong(_ shape: [Coordinate], to p: Coordinate) -> Double {
        var best = (gap: Double.infinity, along: 0.0), walked = 0.0
        for (a, b) in zip(shape, shape.dropFirst()) {
            let length = Haversine.distanceMetres(a, b)
            let dx = b.longitude - a.longitude, dy = b.latitude - a.latitude
            let t = dx == 0 && dy == 0 ? 0 : max(0, min(1, ((p.longitude - a.longitude) * dx + (p.latitude - a.latitude) * dy) / (dx * dx + dy * dy)))
            let q = Coordinate(longitude: a.longitude + t * dx, latitude: a.latitude + t * dy)
            let gap = Haversine.distanceMetres(p, q)
            if gap < best.gap { best = (gap, walked + t * length) }
            walked += length
        }
        return best.along
    }

    static func point(_ f: [String: Any]) -> Coordinate {
        let c = (f["geometry"] as! [String: Any])["coordinates"] as! [Double]
        return Coordinate(longitude: c[0], latitude: c[1])
    }

    @Test func regenerationMatchesTheCommittedChecksums() throws {
        let manifest = TestPaths.mapData.appendingPathComponent("shanghai-exercise-overlay/MANIFEST.sha256")
        try FileManager.default.copyItem(at: manifest, to: Self.overlay.appendingPathComponent("MANIFEST.sha256"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = ["--quiet", "-c", "MANIFEST.sha256"]
        p.currentDirectoryURL = Self.overlay
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "the overlay differs from MapData/shanghai-exercise-overlay/MANIFEST.sha256 (run make overlay-manifest if the change is intended)")
    }

    @Test func everyFeatureIsLabelledAnExercise() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.overlay.path).filter { $0.hasSuffix(".geojson") }
        #expect(files.count >= 8)
        for file in files {
            for f in try Self.features(file) {
                #expect((f["properties"] as? [String: Any])?["exercise"] as? Bool == true, "\(file): \(f["id"] ?? "?")")
            }
        }
    }

    /// GB 50974: hydrants at most 120 m apart along the mains; every pipe end and valve names what exists.
    @Test func waterNetworkKeepsItsRules() throws {
        let water = try Self.features("water_network.geojson")
        var ids = Set<String>(), hydrantsOnPipe: [String: [Coordinate]] = [:]
        var pipes: [(id: String, from: String, to: String, shape: [Coordinate], length: Double)] = []
        for f in water {
            let id = f["id"] as! String, props = f["properties"] as! [String: Any]
            ids.insert(id)
            switch props["kind"] as? String {
            case "hydrant": hydrantsOnPipe[props["on_pipe"] as! String, default: []].append(Self.point(f))
            case "pipe":
                let coords = ((f["geometry"] as! [String: Any])["coordinates"] as! [[Double]]).map { Coordinate(longitude: $0[0], latitude: $0[1]) }
                pipes.append((id, props["from_node"] as! String, props["to_node"] as! String, coords, props["length_m"] as! Double))
            default: break
            }
        }
        #expect(pipes.count > 5000)
        for pipe in pipes {
            #expect(ids.contains(pipe.from) && ids.contains(pipe.to), "\(pipe.id)")
            guard pipe.length > 130 else { continue }
            let hydrants = try #require(hydrantsOnPipe[pipe.id], "\(pipe.id) of \(pipe.length) m has no hydrant")
            // Hydrants by their position along the pipe; consecutive ones at most 120 m apart along it.
            let along = hydrants.map { Self.metresAlong(pipe.shape, to: $0) }.sorted()
            for (a, b) in zip(along, along.dropFirst()) { #expect(b - a <= 120.5, "\(pipe.id)") }
        }
        let valves = water.filter { ($0["properties"] as? [String: Any])?["kind"] as? String == "valve" }
        #expect(valves.allSatisfy { ids.contains(($0["properties"] as! [String: Any])["on_pipe"] as! String) })
        let states = Set(valves.map { ($0["properties"] as! [String: Any])["operability"] as! String })
        #expect(states == ["works", "seized", "buried"])
    }

    /// The stations cover every junction of the main road network within the 5-minute standard.
    @Test func fireStationsReachEveryJunctionWithinFiveMinutes() throws {
        let roads = try OSMImport.read(url: TestPaths.mapData.appendingPathComponent("shanghai_center_roads_2025.osm")).features
            .filter { $0.layer == .roads }
        let graph = RoadGraph(roads: roads)
        let stations = try Self.features("fire_stations.geojson").map { graph.nearestNode(to: Self.point($0))! }
        #expect(stations.allSatisfy { $0.distanceMetres < 1 })
        let seconds = graph.travelSeconds(from: Dictionary(uniqueKeysWithValues: stations.map { ($0.node, 0.0) }))
        let core = graph.connectedComponents().largestStrongComponentNodes
        #expect(core.allSatisfy { seconds[$0] <= 300 })
    }

    @Test func theCityImportsAndAnswersLikeSpatiaLite() throws {
        let dir = TestPaths.temporaryDirectory("city")
        let store = dir.appendingPathComponent("shanghai.beacon.sqlite").path
        let env = ["BEACON_STORE": store]
        #expect(try BeaconBinary.run(["init", store], environment: env).status == 0)
        let osm = try BeaconBinary.run(["import", "osm", TestPaths.mapData.appendingPathComponent("shanghai_center_roads_2025.osm").path], environment: env)
        #expect(osm.status == 0, "\(osm.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.overlay.path).filter({ $0.hasSuffix(".geojson") }).sorted() {
            let r = try BeaconBinary.run(["import", "geojson", Self.overlay.appendingPathComponent(file).path], environment: env)
            #expect(r.status == 0, "\(file): \(r.stderr)")
        }
        let stock = try BeaconBinary.run(["import", "stock", Self.overlay.appendingPathComponent("stock.csv").path], environment: env)
        #expect(stock.status == 0, "\(stock.stderr)")

        let near = try BeaconBinary.run(["find", "--near", "121.4737,31.2304", "--layer", "facilities", "--kind", "fire_station", "--nearest", "3", "--json"], environment: env)
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(near.stdout.utf8)) as? [[String: Any]])
        #expect(hits.count == 3)
        let distances = hits.map { ($0["properties"] as! [String: Any])["distance_m"] as! Double }
        #expect(distances == distances.sorted() && distances[0] < 3000)

        let radius = try BeaconBinary.run(["find", "--near", "121.4737,31.2304", "--radius", "300", "--layer", "pipe_nodes", "--kind", "hydrant", "--json"], environment: env)
        let ours = ((try JSONSerialization.jsonObject(with: Data(radius.stdout.utf8)) as? [[String: Any]]) ?? []).map { $0["id"] as! String }
        #expect(ours.count > 5)

        // QGIS's view: another SpatiaLite client lists the registered geometry columns and finds the same hydrants.
        let spatialite = URL(fileURLWithPath: "/usr/bin/spatialite")
        guard FileManager.default.isExecutableFile(atPath: spatialite.path) else { return }
        func sql(_ query: String) throws -> [String] {
            let p = Process(), out = Pipe()
            p.executableURL = spatialite
            p.arguments = ["-silent", store, query]
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let registered = Set(try sql("SELECT f_table_name FROM geometry_columns"))
        #expect(registered.isSuperset(of: Layer.allCases.map(\.rawValue)))
        let theirs = try sql("""
            SELECT id FROM pipe_nodes WHERE kind = 'hydrant' AND fid IN (SELECT ROWID FROM SpatialIndex
              WHERE f_table_name = 'pipe_nodes' AND search_frame = BuildCircleMbr(121.4737, 31.2304, 0.005, 4326))
              AND ST_Distance(geom, MakePoint(121.4737, 31.2304, 4326), 1) <= 300 ORDER BY id
            """)
        #expect(theirs == ours.sorted())
    }
}
