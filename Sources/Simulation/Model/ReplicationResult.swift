/// What one replication measured. Every field is a plain value so the JSON is byte-identical for the same seed.
public struct ReplicationResult: Codable, Sendable {
    public struct StreamKPI: Codable, Sendable {
        public var name: String
        public var calls: Int
        /// Calls with a unit on scene before the period ended.
        public var responded: Int
        /// Call → first unit on scene, seconds.
        public var meanResponseSeconds: Double?
        public var p90ResponseSeconds: Double?
    }
    /// A response-time standard: call → first unit of its types on scene.
    public struct StandardKPI: Codable, Sendable {
        public var name: String
        public var targetSeconds: Double
        public var requiredShare: Double
        public var calls: Int
        public var p90Seconds: Double?
        /// Share of calls reached within the target.
        public var compliance: Double?
        public var source: String
    }
    public struct CoverageSeries: Codable, Sendable {
        public var name: String
        /// Hours per point.
        public var hoursPerPoint: Int
        /// Share of demand places a free unit of the standard's types reaches within its target, per point (mean of the hours).
        public var shares: [Double]
        public var mean: Double
        public var minimum: Double
    }
    public struct UnmetKPI: Codable, Sendable {
        /// The need's label: unit type, with the capabilities it must have (`ladder[aerial-32m]`).
        public var unitKind: String
        /// Units of this type asked for.
        public var requested: Int
        /// Asked for when none was free: the call waited.
        public var waited: Int
        /// Still not sent when the period ended.
        public var neverSent: Int
    }
    public struct StockKPI: Codable, Sendable {
        public var item: String
        public var name: String
        public var requested: Double
        public var supplied: Double
        public var shortfall: Double
    }
    public struct DeadlineKPI: Codable, Sendable {
        public var tasks: Int
        public var missed: Int
        /// The missed ones: "plan/step due 14:50, done 15:02 (12 min late)".
        public var missedTasks: [String]
    }
    public struct InjectKPI: Codable, Sendable {
        public var at: String
        public var type: String
        public var level: String
        public var plans: [String]
        public var tasks: Int
        public var firstOnSceneSeconds: Double?
        public var unitsSent: Int
        /// DispatchCore's reason for each unit sent, in the order sent.
        public var dispatchReasons: [String]
        public var evacuation: CityModel.Evacuation?
    }
    public var replication: Int
    public var seed: UInt64
    public var policy: String
    public var events: Int
    public var incidents: Int
    public var streams: [StreamKPI]
    public var standards: [StandardKPI]
    /// Unit type → busy share (dispatch → back at station) over the period.
    public var utilisation: [String: Double]
    public var coverage: [CoverageSeries]
    public var unmet: [UnmetKPI]
    public var stock: [StockKPI]
    public var deadlines: DeadlineKPI
    public var injects: [InjectKPI]
    public var dispatch: DispatchKPI

    /// How often the simulator asked the dispatcher.
    public struct DispatchKPI: Codable, Sendable {
        /// ``DispatchCore/recommend(_:units:)`` calls: one incident's order, or a waiting need when a unit was freed.
        public var recommendations: Int
        /// ``DispatchCore/plan(_:units:)`` calls for calls opened at the same instant, and the incidents they assigned.
        public var jointPlans: Int
        public var jointIncidents: Int
    }
}
