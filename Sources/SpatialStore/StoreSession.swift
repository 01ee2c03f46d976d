import Foundation

/// Keeps a city loaded between the commands of one long-lived process (the duty desk's `beacon console`):
/// ``CityStore/open(at:readOnly:actor:clock:)`` hands back the store already open for the same file and mode
/// (and `close()` leaves it open), and derived values — road graphs, plan libraries — are kept under a key with a
/// fingerprint of what they were derived from, rebuilt when the fingerprint changes.
///
/// Off until ``begin()``: one-shot commands open, read and close exactly as before. ``end()`` closes every kept
/// store. The bookkeeping is behind one lock; the stores themselves stay one-task-at-a-time.
public enum StoreSession {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var active = false
        /// "path|ro" or "path|rw" → the open store and the file's inode when it was opened.
        var stores: [String: (store: CityStore, inode: UInt64)] = [:]
        var values: [String: (fingerprint: String, value: Any)] = [:]
    }
    private static let state = State()

    /// Whether stores and derived values are kept between commands.
    public static var isActive: Bool { state.lock.withLock { state.active } }

    /// Starts keeping stores open and derived values loaded.
    public static func begin() { state.lock.withLock { state.active = true } }

    /// Closes every kept store, forgets every kept value, and stops keeping.
    public static func end() {
        let kept = state.lock.withLock { () -> [CityStore] in
            defer { state.stores = [:]; state.values = [:]; state.active = false }
            return state.stores.values.map(\.store)
        }
        for store in kept { store.connection.close() }
    }

    /// The value kept under `key` when its fingerprint equals `fingerprint`, else `make()` (kept when a session is
    /// active). Without a session this is just `make()`.
    public static func cached<T>(_ key: String, fingerprint: String, _ make: () throws -> T) rethrows -> T {
        guard isActive else { return try make() }
        if let hit = state.lock.withLock({ state.values[key] }), hit.fingerprint == fingerprint, let value = hit.value as? T {
            return value
        }
        let value = try make()
        state.lock.withLock { state.values[key] = (fingerprint, value) }
        return value
    }

    // MARK: Stores (used by CityStore.open and close)

    static func storeKey(_ path: String, _ readOnly: Bool) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path + (readOnly ? "|ro" : "|rw")
    }

    static func inode(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// The store kept open for `path` in this mode, unless the file was replaced since (then the old one is closed).
    static func keptStore(path: String, readOnly: Bool) -> CityStore? {
        guard isActive else { return nil }
        let key = storeKey(path, readOnly), current = inode(path)
        let (hit, stale) = state.lock.withLock { () -> (CityStore?, CityStore?) in
            guard let kept = state.stores[key] else { return (nil, nil) }
            if kept.inode == current { return (kept.store, nil) }
            state.stores[key] = nil
            return (nil, kept.store)
        }
        stale?.connection.close()
        return hit
    }

    /// Keeps `store` open for later opens of the same file and mode (when a session is active).
    static func keep(_ store: CityStore, readOnly: Bool) {
        guard isActive else { return }
        let inode = inode(store.path)
        state.lock.withLock { state.stores[storeKey(store.path, readOnly)] = (store, inode) }
    }

    /// Whether `store` is kept open by the session (its `close()` then does nothing).
    static func keeps(_ store: CityStore) -> Bool {
        state.lock.withLock { state.stores.values.contains { $0.store === store } }
    }
}
