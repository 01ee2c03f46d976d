/// The future-event list of a discrete-event simulation: events keyed by (virtual time, insertion sequence),
/// so events at equal times come out first-in first-out — the order NIO's `EmbeddedEventLoop` and SimPy use.
///
/// A binary min-heap on one contiguous array; `schedule` and `pop` are O(log n), `peekTime` O(1).
/// Times are seconds of virtual time (any origin the model chooses); a time before `now` is refused by
/// ``DiscreteEventKernel``, not here. Generic and `@inlinable` so a model's event enum is specialised
/// into the hot loop across modules.
public struct EventQueue<Event> {
    @usableFromInline struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var sequence: UInt64
        @usableFromInline var event: Event
        @inlinable init(time: Double, sequence: UInt64, event: Event) {
            self.time = time
            self.sequence = sequence
            self.event = event
        }
        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0

    @inlinable public init() {}

    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }
    /// The time of the next event, nil when none. O(1).
    @inlinable public var peekTime: Double? { heap.first?.time }

    /// Adds `event` at `time` (seconds); later than every event already queued at the same time. O(log n).
    @inlinable public mutating func schedule(_ event: Event, at time: Double) {
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        heap.append(entry)
        var child = heap.count - 1
        heap.withUnsafeMutableBufferPointer { h in
            while child > 0 {
                let parent = (child - 1) >> 1
                guard entry.precedes(h[parent]) else { break }
                h[child] = h[parent]
                child = parent
            }
            h[child] = entry
        }
    }

    /// Removes and returns the earliest event (the first scheduled among equal times). O(log n).
    @inlinable public mutating func pop() -> (time: Double, event: Event)? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return (last.time, last.event) }
        let top = heap[0]
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var slot = 0
            while true {
                var child = 2 * slot + 1
                if child >= n { break }
                if child + 1 < n, h[child + 1].precedes(h[child]) { child += 1 }
                guard h[child].precedes(last) else { break }
                h[slot] = h[child]
                slot = child
            }
            h[slot] = last
        }
        return (top.time, top.event)
    }

    /// Drops every event. O(n).
    @inlinable public mutating func removeAll() { heap.removeAll(keepingCapacity: true) }
}

/// A time before the kernel's clock, refused so that virtual time never runs backwards.
public struct CausalityError: Error, CustomStringConvertible, Sendable {
    public let now: Double
    public let requested: Double
    @inlinable public init(now: Double, requested: Double) {
        self.now = now
        self.requested = requested
    }
    public var description: String { "cannot schedule an event at t = \(requested) s: the clock is already at \(now) s" }
}

/// Virtual time plus the future-event list. The model drives the loop:
/// `while let (t, e) = kernel.next() { switch e { … } }` — no closures, no allocation per event.
public struct DiscreteEventKernel<Event> {
    /// Virtual time, seconds since the model's origin; only moves forward.
    @inlinable public var now: Double { clock }
    @usableFromInline var clock: Double
    @usableFromInline var queue = EventQueue<Event>()
    /// Events handed out by ``next()`` so far.
    @inlinable public var processed: Int { handedOut }
    @usableFromInline var handedOut = 0

    @inlinable public init(start: Double = 0) { clock = start }

    /// Schedules `event` at absolute time `time` (seconds); throws when `time` is before `now`.
    @inlinable public mutating func schedule(_ event: Event, at time: Double) throws(CausalityError) {
        guard time >= clock else { throw CausalityError(now: clock, requested: time) }
        queue.schedule(event, at: time)
    }

    /// Schedules `event` `delaySeconds` from now (negative delays count as zero).
    @inlinable public mutating func schedule(_ event: Event, after delaySeconds: Double) {
        queue.schedule(event, at: clock + max(0, delaySeconds))
    }

    /// Advances the clock to the next event and returns it; nil when the queue is empty or the next event
    /// lies beyond `horizon` (then the clock stays). O(log n).
    @inlinable public mutating func next(until horizon: Double = .infinity) -> (time: Double, event: Event)? {
        guard let t = queue.peekTime, t <= horizon, let e = queue.pop() else { return nil }
        clock = e.time
        handedOut += 1
        return e
    }

    @inlinable public var pending: Int { queue.count }
}
