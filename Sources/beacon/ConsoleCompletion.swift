import ArgumentParser
import Foundation
import SpatialCore
import SpatialStore

/// Tab completion for the console: subcommands and options from `beacon`'s own command tree (ArgumentParser's
/// help dump, so it never drifts from the parser), option values that have a fixed set (`--network water|gas`,
/// layer names), ids from the store (incidents, unit call signs and ids, facilities) and file paths.
/// Ids are re-read only when the store's data version changed. Each completion is O(candidates).
final class ConsoleCompleter {
    /// One node of the command tree, as ArgumentParser dumps it.
    struct Node: Decodable {
        struct Argument: Decodable {
            struct Name: Decodable { let kind: String; let name: String }
            let names: [Name]?
            let kind: String
            let allValues: [String]?
            var spellings: [String] {
                (names ?? []).map { $0.kind == "short" ? "-" + $0.name : "--" + $0.name }
            }
        }
        let commandName: String
        let subcommands: [Node]?
        let arguments: [Argument]?
    }

    /// Words the console itself understands besides beacon's commands.
    static let builtins = ["exit", "quit", "history", "help"]

    let root: Node?
    let storePath: String
    private var ids: [String] = []
    private var idsVersion = -1

    init(storePath: String) {
        self.storePath = storePath
        struct Dump: Decodable { let command: Node }
        root = try? JSONDecoder().decode(Dump.self, from: Data(Beacon._dumpHelp().utf8)).command
    }

    /// The word being completed starts at `start` (a Character offset in `line`); `candidates` replace it.
    func complete(_ line: String) -> (start: Int, candidates: [String]) {
        let before = ConsoleTokenizer.words(ofPartialLine: line)
        let word = before.last ?? ""
        let start = line.count - word.count
        var words = Array(before.dropLast())
        if words.first == "beacon" { words.removeFirst() }
        guard let root else { return (start, []) }

        // Descend through the subcommand names already typed.
        var node = root, depth = 0
        while depth < words.count, let next = node.subcommands?.first(where: { $0.commandName == words[depth] }) {
            node = next
            depth += 1
        }
        let arguments = node.arguments ?? []
        var options: [String] = []
        for a in arguments where a.kind != "positional" { options += a.spellings }

        // The value of an option that takes one.
        if let previous = words.last, previous.hasPrefix("-"),
           let option = arguments.first(where: { $0.kind == "option" && $0.spellings.contains(previous) }) {
            var values = option.allValues ?? []
            if previous == "--layer" { values = Layer.allCases.map(\.rawValue) }
            if previous == "--store" || previous == "--plans" || previous == "--out" || previous == "--track" || previous == "--districts" {
                return (start, Self.paths(word))
            }
            return (start, Self.filter(values.isEmpty ? storeIDs() : values, word))
        }
        if word.hasPrefix("-") { return (start, Self.filter(options, word)) }
        if let subcommands = node.subcommands, !subcommands.isEmpty {
            let names = subcommands.map(\.commandName) + (depth == 0 ? Self.builtins : [])
            return (start, Self.filter(names, word))
        }
        if word.contains("/") && (word.hasPrefix(".") || word.hasPrefix("/") || word.hasPrefix("~") || !word.contains(":")) {
            return (start, Self.paths(word))
        }
        return (start, Self.filter(storeIDs(), word))
    }

    static func filter(_ words: [String], _ prefix: String) -> [String] {
        Array(Set(words.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// Incident ids, unit call signs and ids, facility ids — re-read when the store changed since the last time.
    func storeIDs() -> [String] {
        guard let store = try? CityStore.open(at: storePath, readOnly: true) else { return ids }
        defer { store.close() }
        guard let version = try? store.dataVersion(), version != idsVersion else { return ids }
        var out: [String] = []
        out += ((try? store.incidents()) ?? []).map(\.id)
        for u in (try? store.units()) ?? [] { out += [u.name, u.id] }
        out += ((try? store.features(in: .facilities)) ?? []).map(\.id)
        ids = out
        idsVersion = version
        return ids
    }

    /// Files and folders starting with `word` (folders end in "/").
    static func paths(_ word: String) -> [String] {
        let expanded = word.hasPrefix("~") ? NSString(string: word).expandingTildeInPath : word
        let dir = expanded.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent
        let prefix = expanded.hasSuffix("/") ? "" : (expanded as NSString).lastPathComponent
        let shownDir = word.hasSuffix("/") ? word : String(word.dropLast(prefix.count))
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir) else { return [] }
        return names.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { name in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(name), isDirectory: &isDir)
            return shownDir + name + (isDir.boolValue ? "/" : "")
        }
    }
}
