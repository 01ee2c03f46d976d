/// One line of an `.inp` file split into EPANET tokens.
struct EPANETLine: Sendable {
    /// 1-based line number.
    var number: Int
    var tokens: [String]
    /// Text after the first `;` outside quotes, trimmed; nil when absent or blank.
    var comment: String?
}

/// Splits the bytes of an `.inp` file into decoded lines. O(n) in bytes.
///
/// Lines end at LF; a trailing CR is dropped (CRLF files). A line that is not valid UTF-8 is decoded
/// as ISO-8859-1, which cannot fail (every byte is a code point), so Latin-1 files such as BIN.inp
/// read cleanly without guessing an encoding for the whole file. A UTF-8 byte-order mark is dropped.
enum EPANETLines {
    /// The decoded lines (index 0 is line 1) and the 1-based numbers of lines that needed the fallback.
    static func decode(_ bytes: [UInt8]) -> (lines: [String], latin1Lines: [Int]) {
        var lines: [String] = []
        var latin1: [Int] = []
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        bytes.withUnsafeBufferPointer { buf in
            var i = start
            while i <= buf.count {
                var end = i
                while end < buf.count, buf[end] != 0x0A { end += 1 }
                if end == buf.count, i == buf.count { break }
                var stop = end
                if stop > i, buf[stop - 1] == 0x0D { stop -= 1 }
                let slice = UnsafeBufferPointer(rebasing: buf[i..<stop])
                if let s = String(validating: slice, as: UTF8.self) {
                    lines.append(s)
                } else {
                    var s = String()
                    s.unicodeScalars.append(contentsOf: slice.map { Unicode.Scalar($0) })
                    lines.append(s)
                    latin1.append(lines.count)
                }
                i = end + 1
            }
        }
        return (lines, latin1)
    }

    /// Whether a byte separates tokens: space, tab, CR, vertical tab, form feed or NUL (MOD.inp is
    /// padded with NULs).
    @inline(__always)
    static func isSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C || b == 0x00
    }

    /// Splits a line as EPANET 2.2 does: tokens are separated by blanks, a token starting with `"`
    /// runs to the next `"` (so ids may contain blanks), and `;` outside quotes starts a comment.
    static func tokenize(_ line: String, number: Int) -> EPANETLine {
        var tokens: [String] = []
        var comment: String?
        let utf8 = Array(line.utf8)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if isSeparator(b) { i += 1; continue }
            if b == UInt8(ascii: ";") {
                let text = trimmed(utf8[(i + 1)...])
                comment = text.isEmpty ? nil : text
                break
            }
            if b == UInt8(ascii: "\"") {
                var j = i + 1
                while j < utf8.count, utf8[j] != UInt8(ascii: "\"") { j += 1 }
                tokens.append(String(decoding: utf8[(i + 1)..<j], as: UTF8.self))
                i = j + 1
                continue
            }
            var j = i
            while j < utf8.count, !isSeparator(utf8[j]), utf8[j] != UInt8(ascii: ";") { j += 1 }
            tokens.append(String(decoding: utf8[i..<j], as: UTF8.self))
            i = j
        }
        return EPANETLine(number: number, tokens: tokens, comment: comment)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var lo = bytes.startIndex, hi = bytes.endIndex
        while lo < hi, isSeparator(bytes[lo]) { lo += 1 }
        while hi > lo, isSeparator(bytes[hi - 1]) { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
