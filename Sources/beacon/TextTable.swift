/// A plain-text table with columns sized to their widest cell (CJK characters count double).
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: String..., rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func add(_ cells: String...) { rows.append(cells) }
    mutating func add(_ cells: [String]) { rows.append(cells) }

    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            w + ((0x1100...0x115F).contains(u.value) || (0x2E80...0xA4CF).contains(u.value)
                || (0xAC00...0xD7A3).contains(u.value) || (0xF900...0xFAFF).contains(u.value)
                || (0xFF00...0xFF60).contains(u.value) || (0x20000...0x3FFFD).contains(u.value) ? 2 : 1)
        }
    }

    func render() -> String {
        var widths = header.map(Self.width)
        for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - Self.width(c)))
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(header), line(widths.map { String(repeating: "─", count: $0) })]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

import Foundation
