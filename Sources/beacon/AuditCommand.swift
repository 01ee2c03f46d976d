import ArgumentParser
import SpatialStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the audit trail; --verify recomputes its hash chain.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many of the newest rows to show.") var limit = 20
    @Flag(help: "Recompute the hash chain over every row.") var verify = false

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        if verify { print("audit chain intact: \(try store.verifyAuditChain()) rows") }
        var table = TextTable("seq", "at", "actor", "post", "action", "target", "detail", rightAligned: [0])
        for e in try store.auditTrail(limit: limit) {
            table.add(String(e.seq), e.at, e.actor, e.post, e.action, e.target, String(e.detail.prefix(100)))
        }
        print(table.render())
    }
}
