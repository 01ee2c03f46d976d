import Foundation
import NetworkAnalysis
import TestSupport

/// Runs `Tests/Fixtures/roads/scipy_reference.py` on a graph's edge list: SciPy's Dijkstra and
/// strong components, an implementation independent of ours.
enum ScipyReference {
    static let script = TestPaths.fixtures.appendingPathComponent("roads/scipy_reference.py")

    /// True when python3 with numpy and scipy can be run.
    static let isAvailable: Bool = (try? run(["-c", "import numpy, scipy"])) != nil

    /// Shortest travel seconds from each source (or to it, with `transpose`), one row per source.
    static func distances(_ graph: RoadGraph, sources: [Int], transpose: Bool = false) throws -> [[Double]] {
        let file = try writeEdges(graph)
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = [script.path, file.path, "--sources", sources.map(String.init).joined(separator: ",")]
        if transpose { arguments.append("--transpose") }
        return try run(arguments).split(separator: "\n").map { line in
            try line.split(separator: " ").map { field in
                guard let value = Double(field) else { throw ReferenceError("unparsable distance '\(field)'") }
                return value
            }
        }
    }

    /// SciPy's strong component label of every node.
    static func strongComponentLabels(_ graph: RoadGraph) throws -> [Int] {
        let file = try writeEdges(graph)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run([script.path, file.path, "--scc"]).split(whereSeparator: \.isWhitespace).map {
            guard let label = Int($0) else { throw ReferenceError("unparsable label '\($0)'") }
            return label
        }
    }

    private static func writeEdges(_ graph: RoadGraph) throws -> URL {
        var text = "\(graph.nodeCount)\n"
        for e in 0..<graph.edgeCount {
            text += "\(graph.edgeSources[e]) \(graph.edgeTargets[e]) \(graph.edgeTravelSeconds[e])\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-edges-\(UUID().uuidString).txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReferenceError("python3 \(arguments.first ?? "") exited \(process.terminationStatus): "
                + (String(data: message, encoding: .utf8) ?? ""))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct ReferenceError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Equal within `relative` of the larger magnitude (and both infinite counts as equal).
func nearlyEqual(_ a: Double, _ b: Double, relative: Double = 1e-6) -> Bool {
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= relative * max(abs(a), abs(b), 1e-12)
}
