import SpatialCore

/// One movement of supplies into (+) or out of (−) a warehouse. The stock of an item is the sum of its
/// movements: a ledger, never an editable count (DOMAIN.md; GB/T 38565 item codes).
public struct StockMovement: Sendable, Hashable {
    public var facilityId: String
    public var itemCode: String
    public var itemName: String
    public var quantity: Double
    public var unit: String
    public var reason: String

    public init(facilityId: String, itemCode: String, itemName: String, quantity: Double, unit: String, reason: String) {
        self.facilityId = facilityId
        self.itemCode = itemCode
        self.itemName = itemName
        self.quantity = quantity
        self.unit = unit
        self.reason = reason
    }
}

/// The stock of one item at one facility.
public struct StockLevel: Sendable, Hashable {
    public let facilityId: String
    public let itemCode: String
    public let itemName: String
    public let quantity: Double
    public let unit: String
}

extension CityStore {
    /// Appends movements in one audited transaction. Every facility must exist in `facilities`, a unit must
    /// match the item's earlier movements, and no item may go below zero; otherwise nothing is written.
    public func recordStock(_ movements: [StockMovement], actor: Actor, reference: String) throws {
        try write(actor: actor, action: "stock", target: reference) { tx in
            let facility = try tx.prepare("SELECT kind FROM facilities WHERE id = ?")
            let level = try tx.prepare("SELECT coalesce(sum(quantity), 0), max(unit) FROM stock_movements WHERE facility_id = ? AND item_code = ?")
            let insert = try tx.prepare("""
                INSERT INTO stock_movements(facility_id, item_code, item_name, quantity, unit, at, reason, audit_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = timestamp()
            let auditSeq = Int64(try dataVersion() + 1)
            for (i, m) in movements.enumerated() {
                try facility.bind([.text(m.facilityId)])
                guard try facility.step() else {
                    throw StoreError(message: "movement \(i + 1): no facility '\(m.facilityId)'")
                }
                try level.bind([.text(m.facilityId), .text(m.itemCode)])
                _ = try level.step()
                let current = level.double(0)
                if let unit = level.string(1), unit != m.unit {
                    throw StoreError(message: "movement \(i + 1): item \(m.itemCode) at \(m.facilityId) is counted in \(unit), not \(m.unit)")
                }
                guard current + m.quantity >= 0 else {
                    throw StoreError(message: "movement \(i + 1): \(m.facilityId) holds \(current) \(m.unit) of \(m.itemCode); cannot take \(-m.quantity)")
                }
                try insert.run([.text(m.facilityId), .text(m.itemCode), .text(m.itemName), .real(m.quantity), .text(m.unit),
                                .text(now), .text(m.reason), .integer(auditSeq)])
            }
            return ((), "\(movements.count) stock movements")
        }
    }

    /// Current stock per facility and item (sum of movements), for one facility or all. O(movements).
    public func stockLevels(facilityId: String? = nil) throws -> [StockLevel] {
        var sql = "SELECT facility_id, item_code, max(item_name), sum(quantity), max(unit) FROM stock_movements"
        var bindings: [SQLValue] = []
        if let facilityId { sql += " WHERE facility_id = ?"; bindings.append(.text(facilityId)) }
        sql += " GROUP BY facility_id, item_code ORDER BY facility_id, item_code"
        let st = try connection.prepare(sql)
        try st.bind(bindings)
        var out: [StockLevel] = []
        while try st.step() {
            out.append(StockLevel(facilityId: st.string(0) ?? "", itemCode: st.string(1) ?? "", itemName: st.string(2) ?? "",
                                  quantity: st.double(3), unit: st.string(4) ?? ""))
        }
        return out
    }
}
