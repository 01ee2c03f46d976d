/// Splits a console line into arguments as a POSIX shell would for plain words: blanks separate, 'single quotes'
/// are literal, "double quotes" allow \" and \\, a backslash outside quotes escapes the next character, and a
/// word starting with # begins a comment. No variables, globs or pipes. O(length).
enum ConsoleTokenizer {
    struct UnterminatedQuote: Error, CustomStringConvertible {
        let quote: Character
        var description: String { "unterminated \(quote) quote" }
    }

    /// The arguments of a complete line.
    static func words(_ line: String) throws -> [String] {
        let (words, open) = split(line)
        if let open { throw UnterminatedQuote(quote: open) }
        return words
    }

    /// The words of a line being typed; the last one is the word under completion ("" after a blank).
    static func words(ofPartialLine line: String) -> [String] {
        var (words, _) = split(line)
        if line.isEmpty || line.last == " " || line.last == "\t" { words.append("") }
        return words
    }

    /// The words, and the quote left open at the end (nil when none).
    private static func split(_ line: String) -> ([String], Character?) {
        var words: [String] = [], current = "", inWord = false
        var quote: Character?
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false; inWord = true; continue }
            if let q = quote {
                if c == q { quote = nil } else if q == "\"" && c == "\\" { escaped = true } else { current.append(c) }
                continue
            }
            switch c {
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'", "\"":
                quote = c; inWord = true
            case "\\":
                escaped = true
            case "#" where !inWord:
                return (words, nil)
            default:
                current.append(c); inWord = true
            }
        }
        if inWord || quote != nil { words.append(current) }
        return (words, quote)
    }
}
