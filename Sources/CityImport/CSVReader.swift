import Foundation
import SpatialCore

/// Reads a CSV file (RFC 4180: header row, commas, double-quoted fields) into features of one layer.
///
/// Geometry comes from longitude/latitude columns (found by name: `lon`/`lng`/`longitude`/`x` and
/// `lat`/`latitude`/`y`, or named explicitly) or from a WKT column parsed by `parseWKT` (GEOS, injected
/// by the caller). Values that read as integers or decimals become numbers. Problems are collected with
/// their line number and column name and thrown together. O(n) in the file size.
public enum CSVReader {
    public struct Columns: Sendable {
        public var longitude: String?
        public var latitude: String?
        public var wkt: String?
        public init(longitude: String? = nil, latitude: String? = nil, wkt: String? = nil) {
            self.longitude = longitude
            self.latitude = latitude
            self.wkt = wkt
        }
    }

    public static func read(url: URL, mapping: FieldMapping, columns: Columns = Columns(),
                            parseWKT: ((String) throws -> Geometry)? = nil) throws(ImportError) -> [Feature] {
        let file = url.path
        let rows = try records(url: url)
        guard let header = rows.first?.fields else { throw ImportError(file: file, "empty file: no header row") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ explicit: String?, _ candidates: [String]) throws(ImportError) -> Int? {
            if let explicit {
                guard let i = names.firstIndex(of: explicit) else {
                    throw ImportError(file: file, at: "line 1", "no column \"\(explicit)\"; the header has \(names.joined(separator: ", "))")
                }
                return i
            }
            return names.firstIndex { candidates.contains($0.lowercased()) }
        }
        let wktIndex = try column(columns.wkt, ["wkt", "geometry", "geom"])
        let lonIndex = try column(columns.longitude, ["lon", "lng", "long", "longitude", "x"])
        let latIndex = try column(columns.latitude, ["lat", "latitude", "y"])
        guard wktIndex != nil || (lonIndex != nil && latIndex != nil) else {
            throw ImportError(file: file, at: "line 1", "no geometry: need lon/lat columns or a WKT column (header: \(names.joined(separator: ", ")))")
        }
        if wktIndex != nil, parseWKT == nil { throw ImportError(file: file, "a WKT column needs a WKT parser") }

        var features: [Feature] = []
        var problems: [ImportError.Problem] = []
        for row in rows.dropFirst() {
            if problems.count >= ImportError.limit { break }
            let location = "line \(row.line)"
            guard row.fields.count == names.count else {
                problems.append(.init(location, "\(row.fields.count) fields, the header has \(names.count)"))
                continue
            }
            do {
                let geometry: Geometry
                if let wktIndex, let parseWKT {
                    do { geometry = try parseWKT(row.fields[wktIndex]) } catch {
                        throw ImportError.Problem("\(location), column \"\(names[wktIndex])\"", "\(error)")
                    }
                    do { try geometry.validateCoordinates() } catch {
                        throw ImportError.Problem("\(location), column \"\(names[wktIndex])\"", "\(error)")
                    }
                } else if let lonIndex, let latIndex {
                    guard let lon = Double(row.fields[lonIndex].trimmingCharacters(in: .whitespaces)) else {
                        throw ImportError.Problem("\(location), column \"\(names[lonIndex])\"", "'\(row.fields[lonIndex])' is not a number")
                    }
                    guard let lat = Double(row.fields[latIndex].trimmingCharacters(in: .whitespaces)) else {
                        throw ImportError.Problem("\(location), column \"\(names[latIndex])\"", "'\(row.fields[latIndex])' is not a number")
                    }
                    do { geometry = .point(try Coordinate.validated(longitude: lon, latitude: lat)) } catch {
                        throw ImportError.Problem(location, "\(error)")
                    }
                } else { continue }
                var attributes: [String: PropertyValue] = [:]
                for (i, name) in names.enumerated() where i != lonIndex && i != latIndex && i != wktIndex {
                    if let v = value(row.fields[i]) { attributes[name] = v }
                }
                features.append(try mapping.feature(attributes: attributes, geometry: geometry,
                                                    fallbackId: "row\(row.line)", location: location))
            } catch let p as ImportError.Problem {
                problems.append(p)
            } catch {
                problems.append(.init(location, "\(error)"))
            }
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
        return features
    }

    /// An attribute value: empty → nil, integer, decimal, else text.
    static func value(_ raw: String) -> PropertyValue? {
        let t = raw.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if let i = Int64(t) { return .integer(i) }
        if let d = Double(t), d.isFinite { return .real(d) }
        return .text(raw)
    }

    /// The file's records with the line each starts on; quoted fields may span lines.
    public static func records(url: URL) throws(ImportError) -> [(line: Int, fields: [String])] {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImportError(file: file, "cannot read: \(error.localizedDescription)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if String(validating: bytes, as: UTF8.self) == nil {
            var line = 1, start = 0
            for (i, b) in bytes.enumerated() where b == 0x0A {
                if String(validating: bytes[start..<i], as: UTF8.self) == nil { break }
                line += 1
                start = i + 1
            }
            throw ImportError(file: file, at: "line \(line)", "is not valid UTF-8; convert the file (e.g. iconv -f GB18030 -t UTF-8)")
        }
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false, line = 1, recordLine = 1, i = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
            } else if b == 0x22, field.isEmpty {
                inQuotes = true
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A || b == 0x0D {
                if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw ImportError(file: file, at: "line \(recordLine)", "a quoted field is not closed before the end of the file") }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append((recordLine, fields))
        }
        return records
    }
}
