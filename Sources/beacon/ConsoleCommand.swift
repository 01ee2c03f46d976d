import ArgumentParser
import Engine
import Foundation
import SpatialStore
#if canImport(Glibc)
import Glibc
#endif

/// `beacon console`: the duty desk's shell. The city store, its road graph and the plan library are loaded once
/// (a ``StoreSession``) and reused by every command, which runs in-process exactly as `beacon …` would run it.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Interactive shell for the duty desk: the city stays loaded between commands.",
        discussion: """
            Type any beacon command without the word beacon (dispatch recommend INC-…, units --status dispatched …).
            The store, road graph and plans stay loaded; edits to them are picked up. Each command prints how long it
            took. Tab completes commands, options, option values and ids (incidents, units, facilities); ↑/↓ walk
            the history, kept in ~/.beacon_history (or --history / $BEACON_HISTORY). exit, quit or Ctrl-D ends.
            When standard input is not a terminal, commands are read line by line and echoed, so a console session
            can be scripted: printf 'units\\ndispatch recommend INC-1\\n' | beacon console
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "History file (default: $BEACON_HISTORY, else ~/.beacon_history).") var history: String?

    func run() throws {
        let path = storeOptions.path
        setenv("BEACON_STORE", path, 1)   // commands without --store use the console's store
        StoreSession.begin()
        defer { StoreSession.end() }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        print(Self.load(path))
        let completer = ConsoleCompleter(storePath: path)
        let historyPath = history ?? ProcessInfo.processInfo.environment["BEACON_HISTORY"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".beacon_history")
        let editor = interactive ? LineEditor(prompt: "beacon> ", historyURL: URL(fileURLWithPath: historyPath), complete: completer.complete) : nil
        while let line = editor?.readLine() ?? (interactive ? nil : Swift.readLine()) {
            if !interactive { print("beacon> " + line); fflush(nil) }   // the echo before any note on standard error
            if !Self.execute(line, history: editor?.history ?? []) { break }
        }
    }

    /// Opens the store and loads its road graph and the plans once, so the first command is as fast as the rest.
    /// Returns the banner line.
    static func load(_ path: String) -> String {
        let clock = ContinuousClock(), start = clock.now
        var parts: [String] = []
        do {
            // Read-write first: it migrates an older store once; read-only when the file cannot be written.
            let store = try (try? CityStore.open(at: path)) ?? CityStore.open(at: path, readOnly: true)
            _ = try? CityStore.open(at: path, readOnly: true)
            parts.append((try? store.meta("city_name")).flatMap { $0 } ?? path)
            if try !store.features(in: .roads, limit: 1).isEmpty {
                let roads = try RoadService(store: store)
                parts.append("road graph \(roads.network.graph.nodeCount) junctions, \(roads.network.graph.edgeCount) edges")
            } else {
                parts.append("no roads: " + (try travelTimeModel(for: store)).basis)
            }
            if let plans = try? PlansOptions.parse([]), FileManager.default.fileExists(atPath: plans.directory.path), let library = try? plans.load() {
                parts.append("\(library.plans.count) plans")
            }
        } catch {
            parts.append("not loaded: \(error)")
        }
        let ms = Double((clock.now - start).components.attoseconds) / 1e15 + Double((clock.now - start).components.seconds) * 1e3
        return parts.joined(separator: "; ") + String(format: " — loaded in %.0f ms. Type a beacon command, help, or exit.", ms)
    }

    /// Runs one console line; false when the console should end.
    static func execute(_ line: String, history: [String]) -> Bool {
        let words: [String]
        do { words = try ConsoleTokenizer.words(line) } catch {
            note("Error: \(error)")
            return true
        }
        var args = words
        if args.first == "beacon" { args.removeFirst() }
        guard let first = args.first else { return true }
        switch first {
        case "exit", "quit": return false
        case "history":
            for (i, h) in history.enumerated() { print(String(format: "%5d  ", i + 1) + h) }
            return true
        case "console":
            note("Error: already in the console")
            return true
        default: break
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            do {
                var command = try Beacon.parseAsRoot(args)
                try command.run()
            } catch {
                fflush(nil)
                if Beacon.exitCode(for: error) == .success {
                    print(Beacon.fullMessage(for: error))
                    if args == ["help"] || args == ["--help"] {
                        print("Console: exit, quit, history; Tab completes commands, options and ids; ↑/↓ history.")
                    }
                } else {
                    let message = Beacon.fullMessage(for: error)
                    note(message.isEmpty ? "Error: exit code \(Beacon.exitCode(for: error).rawValue)" : message)
                }
            }
        }
        fflush(nil)
        let ms = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        note(String(format: "(%.1f ms)", ms))
        return true
    }
}

/// A fingerprint of a folder's files (names, sizes, modification times): changes when any file does. O(files).
func filesFingerprint(_ directory: URL) -> String {
    let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey]
    guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: keys) else { return "" }
    var parts: [String] = []
    for case let url as URL in walker {
        let v = try? url.resourceValues(forKeys: Set(keys))
        parts.append("\(url.path)|\(v?.fileSize ?? -1)|\(v?.contentModificationDate?.timeIntervalSince1970 ?? 0)")
    }
    return parts.sorted().joined(separator: "\n")
}
