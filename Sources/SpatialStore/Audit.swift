import SpatialCore

/// One row of the append-only audit trail.
public struct AuditEntry: Sendable, Hashable {
    public let seq: Int
    public let at: String
    public let actor: String
    public let post: String
    public let action: String
    public let target: String
    public let detail: String
    public let hash: String
}

extension CityStore {
    /// The genesis value of the hash chain.
    static let genesisHash = String(repeating: "0", count: 64)

    static func chainHash(previous: String, at: String, actor: String, post: String,
                          action: String, target: String, detail: String) -> String {
        SHA256.hex([previous, at, actor, post, action, target, detail].joined(separator: "\u{1F}"))
    }

    func appendAudit(actor: Actor, action: String, target: String, detail: String) throws(StoreError) {
        let previous = try connection.scalar("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")?.string ?? Self.genesisHash
        let at = timestamp()
        let hash = Self.chainHash(previous: previous, at: at, actor: actor.name, post: actor.post,
                                  action: action, target: target, detail: detail)
        try connection.prepare("""
            INSERT INTO audit(at, actor, post, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(at), .text(actor.name), .text(actor.post), .text(action), .text(target), .text(detail),
                      .text(previous), .text(hash)])
    }

    /// The newest `limit` audit rows, newest first.
    public func auditTrail(limit: Int = 20) throws(StoreError) -> [AuditEntry] {
        let st = try connection.prepare("SELECT seq, at, actor, post, action, target, detail, hash FROM audit ORDER BY seq DESC LIMIT ?")
        try st.bind([.integer(Int64(limit))])
        var out: [AuditEntry] = []
        while try st.step() {
            out.append(AuditEntry(seq: Int(st.int(0)), at: st.string(1) ?? "", actor: st.string(2) ?? "",
                                  post: st.string(3) ?? "", action: st.string(4) ?? "", target: st.string(5) ?? "",
                                  detail: st.string(6) ?? "", hash: st.string(7) ?? ""))
        }
        return out
    }

    /// Recomputes the hash chain; returns the number of rows checked or throws at the first broken link. O(n).
    @discardableResult
    public func verifyAuditChain() throws(StoreError) -> Int {
        let st = try connection.prepare("SELECT seq, at, actor, post, action, target, detail, prev_hash, hash FROM audit ORDER BY seq")
        var previous = Self.genesisHash
        var count = 0
        while try st.step() {
            let seq = st.int(0)
            let expected = Self.chainHash(previous: previous, at: st.string(1) ?? "", actor: st.string(2) ?? "",
                                          post: st.string(3) ?? "", action: st.string(4) ?? "",
                                          target: st.string(5) ?? "", detail: st.string(6) ?? "")
            guard st.string(7) == previous, st.string(8) == expected else {
                throw StoreError(message: "audit chain broken at row \(seq): its hash does not match its content and predecessor")
            }
            previous = expected
            count += 1
        }
        return count
    }
}
