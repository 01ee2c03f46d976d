// beacon-overlay — generates the default city's EXERCISE overlay on the real central-Shanghai roads.
//
//   swift run -c release beacon-overlay [--osm MapData/shanghai_center_roads_2025.osm]
//                                       [--out MapData/shanghai-exercise-overlay] [--seed 20251122]
//
// Everything it writes is invented for drills and tests (clearly labelled), laid out on real roads
// with rules a planner would use; the same seed gives byte-identical files.
import CityImport
import Foundation
import SpatialCore

var osm = "MapData/shanghai_center_roads_2025.osm"
var out = "MapData/shanghai-exercise-overlay"
var seed: UInt64 = 20_251_122
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--osm": osm = value
    case "--out": out = value
    case "--seed": seed = UInt64(value) ?? seed
    default: fatalError("unknown option \(flag); see the header of Tools/overlay/main.swift")
    }
}

let started = Date()
func log(_ s: String) { FileHandle.standardError.write(Data("[\(String(format: "%6.2f", Date().timeIntervalSince(started))) s] \(s)\n".utf8)) }

let roads = try OSMImport.read(url: URL(fileURLWithPath: osm)).features.filter { $0.layer == .roads }
log("read \(roads.count) roads from \(osm)")
var overlay = try Overlay(roads: roads, seed: seed, log: log)
let layers = try overlay.build()
try OverlayWriter.write(layers, to: URL(fileURLWithPath: out), overlay: overlay)
log("wrote \(layers.values.map(\.count).reduce(0, +)) features to \(out)")
