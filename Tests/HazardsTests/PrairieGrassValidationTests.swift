import Foundation
import Testing
import TestSupport
@testable import Hazards

/// Project Prairie Grass (O'Neill, Nebraska, 1956): arc-maximum SO2 concentrations at 50–800 m against the
/// Gaussian plume. Run: `swift test --filter PrairieGrassValidation` (prints the table).
///
/// Inputs per run: Q and the 0.46 m release / 1.5 m sampler heights from PGARCS.txt; wind speed (2 m) and the
/// Monin–Obukhov length L from modelParamList.txt (the 53 runs with meteorology); stability class from L by
/// Golder (1972) with z0 = 0.006 m (the Prairie Grass roughness); Briggs rural curves.
struct PrairieGrass {
    struct Arc { var run: Int; var distanceMetres: Double; var emissionGramsPerSecond: Double; var maxMilligramsPerCubicMetre: Double }
    struct Meteorology { var run: Int; var moninObukhovMetres: Double; var windSpeedMetresPerSecond: Double; var sigmaAzimuthDegrees: Double }

    /// Reads PGARCS.txt: block header `run, arc, 'date', 'time', distance`, a line with n samplers and Q (8th field),
    /// then n rows `azimuth sampler distance concentration` (−9 = missing).
    static func arcs(_ url: URL) throws -> [Arc] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var arcs: [Arc] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.contains("'") else { i += 1; continue }
            let head = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let meta = lines[i + 1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard head.count >= 5, let run = Int(head[0]), let distance = Double(head[4]),
                  meta.count >= 8, let n = Int(meta[0]), let q = Double(meta[7]) else {
                throw HazardError.malformedLine(file: url.lastPathComponent, line: i + 1, reason: "arc block header not understood")
            }
            var best = -1.0
            for row in lines[(i + 2)..<(i + 2 + n)] {
                let f = row.split(separator: " ")
                guard f.count == 4, let c = Double(f[3]) else { continue }
                best = max(best, c)
            }
            if best > 0 { arcs.append(Arc(run: run, distanceMetres: distance, emissionGramsPerSecond: q, maxMilligramsPerCubicMetre: best)) }
            i += 2 + n
        }
        return arcs
    }

    /// Reads modelParamList.txt: `run L u* h_i wdir σu σv σw σazim u` (tab-separated).
    static func meteorology(_ url: URL) throws -> [Int: Meteorology] {
        var out: [Int: Meteorology] = [:]
        for (n, line) in try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).enumerated() {
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { Double($0) }
            guard f.count == 10 else { throw HazardError.malformedLine(file: url.lastPathComponent, line: n + 1, reason: "expected 10 numbers") }
            out[Int(f[0])] = Meteorology(run: Int(f[0]), moninObukhovMetres: f[1], windSpeedMetresPerSecond: f[9], sigmaAzimuthDegrees: f[8])
        }
        return out
    }

    struct Pair { var run: Int; var distanceMetres: Double; var stability: StabilityClass; var observed: Double; var predicted: Double }

    static func pairs(roughnessMetres z0: Double = 0.006) throws -> [Pair] {
        let dir = TestPaths.sharedData!.appendingPathComponent("plume")
        let met = try meteorology(dir.appendingPathComponent("modelParamList.txt"))
        let substance = try SubstanceTable.lookup("sulfur dioxide")
        var pairs: [Pair] = []
        for arc in try arcs(dir.appendingPathComponent("PGARCS.txt")) {
            guard let m = met[arc.run] else { continue }
            let stability = try Stability.pasquillClass(moninObukhovLengthMetres: m.moninObukhovMetres, roughnessMetres: z0)
            let plume = try GaussianPlume(
                release: PlumeRelease(source: .init(longitude: -98.6, latitude: 42.5), substance: substance,
                                      rate: ReleaseRate(arc.emissionGramsPerSecond, unit: "g/s"), releaseHeightMetres: 0.46),
                weather: PlumeWeather(windFromDegrees: 180, windSpeedMetresPerSecond: m.windSpeedMetresPerSecond,
                                      stability: stability, terrain: .rural))
            let predicted = plume.concentration(downwindMetres: arc.distanceMetres, crosswindMetres: 0, heightMetres: 1.5).milligramsPerCubicMetre
            pairs.append(Pair(run: arc.run, distanceMetres: arc.distanceMetres, stability: stability,
                              observed: arc.maxMilligramsPerCubicMetre, predicted: predicted))
        }
        return pairs
    }

    /// FAC2: share of pairs with 0.5 ≤ P/O ≤ 2. FB = (Ō − P̄) / (½(Ō + P̄)), positive when the model under-predicts.
    static func scores(_ pairs: [Pair]) -> (fac2: Double, fb: Double, n: Int) {
        let within = pairs.filter { (0.5...2).contains($0.predicted / $0.observed) }.count
        let o = pairs.map(\.observed).reduce(0, +) / Double(pairs.count)
        let p = pairs.map(\.predicted).reduce(0, +) / Double(pairs.count)
        return (Double(within) / Double(pairs.count), (o - p) / (0.5 * (o + p)), pairs.count)
    }
}

@Suite struct PrairieGrassValidationTests {
    @Test(.enabled(if: TestPaths.sharedData != nil))
    func arcMaximaWithinAFactorOfTwo() throws {
        let pairs = try PrairieGrass.pairs()
        let all = PrairieGrass.scores(pairs)
        print("Prairie Grass arc maxima, Gaussian plume (Briggs rural, class from L by Golder, z0 = 0.006 m)")
        print("group      n   FAC2    FB")
        func row(_ name: String, _ s: (fac2: Double, fb: Double, n: Int)) {
            print(name.padding(toLength: 9, withPad: " ", startingAt: 0), String(format: "%4d  %5.2f  %+5.2f", s.n, s.fac2, s.fb))
        }
        row("all", all)
        for c in StabilityClass.allCases {
            let subset = pairs.filter { $0.stability == c }
            if !subset.isEmpty { row("class \(c.rawValue)", PrairieGrass.scores(subset)) }
        }
        for d in [50.0, 100, 200, 400, 800] { row("\(Int(d)) m", PrairieGrass.scores(pairs.filter { $0.distanceMetres == d })) }
        print("runs:", Set(pairs.map(\.run)).sorted().map(String.init).joined(separator: " "))
        #expect(Set(pairs.map(\.run)).count >= 40, "expected the runs with meteorology")
        #expect(all.fac2 >= 0.5, "FAC2 \(all.fac2)")
        #expect(abs(all.fb) <= 0.3, "FB \(all.fb)")
    }
}
