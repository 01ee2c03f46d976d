import Foundation
import Testing
import TestSupport

/// `beacon console` with commands piped in: each runs in-process with its output, errors print and the console
/// goes on, every command reports its time, and edits made in the console are seen by the next command.
@Suite struct ConsoleCommandTests {
    /// Runs `beacon console` with `input` on standard input.
    static func console(_ input: String, environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = BeaconBinary.url
        process.arguments = ["console"]
        var env = ProcessInfo.processInfo.environment
        env["BEACON_OPERATOR"] = "cli-test"
        env["BEACON_POST"] = "test-desk"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Standard error stays small (times and errors); read standard output to its end first.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func pipedCommandsRunInOneLoadedCity() throws {
        let dir = TestPaths.temporaryDirectory("console-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": TestPaths.repoRoot.appendingPathComponent("Plans").path,
                   "BEACON_HISTORY": dir.appendingPathComponent("history").path]
        let file = dir.appendingPathComponent("grid.geojson")
        try DispatchCommandTests.fixture().write(to: file, atomically: true, encoding: .utf8)
        #expect(try BeaconBinary.run(["init", store, "--name", "grid"], environment: env).status == 0)
        #expect(try BeaconBinary.run(["import", "geojson", file.path], environment: env).status == 0)
        let open = try BeaconBinary.run(["incident", "open", "--type", "gas_leak", "--at", "121.4737,31.2304", "--time", "2025-08-09T14:30:00+08:00",
                                         "gas.concentration_lel=25%", "gas.pressure_class=medium", "incident.people_in_zone=1200"], environment: env)
        let id = try #require(open.stdout.split(separator: ":").first.map(String.init))

        let script = """
            layers
            dispatch recommend \(id)
            dispatch assign \(id) E3
            show no/such-feature
            find --near "121.4737,31.2304" --layer facilities --nearest 1   # quoted, with a comment
            "unterminated
            beacon dispatch assign \(id) E1 --time 2025-08-09T14:32:00+08:00
            units --status dispatched
            console
            exit
            units
            """
        let r = try Self.console(script + "\n", environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("grid; road graph "), "\(r.stdout.prefix(200))")
        #expect(r.stdout.contains("beacon> layers\n"))
        #expect(r.stdout.contains("E1: ETA ") && r.stdout.contains("next best E3: "))
        // Errors print and the console goes on.
        #expect(r.stderr.contains("E3 was not recommended; give --reason"))
        #expect(r.stderr.contains("no feature with id 'no/such-feature'"))
        #expect(r.stderr.contains("unterminated \" quote"))
        #expect(r.stderr.contains("already in the console"))
        #expect(r.stdout.contains("Station A"))
        // The assignment made in the console is seen by the next command.
        #expect(r.stdout.contains("E1 (engine) recommended"))
        let afterAssign = try #require(r.stdout.range(of: "beacon> units --status dispatched"))
        #expect(r.stdout[afterAssign.upperBound...].contains("E1") && r.stdout[afterAssign.upperBound...].contains("1 units"))
        // Nothing after exit runs; every command that ran reports its time.
        #expect(!r.stdout.contains("beacon> units\n"))
        let timed = r.stderr.split(separator: "\n").filter { $0.hasPrefix("(") && $0.hasSuffix(" ms)") }
        #expect(timed.count == 7, "\(r.stderr)")
        // Scripted input is not written to the history file.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("history").path))
        // One-shot commands are unchanged and see what the console wrote.
        #expect(try BeaconBinary.run(["units", "--status", "dispatched"], environment: env).stdout.contains("E1"))
    }

    /// A road closed in the console reroutes the next route in the same console (the kept graph takes live edits).
    @Test func roadEditsInTheConsoleReachTheKeptGraph() throws {
        let dir = TestPaths.temporaryDirectory("console-roads")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store]
        let file = dir.appendingPathComponent("grid.geojson")
        try DispatchCommandTests.fixture().write(to: file, atomically: true, encoding: .utf8)
        #expect(try BeaconBinary.run(["init", store, "--name", "grid"], environment: env).status == 0)
        #expect(try BeaconBinary.run(["import", "geojson", file.path], environment: env).status == 0)
        let route = "route --from 121.470,31.228 --to 121.4763,31.228 --road-ids"
        let r = try Self.console("\(route)\nroad close row/0 --reason test\n\(route)\n", environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let parts = r.stdout.components(separatedBy: "beacon> ")
        #expect(parts.count == 4)
        #expect(parts[1].contains("row/0\n"), "\(parts[1])")
        #expect(parts[2].contains("road row/0 closed"))
        #expect(!parts[3].contains("row/0\n") && parts[3].contains("row/1\n"), "\(parts[3])")
    }
}
