import CityImport
import Engine
import Foundation
import SpatialCore
import Testing
import TestSupport

/// London Fire Brigade dwelling fires, January–June 2009: the station that sent the first pump and the measured
/// attendance time. The distance-model dispatcher is fitted on January–March and scored on April–June.
/// Full data from ../shared (skips without it); a committed one-in-three sample always runs.
@Suite struct LFBValidationTests {
    /// Calls and stations read from the LFB CSV files (columns by header name).
    struct LFBData {
        var stations: [StationPoint] = []
        /// Calls with the month of the call (1…12).
        var calls: [(month: Int, call: AnsweredCall)] = []
        /// Rows without a first pump or an attendance time.
        var skipped = 0

        init(calls callsURL: URL, stations stationsURL: URL) throws {
            let stationRows = try CSVReader.records(url: stationsURL)
            let sh = try Self.header(stationRows, ["Holding_Name", "Description", "lon", "lat"], stationsURL)
            for r in stationRows.dropFirst() where r.fields[sh["Description"]!].trimmingCharacters(in: .whitespaces) == "Fire Station" {
                let f = r.fields
                guard let lon = Double(f[sh["lon"]!]), let lat = Double(f[sh["lat"]!]) else {
                    throw CLIFailure("\(stationsURL.lastPathComponent):\(r.line): lon/lat '\(f[sh["lon"]!])','\(f[sh["lat"]!])' unreadable")
                }
                stations.append(StationPoint(id: Self.name(f[sh["Holding_Name"]!]), at: Coordinate(longitude: lon, latitude: lat)))
            }
            let rows = try CSVReader.records(url: callsURL)
            let columns = ["IncidentNumber", "DateOfCall", "IncidentStationGround", "FirstPumpArriving_AttendanceTime",
                           "FirstPumpArriving_DeployedFromStation", "lon", "lat"]
            let h = try Self.header(rows, columns, callsURL)
            for r in rows.dropFirst() {
                let f = r.fields
                func v(_ c: String) -> String { f[h[c]!].trimmingCharacters(in: .whitespaces) }
                guard let seconds = Double(v("FirstPumpArriving_AttendanceTime")), !v("FirstPumpArriving_DeployedFromStation").isEmpty else {
                    skipped += 1
                    continue
                }
                guard let lon = Double(v("lon")), let lat = Double(v("lat")), let month = Int(v("DateOfCall").dropFirst(5).prefix(2)) else {
                    throw CLIFailure("\(callsURL.lastPathComponent):\(r.line): date '\(v("DateOfCall"))' or lon/lat unreadable")
                }
                let ground = v("IncidentStationGround")
                calls.append((month, AnsweredCall(id: v("IncidentNumber"), at: Coordinate(longitude: lon, latitude: lat),
                                                  respondingStationID: Self.name(v("FirstPumpArriving_DeployedFromStation")),
                                                  attendanceSeconds: seconds, groundStationID: ground.isEmpty ? nil : Self.name(ground))))
            }
        }

        /// Upper case without the property list's notes: "SOUTHWARK (including Southwark Training Centre)" → "SOUTHWARK".
        static func name(_ s: String) -> String {
            let bare = s.range(of: " (").map { String(s[..<$0.lowerBound]) } ?? s
            return bare.trimmingCharacters(in: .whitespaces).uppercased()
        }

        static func header(_ rows: [(line: Int, fields: [String])], _ needed: [String], _ url: URL) throws -> [String: Int] {
            guard let first = rows.first else { throw CLIFailure("\(url.lastPathComponent): empty") }
            let h = Dictionary(first.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let missing = needed.filter { h[$0] == nil }
            guard missing.isEmpty else { throw CLIFailure("\(url.lastPathComponent): no column \(missing.joined(separator: ", "))") }
            return h
        }

        var firstQuarter: [AnsweredCall] { calls.filter { $0.month <= 3 }.map(\.call) }
        var secondQuarter: [AnsweredCall] { calls.filter { (4...6).contains($0.month) }.map(\.call) }
    }

    struct CLIFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func validate(_ data: LFBData, _ source: String) throws -> FirstStationValidation {
        try FirstStationValidation.run(stations: data.stations, training: data.firstQuarter, test: data.secondQuarter, source: source)
    }

    /// The committed sample: every third row of the January–June file, with all 113 stations.
    @Test func sampleFitsAndNeverLosesToNearest() throws {
        let dir = TestPaths.fixtures.appendingPathComponent("lfb")
        let data = try LFBData(calls: dir.appendingPathComponent("calls_sample.csv"), stations: dir.appendingPathComponent("stations.csv"))
        #expect(data.stations.count == 113)
        let v = try Self.validate(data, "LFB dwelling fires Jan–Mar 2009 (sample)")
        print("LFB sample, fitted on January–March, scored on April–June:\n" + v.table)
        #expect(v.model.basis.hasPrefix("distance model (no road network)"))
        #expect(v.model.basis.contains("fitted on \(v.trainingCalls) trips from LFB"))
        #expect(v.model.secondsPerMetre + v.model.secondsPerRootMetre > 0)
        let nearest = v.variants[0], learned = v.variants[3], record = v.variants[4]
        // Floors measured on this sample, a point or two below.
        #expect(nearest.agreementPercent > 68)
        #expect(learned.agreementPercent >= nearest.agreementPercent)
        #expect(record.agreementPercent > 76)
        #expect(try #require(learned.medianAbsoluteErrorSeconds) < 50)
        #expect(try #require(learned.p90AbsoluteErrorSeconds) < 150)
    }

    /// All 3,380 fires: the published baselines over six months, then the fit on January–March scored on April–June.
    @Test(.enabled(if: TestPaths.sharedData != nil)) func fullHalfYear() throws {
        let dir = try #require(TestPaths.sharedData).appendingPathComponent("incidents")
        let data = try LFBData(calls: dir.appendingPathComponent("lfb_dwelling_fires_2009H1_with_response_times.csv"),
                               stations: dir.appendingPathComponent("lfb_property_incl_fire_stations.csv"))
        #expect(data.calls.count + data.skipped == 3380)
        #expect(data.stations.count == 113)
        let known = Set(data.stations.map(\.id))
        let all = data.calls.map(\.call).filter { known.contains($0.respondingStationID) }
        let nearest = FirstStationValidation.agreement(all) { c in
            data.stations.min { Haversine.distanceMetres($0.at, c.at) < Haversine.distanceMetres($1.at, c.at) }?.id
        }
        let ground = FirstStationValidation.agreement(all) { $0.groundStationID }
        let pct = { (a: (agreed: Int, calls: Int)) in 100 * Double(a.agreed) / Double(a.calls) }
        print(String(format: "LFB Jan–Jun 2009, %d fires with a known first station: straight-line nearest %.1f %%, ground station %.1f %%",
                     all.count, pct(nearest), pct(ground)))
        #expect(abs(pct(nearest) - 74) < 1.5)
        #expect(abs(pct(ground) - 82) < 1.5)

        let v = try Self.validate(data, "LFB dwelling fires Jan–Mar 2009")
        print("LFB, fitted on January–March, scored on April–June:\n" + v.table)
        let test = v.variants
        // Floors measured on this data (see README), a little below.
        #expect(test[0].agreementPercent > 71.5)
        #expect(test[2].agreementPercent > test[0].agreementPercent)
        #expect(test[3].agreementPercent > 74.5)
        #expect(test[3].agreementPercent > test[0].agreementPercent + 2)
        #expect(test[4].agreementPercent > 79.5)
        #expect(try #require(test[2].medianAbsoluteErrorSeconds) < 48)
        #expect(try #require(test[2].p90AbsoluteErrorSeconds) < 140)
    }
}
