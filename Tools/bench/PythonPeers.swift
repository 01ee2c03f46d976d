import Foundation

/// The benchmarks' Python peers share one venv at `Tools/bench/.venv`, created and filled on demand.
enum PythonPeers {
    static let benchDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let venv = benchDirectory.appendingPathComponent(".venv")
    static var python: URL { venv.appendingPathComponent("bin/python") }

    /// Makes sure the bench venv imports `modules`: creates it and pip-installs `packages` when not.
    /// The probe is quiet; false (the peer is then skipped) when `python3 -m venv` or pip fails.
    static func ensure(_ modules: [String], installing packages: [String], for peer: String) -> Bool {
        let probe = ["-c", "import " + modules.joined(separator: ", ")]
        if (try? launch(python.path, probe, quiet: true))?.status == 0 { return true }
        print("\(peer): pip install \(packages.joined(separator: " ")) into \(venv.path) …")
        if !FileManager.default.fileExists(atPath: python.path) {
            guard (try? launch("/usr/bin/env", ["python3", "-m", "venv", venv.path]))?.status == 0 else { return false }
        }
        _ = try? launch(venv.appendingPathComponent("bin/pip").path, ["install", "--quiet"] + packages)
        return (try? launch(python.path, probe, quiet: true))?.status == 0
    }

    /// Runs a program, passing its standard error through (unless `quiet`), and returns its status and standard output.
    static func launch(_ path: String, _ arguments: [String], quiet: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if quiet { process.standardError = FileHandle.nullDevice }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
