import Foundation

/// Headless Chromium for the browser test: finds it (or installs it with apt when it can), renders one page to a
/// screenshot, and reports the console lines and the network requests the page made.
///
/// Console lines come from `--enable-logging=stderr` (`…:CONSOLE:…` lines: script errors, CSP violations — the pages'
/// policy turns any fetch into one); requests from `--log-net-log`, minus Chromium's own background services.
enum HeadlessChromium {
    struct Rendering {
        let console: [String]
        let requests: [String]
        let exitCode: Int32
    }

    /// The Chromium binary, installing the `chromium` apt package first when none is found and apt can run
    /// (as root, or with password-less sudo). Nil when it truly cannot be had.
    static let executable: String? = {
        if let found = find() { return found }
        guard ProcessInfo.processInfo.environment["BEACON_NO_INSTALL"] == nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") else { return nil }
        let sudo = getuid() == 0 ? "" : "sudo -n "
        _ = run("/bin/sh", ["-c", "\(sudo)apt-get install -y -qq chromium >/dev/null 2>&1 || (\(sudo)apt-get update -qq && \(sudo)apt-get install -y -qq chromium) >/dev/null 2>&1"],
                timeoutSeconds: 900)
        return find()
    }()

    static func find() -> String? {
        if let env = ProcessInfo.processInfo.environment["BEACON_CHROMIUM"], FileManager.default.isExecutableFile(atPath: env) { return env }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    /// Hosts Chromium itself talks to (updates, time, accounts) even with background networking off.
    static let serviceHosts = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com", "googleusercontent.com"]

    /// Renders `page` at 1920×1080 into `screenshot`.
    static func render(_ page: URL, screenshot: URL) throws -> Rendering {
        guard let chromium = executable else { throw CocoaError(.fileNoSuchFile) }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-chromium-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let netLog = work.appendingPathComponent("net.json")
        let args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-sync",
                    "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-extensions",
                    "--disable-client-side-phishing-detection", "--disable-features=Translate,OptimizationHints,MediaRouter",
                    "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
                    "--log-net-log=\(netLog.path)", "--window-size=1920,1080", "--screenshot=\(screenshot.path)", page.absoluteString]
        let (code, stderr) = run(chromium, args, timeoutSeconds: 120)
        let console = stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Rendering(console: console, requests: try requests(netLog), exitCode: code)
    }

    /// URLs the browser started a request for, other than Chromium's own services.
    static func requests(_ netLog: URL) throws -> [String] {
        guard let data = try? Data(contentsOf: netLog), !data.isEmpty,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let constants = json["constants"] as? [String: Any], let types = constants["logEventTypes"] as? [String: Int],
              let start = types["URL_REQUEST_START_JOB"], let events = json["events"] as? [[String: Any]] else { return [] }
        return Set(events.compactMap { e -> String? in
            guard e["type"] as? Int == start, let url = (e["params"] as? [String: Any])?["url"] as? String else { return nil }
            let host = URL(string: url)?.host ?? ""
            return serviceHosts.contains { host == $0 || host.hasSuffix("." + $0) } ? nil : url
        }).sorted()
    }

    /// Runs a program, returning its exit code and standard error; kills it after `timeoutSeconds`.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Double) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "\(error)") }
        let deadline = DispatchTime.now() + timeoutSeconds
        let timer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: timer)
        let output = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        timer.cancel()
        return (p.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
