import Foundation

/// Runs the built `beacon` executable, as a user would, and captures what it prints.
public enum BeaconBinary {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The build products folder: where the test bundle itself lives.
    public static let productsDirectory: URL = {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On Linux the runner is `.build/debug/BeaconPackageTests.xctest`; elsewhere it may sit inside a bundle.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("beacon").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir
    }()

    public static var url: URL { productsDirectory.appendingPathComponent("beacon") }

    /// A `beacon` process with the arguments, in `directory`; `BEACON_*` variables come from `environment`.
    static func process(_ arguments: [String], in directory: URL?, environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["BEACON_STORE"] = nil
        env["BEACON_OPERATOR"] = "cli-test"
        env["BEACON_POST"] = "test-desk"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        return process
    }

    /// Starts `beacon` with the arguments and kills it with SIGKILL after `seconds` (crash-consistency tests);
    /// returns once it has gone. Output is discarded.
    public static func killed(after seconds: Double, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = process(arguments, in: nil, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: seconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs `beacon` with the arguments in `directory`; `BEACON_*` variables come from `environment`.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = process(arguments, in: directory, environment: environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
