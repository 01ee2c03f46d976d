#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A line editor for a terminal, in pure Swift over termios raw mode (no libedit): ←/→, Home/End, Ctrl-A/E/B/F,
/// Backspace/Delete, Ctrl-K/U/W, ↑/↓ through history, Tab completion, Ctrl-L clear, Ctrl-C abandons the line,
/// Ctrl-D on an empty line ends input. Long lines wrap (redrawn across rows, linenoise's multi-line method);
/// CJK characters count two columns. The terminal is in raw mode only while a line is being read.
///
/// History: the file's last ``maxHistory`` lines are loaded at start; each accepted line is appended at once.
final class LineEditor {
    let prompt: String
    let historyURL: URL?
    let complete: (String) -> (start: Int, candidates: [String])
    private(set) var history: [String] = []
    static let maxHistory = 1000

    init(prompt: String, historyURL: URL?, complete: @escaping (String) -> (start: Int, candidates: [String])) {
        self.prompt = prompt
        self.historyURL = historyURL
        self.complete = complete
        if let historyURL, let text = try? String(contentsOf: historyURL, encoding: .utf8) {
            history = Array(text.split(separator: "\n").map(String.init).suffix(Self.maxHistory))
        }
    }

    // MARK: Reading a line

    private var buffer: [Character] = []
    private var cursor = 0
    private var maxRows = 0
    private var oldCursorColumns = 0

    /// The next line, or nil at end of input (Ctrl-D on an empty line, or stdin closed).
    func readLine() -> String? {
        fflush(nil)
        guard let saved = enterRawMode() else { return Swift.readLine() }
        defer { tcsetattr(STDIN_FILENO, TCSAFLUSH, [saved]) }
        buffer = []; cursor = 0; maxRows = 0; oldCursorColumns = 0
        var historyIndex = history.count
        var draft: [Character] = []
        refresh()
        while true {
            guard let byte = readByte() else { return nil }
            switch byte {
            case 13, 10:   // Enter
                cursor = buffer.count
                refresh()
                emit("\r\n")
                let line = String(buffer)
                remember(line)
                return line
            case 3:   // Ctrl-C: abandon the line
                emit("^C\r\n")
                buffer = []; cursor = 0; maxRows = 0; oldCursorColumns = 0
                historyIndex = history.count
            case 4:   // Ctrl-D: end on an empty line, else delete under the cursor
                if buffer.isEmpty { emit("\r\n"); return nil }
                if cursor < buffer.count { buffer.remove(at: cursor) }
            case 9: completeWord()
            case 127, 8: if cursor > 0 { buffer.remove(at: cursor - 1); cursor -= 1 }
            case 1: cursor = 0
            case 5: cursor = buffer.count
            case 2: cursor = max(0, cursor - 1)
            case 6: cursor = min(buffer.count, cursor + 1)
            case 11: buffer.removeSubrange(cursor...)
            case 21: buffer.removeSubrange(..<cursor); cursor = 0
            case 23:   // Ctrl-W: the word before the cursor
                var i = cursor
                while i > 0 && buffer[i - 1] == " " { i -= 1 }
                while i > 0 && buffer[i - 1] != " " { i -= 1 }
                buffer.removeSubrange(i..<cursor); cursor = i
            case 12: emit("\u{1b}[H\u{1b}[2J"); maxRows = 0; oldCursorColumns = 0
            case 16, 14: historyIndex = step(history: byte == 16 ? -1 : 1, from: historyIndex, draft: &draft)
            case 27:   // escape sequences: arrows, Home/End, Delete
                guard let b1 = readByte(), let b2 = readByte() else { return nil }
                if b1 == UInt8(ascii: "[") && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b2) {
                    guard let b3 = readByte() else { return nil }
                    if b3 == UInt8(ascii: "~") {
                        switch b2 {
                        case UInt8(ascii: "1"), UInt8(ascii: "7"): cursor = 0
                        case UInt8(ascii: "4"), UInt8(ascii: "8"): cursor = buffer.count
                        case UInt8(ascii: "3"): if cursor < buffer.count { buffer.remove(at: cursor) }
                        default: break
                        }
                    }
                } else if b1 == UInt8(ascii: "[") || b1 == UInt8(ascii: "O") {
                    switch b2 {
                    case UInt8(ascii: "A"): historyIndex = step(history: -1, from: historyIndex, draft: &draft)
                    case UInt8(ascii: "B"): historyIndex = step(history: 1, from: historyIndex, draft: &draft)
                    case UInt8(ascii: "C"): cursor = min(buffer.count, cursor + 1)
                    case UInt8(ascii: "D"): cursor = max(0, cursor - 1)
                    case UInt8(ascii: "H"): cursor = 0
                    case UInt8(ascii: "F"): cursor = buffer.count
                    default: break
                    }
                }
            default:
                guard byte >= 32, let c = readCharacter(startingWith: byte) else { break }
                buffer.insert(c, at: cursor); cursor += 1
            }
            refresh()
        }
    }

    /// Moves through history by `delta`, keeping the line being typed as the draft below the newest entry.
    private func step(history delta: Int, from index: Int, draft: inout [Character]) -> Int {
        let next = index + delta
        guard next >= 0 && next <= history.count else { return index }
        if index == history.count { draft = buffer }
        buffer = next == history.count ? draft : Array(history[next])
        cursor = buffer.count
        return next
    }

    private func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, history.last != trimmed else { return }
        history.append(trimmed)
        if history.count > Self.maxHistory { history.removeFirst(history.count - Self.maxHistory) }
        guard let historyURL else { return }
        if !FileManager.default.fileExists(atPath: historyURL.path) {
            _ = FileManager.default.createFile(atPath: historyURL.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        if let handle = try? FileHandle(forWritingTo: historyURL) {
            handle.seekToEndOfFile()
            handle.write(Data((trimmed + "\n").utf8))
            try? handle.close()
        }
    }

    // MARK: Completion

    private func completeWord() {
        let before = String(buffer[..<cursor])
        let (start, candidates) = complete(before)
        guard !candidates.isEmpty, start <= cursor else { emit("\u{07}"); return }
        let typed = cursor - start
        var common = candidates[0]
        for c in candidates.dropFirst() { common = String(common.commonPrefix(with: c)) }
        if candidates.count == 1 && !common.hasSuffix("/") { common += " " }
        if common.count > typed {
            buffer.replaceSubrange(start..<cursor, with: Array(common))
            cursor = start + common.count
            return
        }
        // No progress: list the candidates under the line, then draw the prompt again.
        cursor = buffer.count
        refresh()
        let columns = terminalColumns()
        let cell = min(columns, (candidates.map { Self.displayWidth($0) }.max() ?? 0) + 2)
        let perRow = max(1, columns / max(cell, 1))
        var out = "\r\n"
        for (i, c) in candidates.enumerated() {
            out += c + String(repeating: " ", count: max(0, cell - Self.displayWidth(c)))
            if (i + 1) % perRow == 0 || i == candidates.count - 1 { out += "\r\n" }
        }
        emit(out)
        maxRows = 0; oldCursorColumns = 0
        cursor = before.count
    }

    // MARK: Drawing

    /// Redraws prompt and line across as many rows as they take, and puts the cursor in place.
    private func refresh() {
        let columns = terminalColumns()
        let promptWidth = Self.displayWidth(prompt)
        let lineWidth = promptWidth + buffer.reduce(0) { $0 + Self.width($1) }
        let cursorColumns = promptWidth + buffer[..<cursor].reduce(0) { $0 + Self.width($1) }
        var rows = max(1, (lineWidth + columns - 1) / columns)
        let oldRows = maxRows
        let cursorRow = (oldCursorColumns + columns) / columns
        maxRows = max(maxRows, rows)
        var out = ""
        if oldRows - cursorRow > 0 { out += "\u{1b}[\(oldRows - cursorRow)B" }
        for _ in 0..<max(0, oldRows - 1) { out += "\r\u{1b}[0K\u{1b}[1A" }
        out += "\r\u{1b}[0K" + prompt + String(buffer)
        if cursor > 0 && cursor == buffer.count && cursorColumns % columns == 0 {
            out += "\n\r"
            rows += 1
            maxRows = max(maxRows, rows)
        }
        let newCursorRow = (cursorColumns + columns) / columns
        if rows - newCursorRow > 0 { out += "\u{1b}[\(rows - newCursorRow)A" }
        let column = cursorColumns % columns
        out += column > 0 ? "\r\u{1b}[\(column)C" : "\r"
        oldCursorColumns = cursorColumns
        emit(out)
    }

    /// Terminal columns (TIOCGWINSZ), 80 when unknown.
    private func terminalColumns() -> Int {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    /// Columns a character takes: 2 for East Asian wide and full-width ones, 0 for combining marks, else 1.
    static func width(_ c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 0 }
        switch v {
        case 0x0300...0x036F, 0x200B...0x200F: return 0
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD: return 2
        default: return 1
        }
    }

    static func displayWidth(_ s: String) -> Int { s.reduce(0) { $0 + width($1) } }

    // MARK: Terminal I/O

    private func emit(_ s: String) {
        var bytes = Array(s.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    private func readByte() -> UInt8? {
        var b: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &b, 1)
            if n == 1 { return b }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// A UTF-8 character whose first byte is `lead` (continuation bytes read from the terminal).
    private func readCharacter(startingWith lead: UInt8) -> Character? {
        let extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        var bytes = [lead]
        for _ in 0..<extra { guard let b = readByte() else { return nil }; bytes.append(b) }
        return String(validating: bytes, as: UTF8.self)?.first
    }

    /// Raw mode (no echo, no line buffering, no signals from keys), returning the settings to restore; nil when
    /// standard input is not a terminal.
    private func enterRawMode() -> termios? {
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return nil }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else { return nil }
        return original
    }
}
